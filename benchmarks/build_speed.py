"""Build-speed benchmark of the quiz blocks, and the speed of `portalkit check`.

Generates a site of N pages with Q quiz blocks each (every block its own bank of 10 questions
of all six types) and builds it in this process with the portalkit plugin, once with the blocks
and once with the same pages without them; and the same pages without blocks or banks, with and
without the plugin; in rounds, each build after a garbage collection, so that one build does not
pay for the garbage of the one before.

Every build is cold, as a `mkdocs build` command's: new plugins, no content cache from an earlier
build. Builds are timed in CPU time (see `clock`).

Prints the milliseconds per block (the median of the rounds' differences), the paired ratios of
the builds against the same pages without the plugin (beside the ratio of two identical builds
without it: the noise of this machine), and the time spent in portalkit's own code: every entry
point MkDocs and Python-Markdown call into it (the plugin's events, the extension's set-up on
each page, the Blocks manager it registers and the postprocessor that puts the blocks in place),
counted once where one calls another, as a share of the same build, by part (content: loading
and checking every bank, checklist and rules file; blocks: rendering them; pages; other). Then a
`mkdocs serve` rebuild after one bank is edited (files read, own time), the import of the plugin
in a fresh process (which a command pays once and the builds here, in one process, do not), the
gzipped size of the runtime, `check` on a site of 10,000 questions, and a verdict per budget (the
share of portalkit's own code is the verdict for the build: stable on a noisy machine, where
the paired ratios beside it are not). `--full` adds rounds and runs every other benchmark.
Usage: python benchmarks/build_speed.py [--pages 100] [--blocks 5] [--runs 5] [--full]
"""

from __future__ import annotations

import argparse
import functools
import gc
import gzip
import io
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Builds are timed in CPU time of this process: a build runs in one thread, so on a quiet machine
# it is the wall-clock time, and on a busy one (five engineers on two cores) it leaves out the
# time other processes held the cores, which made two identical builds differ by 10-15 %.
clock = time.process_time

QUESTIONS = """\
  - id: single-{n}
    type: single
    prompt: 第 {n} 题：收到入党申请书后多久内派人谈话？
    options: [一个月内, 三个月内, {{text: 半年内, feedback: 是一个月内。}}]
    answer: 一个月内
    explain: 《细则》第七条。
    see: index.md#rules
  - id: multiple-{n}
    type: multiple
    prompt: 哪些人须是正式党员？
    options: [入党介绍人, 培养联系人, 发展对象]
    answer: [入党介绍人, 培养联系人]
    explain: 见第九、十四条。
    see: index.md#rules
  - id: truefalse-{n}
    type: truefalse
    prompt: 赞成票按实到会人数计算。
    answer: false
    explain: 按**应到会**人数计算。
    see: index.md#rules
  - id: blank-{n}
    type: blank
    prompt: 经过____以上培养考察。
    answer: [一年, 1年]
    explain: 一年以上。
    see: index.md#rules
  - id: order-{n}
    type: order
    prompt: 排列五个阶段。
    items: [申请入党, 积极分子, 发展对象, 接收预备党员, 转正]
    explain: 五个阶段。
    see: index.md#rules
"""


def bank(n: int) -> str:
    body = QUESTIONS.format(n=f"{n}a") + QUESTIONS.format(n=f"{n}b")
    return f"title: 题库 {n}\npass_mark: 80\nquestions:\n{body}"


def write_site(root: Path, pages: int, blocks: int, with_blocks: bool, plugin: bool = True,
               banks: bool = True) -> Path:
    """`plugin=False`: no portalkit at all; `banks=False`: no question banks."""
    (root / "docs").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "mkdocs.yml").write_text(
        "site_name: bench\ntheme:\n  name: material\n  font: false\n  features: [navigation.prune]\n"
        f"plugins: [{'portalkit' if plugin else ''}]\n"
        "markdown_extensions: [toc, attr_list, admonition]\n", "utf-8")
    (root / "docs" / "index.md").write_text("# 首页\n\n## 规则 {#rules}\n\n正文。\n", "utf-8")
    for p in range(pages):
        parts = [f"# 页面 {p}\n"]
        for b in range(blocks):
            n = p * blocks + b
            if banks:
                (root / "quizzes" / f"bank-{n}.yml").write_text(bank(n), "utf-8")
            parts.append(f"## 第 {b} 节\n\n一些说明文字，介绍本节的要点。\n")
            if with_blocks:
                parts.append(f"/// quiz | bank-{n}\n    mode: exam\n///\n")
        (root / "docs" / f"page-{p}.md").write_text("\n".join(parts), "utf-8")
    return root / "mkdocs.yml"


def fresh_plugins() -> None:
    """The next build creates its plugins anew, as a `mkdocs build` command does. MkDocs keeps a
    plugin that defines `on_startup` for the whole process (that is how `mkdocs serve` keeps the
    portal's content cache across rebuilds): without this, the second build of a site in this
    process would be a serve rebuild that reads no bank, not a cold build."""
    from mkdocs.config.defaults import MkDocsConfig

    MkDocsConfig.plugins.plugin_cache.clear()


def build_once(config_file: Path, *, cold: bool = True) -> float:
    """Seconds of one build; `cold`: with new plugins (no content cache of an earlier build)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if cold:
        fresh_plugins()
    sink = io.StringIO()
    with redirect_stdout(sink), redirect_stderr(sink):
        config = load_config(str(config_file), site_dir=str(config_file.parent / "site"))
        gc.collect()
        started = clock()
        build(config)
        return clock() - started


def runtime_sizes() -> dict[str, int]:
    """Runtime JS + CSS (gzipped) that a page with one kind of block loads, per kind: a page
    loads only the modules of its blocks."""
    from portalkit.assets import FOLDER, MODULES, built_assets

    built = {path: len(gzip.compress(text.encode("utf-8"), 9)) for path, text in built_assets().items()}
    return {kind: sum(built[FOLDER + name] for name in css + js) for kind, (css, js) in MODULES.items() if js}


def check_speed(tmp: Path, questions: int) -> tuple[float, int]:
    from portalkit.check import run_check

    root = tmp / "check"
    (root / "docs").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "mkdocs.yml").write_text("site_name: c\nmarkdown_extensions: [toc, attr_list]\n", "utf-8")
    (root / "docs" / "index.md").write_text("# 首页\n\n## 规则 {#rules}\n", "utf-8")
    banks = questions // 10
    for n in range(banks):
        (root / "quizzes" / f"bank-{n}.yml").write_text(bank(n), "utf-8")
    (root / "docs" / "all.md").write_text(
        "\n".join(f"/// quiz | bank-{n}\n///\n" for n in range(banks)), "utf-8")
    started = clock()  # CPU time, as the builds: `check` runs in one thread too
    log, stats = run_check(root / "mkdocs.yml")
    elapsed = clock() - started
    assert not log.errors, [str(p) for p in log.errors][:3]
    return elapsed, stats["questions"]


# Where portalkit's own time is spent, by the entry points MkDocs and Python-Markdown call: the
# plugin's events (on_config loads and checks every bank, checklist and rules file), the
# extension's set-up on each page, and the Blocks manager it registers (its test of every
# paragraph, its run over each block, which renders it, its tree pass) with the postprocessor that
# puts the blocks' HTML in place. Without the plugin a site has no Blocks manager, so all of it is
# the plugin's cost. A call inside another is counted once (by the outer one).
OWN_PARTS = {
    "content": ("on_config",),
    "blocks": ("BlocksProcessor.test", "BlocksProcessor.run", "BlocksTreeprocessor.run", "BlockHtml.run"),
    "pages": ("on_page_markdown", "on_page_content", "BlocksWhereUsed.extendMarkdown"),
    "other": ("on_files", "on_env", "on_post_build"),
}


def own_time(config_file: Path, runs: int, *, cold: bool = True,
             between: Callable[[], None] | None = None) -> list[tuple[float, float, dict[str, float]]]:
    """(seconds in portalkit's own code, seconds of the same build, seconds per part of
    OWN_PARTS) for each of `runs` builds; `between` runs before each build (a serve rebuild's
    edit)."""
    from pymdownx.blocks import BlocksProcessor, BlocksTreeprocessor

    from portalkit.markdown_blocks import BlockHtml
    from portalkit.mkdocs_plugin import BlocksWhereUsed, PortalkitPlugin

    spent: dict[str, float] = {}
    inside = [False]
    part_of = {name: part for part, names in OWN_PARTS.items() for name in names}

    def timed(owner: type, name: str) -> None:
        method = getattr(owner, name)
        part = part_of[name if owner is PortalkitPlugin else f"{owner.__name__}.{name}"]

        @functools.wraps(method)  # keeps MkDocs' event priorities
        def wrapper(*args: object, **kwargs: object) -> object:
            if inside[0]:
                return method(*args, **kwargs)
            inside[0] = True
            started = clock()
            try:
                return method(*args, **kwargs)
            finally:
                spent[part] = spent.get(part, 0.0) + clock() - started
                inside[0] = False

        setattr(owner, name, wrapper)

    events = ("on_config", "on_files", "on_page_markdown", "on_page_content", "on_env", "on_post_build")
    targets = [(PortalkitPlugin, e) for e in events] + [
        (BlocksWhereUsed, "extendMarkdown"), (BlocksProcessor, "test"), (BlocksProcessor, "run"),
        (BlocksTreeprocessor, "run"), (BlockHtml, "run")]
    originals = [(owner, name, owner.__dict__.get(name)) for owner, name in targets]
    for owner, name in targets:
        timed(owner, name)
    try:
        samples = []
        for _ in range(runs):
            if between:
                between()
            spent.clear()
            total = build_once(config_file, cold=cold)
            samples.append((sum(spent.values()), total, dict(spent)))
    finally:
        for owner, name, method in originals:
            if method is None:  # inherited (extendMarkdown): the wrapper goes, the parent's shows again
                delattr(owner, name)
            else:
                setattr(owner, name, method)
    return samples


def import_time(runs: int = 3) -> tuple[float, float]:
    """Median seconds a fresh process takes to import the plugin, once it has imported what a
    `mkdocs build` command imports before it loads plugins; and then the modules the first page
    with a block imports (pymdownx's Blocks). A command pays them once; the builds above, in one
    process, do not."""
    code = ("import time, mkdocs.commands.build, mkdocs.config.defaults, mkdocs.structure.pages, markdown, jinja2\n"
            "t = time.process_time()\nimport portalkit.mkdocs_plugin\nu = time.process_time()\n"
            "import portalkit.markdown_blocks, portalkit.quiz.render\nprint(u - t, time.process_time() - u)")
    samples = [tuple(map(float, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                               check=True).stdout.split())) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def compose_time(folder: Path, runs: int = 3) -> float:
    """Seconds libyaml (C) takes to read every bank of `folder` into YAML nodes, the least any
    reading of them costs (the node tree, without values, lines or checks): the floor under the
    content part of portalkit's own time."""
    from portalkit.yamlsource import _Composer

    texts = [path.read_text("utf-8") for path in sorted(folder.glob("*.yml"))]
    samples = []
    for _ in range(runs):
        started = clock()
        for text in texts:
            loader = _Composer(text)
            loader.get_single_node()
            loader.dispose()
        samples.append(clock() - started)
    return min(samples)


def serve_rebuild(config_file: Path, runs: int) -> tuple[int, int, float, float]:
    """A `mkdocs serve` rebuild after one bank is edited: (files the plugin parsed, blocks it
    rendered, seconds in portalkit's own code, seconds of the build), medians of `runs` rebuilds."""
    from portalkit.mkdocs_plugin import PortalkitPlugin

    bank_file = config_file.parent / "quizzes" / "bank-0.yml"
    text = bank_file.read_text("utf-8")
    edits = iter(range(1, runs + 1))

    def edit() -> None:
        bank_file.write_text(text.replace("title: 题库 0", f"title: 题库 0（第 {next(edits)} 版）"), "utf-8")

    build_once(config_file)  # the first build of `mkdocs serve`: cold
    reads: list[int] = []
    renders: list[int] = []
    original = PortalkitPlugin.on_env

    def on_env(plugin: PortalkitPlugin, *args: object, **kwargs: object) -> object:
        reads.append(plugin.content_cache.reads)
        renders.append(plugin.render_cache.renders)
        return original(plugin, *args, **kwargs)

    PortalkitPlugin.on_env = functools.wraps(original)(on_env)  # type: ignore[method-assign]
    try:
        samples = own_time(config_file, runs, cold=False, between=edit)
    finally:
        PortalkitPlugin.on_env = original  # type: ignore[method-assign]
        bank_file.write_text(text, "utf-8")
    return (max(reads), max(renders), statistics.median(s[0] for s in samples),
            statistics.median(s[1] for s in samples))


# The other benchmarks, run by --full: each prints its own verdicts and exits 1 when over budget.
OTHERS = [["check_speed.py"], ["report_speed.py"], ["report_page_speed.py"], ["responsiveness.py"],
          ["scores_speed.py"], ["ledger_speed.py"], ["lighthouse.py"], ["linearity.py"]]


class Verdicts:
    """One line per budget, and whether all hold."""

    def __init__(self) -> None:
        self.ok = True

    def __call__(self, name: str, value: float, budget: float, shown: str) -> None:
        within = value <= budget
        self.ok &= within
        print(f"  {'within budget' if within else 'OVER BUDGET':13}  {name}: {shown}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5, help="rounds (default 5; --full: 9)")
    parser.add_argument("--check-questions", type=int, default=10_000)
    parser.add_argument("--full", action="store_true",
                        help="9 rounds, then every other benchmark in benchmarks/ (several minutes)")
    # Sites are built in memory where the system has it: every build writes the whole site
    # (Material's assets too), and a disk's hiccups were the largest part of the noise.
    parser.add_argument("--dir", default="/dev/shm" if Path("/dev/shm").is_dir() else None,
                        help="folder for the generated sites (default: /dev/shm if present)")
    args = parser.parse_args()
    runs = 9 if args.full and args.runs == 5 else args.runs
    logging.disable(logging.WARNING)  # unused banks in the plain variant are warnings
    verdict = Verdicts()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp_name:
        tmp = Path(tmp_name)
        with_blocks = write_site(tmp / "with", args.pages, args.blocks, True)
        without = write_site(tmp / "without", args.pages, args.blocks, False)
        # the plugin's own cost on pages without blocks: the same plain pages, no banks, with and
        # without it; and a second site without it, for the noise of two identical builds
        plain = write_site(tmp / "plain", args.pages, args.blocks, False, banks=False)
        bare = write_site(tmp / "bare", args.pages, args.blocks, False, plugin=False, banks=False)
        bare_again = write_site(tmp / "bare-again", args.pages, args.blocks, False, plugin=False, banks=False)
        sites = {"with": with_blocks, "without": without, "plain": plain, "bare": bare, "bare_again": bare_again}
        for config in sites.values():
            build_once(config)  # warm-up: imports, caches
        times: dict[str, list[float]] = {name: [] for name in sites}
        # the plugin's cost on plain pages is a few per cent of a short build: twice the rounds
        for round_number in range(2 * runs):
            for name, config in sites.items():
                if round_number < runs or name in ("plain", "bare", "bare_again"):
                    times[name].append(build_once(config))

        def paired(x: str, y: str) -> float:
            pairs = list(zip(times[x], times[y], strict=False))
            return statistics.median(a / b for a, b in pairs)

        count = args.pages * args.blocks
        per_block = sorted((w - o) * 1000 / count for w, o in zip(times["with"], times["without"], strict=True))
        quartiles = statistics.quantiles(per_block, n=4) if len(per_block) > 1 else per_block * 3
        a, b = statistics.median(times["with"]), statistics.median(times["without"])
        n = statistics.median(times["bare"])
        # portalkit's own time and the time of the same build, in builds of their own (the
        # wrappers that time it cost a little themselves): the share is that of one build
        own_blocks, own_plain = own_time(with_blocks, runs), own_time(plain, runs)

        def share(samples: list[tuple[float, float, dict[str, float]]]) -> tuple[float, float, float]:
            return (statistics.median(o / t for o, t, _ in samples), statistics.median(o for o, _, _ in samples),
                    statistics.median(t for _, t, _ in samples))

        def parts(samples: list[tuple[float, float, dict[str, float]]]) -> str:
            return ", ".join(f"{part} {statistics.median(p.get(part, 0.0) for _, _, p in samples) * 1000:.1f}"
                             for part in OWN_PARTS)
        print(f"site: {args.pages} pages × {args.blocks} quiz blocks × 10 questions ({count} blocks), "
              f"{runs} rounds ({2 * runs} for the pages without blocks)")
        print(f"median build with blocks:    {a * 1000:8.0f} ms")
        print(f"median build without blocks: {b * 1000:8.0f} ms")
        print(f"median build of the same pages without blocks, banks or plugin: {n * 1000:8.0f} ms")
        print(f"per block: {statistics.median(per_block):.3f} ms (median of the rounds; quartiles "
              f"{quartiles[0]:.3f}–{quartiles[2]:.3f})")
        print(f"paired ratios (beside the verdicts; two identical builds differ by "
              f"{paired('bare_again', 'bare'):.3f}×): with the blocks {paired('with', 'bare'):.3f}× the pages "
              f"without plugin (target 1.10×), plugin on and no block {paired('plain', 'bare'):.3f}× (target 1.02×)")
        share_blocks, share_plain = share(own_blocks), share(own_plain)
        print(f"portalkit's own code (ms, medians) with the blocks: {parts(own_blocks)}; "
              f"pages without blocks: {parts(own_plain)}")
        floor = compose_time(with_blocks.parent / "quizzes")
        print(f"of the content part, libyaml's composing of the {count} banks alone (the least reading them "
              f"costs): {floor * 1000:.0f} ms, {floor / share_blocks[2] * 100:.1f}% of the build")
        reads, rendered, rebuild_own, rebuild = serve_rebuild(with_blocks, max(2, runs // 2))
        print(f"a mkdocs serve rebuild after one bank of {count} is edited: {reads} file(s) read, {rendered} "
              f"block(s) rendered, {rebuild_own * 1000:.0f} ms in portalkit's own code "
              f"of a {rebuild * 1000:.0f} ms build")
        imported, with_blocks_imported = import_time()
        print(f"a mkdocs build command also imports portalkit once (a fresh process; not in the builds above, "
              f"which share one process): {imported * 1000:.0f} ms, and {with_blocks_imported * 1000:.0f} ms more "
              f"where a page has a quiz block (pymdownx's Blocks, the quiz renderer)")
        sizes = runtime_sizes()
        elapsed, questions = check_speed(tmp, args.check_questions)
        print("verdicts:")
        verdict("time in portalkit's own code, with the blocks", share_blocks[0], 0.10,
                f"{share_blocks[1] * 1000:.0f} ms of a {share_blocks[2] * 1000:.0f} ms cold build, "
                f"{share_blocks[0] * 100:.1f}% (budget 10%)")
        verdict("time in portalkit's own code, pages without blocks", share_plain[0], 0.02,
                f"{share_plain[1] * 1000:.1f} ms of a {share_plain[2] * 1000:.0f} ms cold build, "
                f"{share_plain[0] * 100:.1f}% (budget 2%)")
        verdict("per block", statistics.median(per_block), 0.3,
                f"{statistics.median(per_block):.3f} ms (budget 0.3 ms)")
        verdict("runtime JS+CSS gzipped per page", max(sizes.values()) / 1024, 16,
                ", ".join(f"{kind} {size / 1024:.1f} KB" for kind, size in sizes.items()) + " (budget 16 KB)")
        verdict("portalkit check", elapsed if questions >= 10_000 else 0.0, 1.0,
                f"{questions} questions in {elapsed:.2f} s (budget 1 s for 10,000)")
    ok = verdict.ok
    if args.full:
        for other in OTHERS:
            print(f"\n$ python benchmarks/{' '.join(other)}", flush=True)
            ok &= subprocess.run([sys.executable, str(Path(__file__).parent / other[0]), *other[1:]]).returncode == 0
    print("all within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Speed of `portalkit check` on 10,000 questions (budget: ≤ 1 s), without building anything.

Two generated bank sets of the same size:
- plain: the questions of build_speed.py (mostly plain Chinese, the texts repeat across banks);
- markdown: every question different, with bold text, site links with anchors, an https link,
  Markdown in order items and match pairs (nothing is cached across questions); plain link
  targets need no census of what the sanitizer would remove (see richtext._may_need_removal);
- census (worst case, not a budget): the same, each link with an attribute list (`{.ref}`), so
  that every text with a link is converted, sanitized and counted before and after.
Usage: python benchmarks/check_speed.py [--questions 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import bank as plain_bank  # noqa: E402  (a sibling script, not a package)

MARKDOWN_QUESTIONS = """\
  - id: single-{n}
    type: single
    prompt: 第 {n} 题：收到**入党申请书**后多久内派人谈话？见[规则](index.md#rules)。
    options:
      - 一个月内（{n}）
      - "**三个月内**（{n}）"
      - {{text: "半年内（{n}）", feedback: "见[第七条](index.md#rules)。"}}
    answer: 一个月内（{n}）
    explain: 《细则》第七条（第 {n} 题），全文见 [网站](https://www.example.org/{n}.html)。
    hint: 想一想[第一阶段](index.md#rules)的时限（{n}）。
    see: index.md#rules
  - id: order-{n}
    type: order
    prompt: 排列五个阶段（{n}）。
    items: ["**申请入党**{n}", "积极分子{n}", "[发展对象](index.md#rules){n}", "接收预备党员{n}", "转正{n}"]
    explain: 五个阶段，见[流程](index.md#rules)（{n}）。
    see: index.md#rules
  - id: match-{n}
    type: match
    prompt: 配对（{n}）。
    pairs: [["**一年**以上{n}", "培养考察{n}"], ["三个月{n}", "[审批](index.md#rules){n}"]]
    explain: 解析 {n}。
    see: index.md#rules
  - id: truefalse-{n}
    type: truefalse
    prompt: 赞成票按实到会人数计算（{n}）。
    answer: false
    explain: 按**应到会**人数计算（{n}）。
    see: index.md#rules
  - id: blank-{n}
    type: blank
    prompt: 经过____以上培养考察（{n}）。
    answer: [一年, 1年]
    explain: 一年以上（{n}）。
    see: index.md#rules
"""


def markdown_bank(n: int) -> str:
    body = MARKDOWN_QUESTIONS.format(n=f"{n}a") + MARKDOWN_QUESTIONS.format(n=f"{n}b")
    return f"title: 题库 {n}\ndescription: 第 {n} 组，见[规则](index.md#rules)。\nquestions:\n{body}"


def census_bank(n: int) -> str:
    return markdown_bank(n).replace("(index.md#rules)", "(index.md#rules){.ref}")


def write_site(root: Path, questions: int, bank_text: Callable[[int], str]) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "mkdocs.yml").write_text("site_name: c\nmarkdown_extensions: [toc, attr_list]\n", "utf-8")
    (root / "docs" / "index.md").write_text("# 首页\n\n## 规则 {#rules}\n", "utf-8")
    banks = questions // 10  # both generators write 10 questions per bank
    for n in range(banks):
        (root / "quizzes" / f"bank-{n}.yml").write_text(bank_text(n), "utf-8")
    (root / "docs" / "all.md").write_text("\n".join(f"/// quiz | bank-{n}\n///\n" for n in range(banks)), "utf-8")
    return root / "mkdocs.yml"


def time_check(config: Path) -> tuple[float, int]:
    """One `check`. The census of what the sanitizer would remove is cached per text on a
    RichText kept for the whole process: dropped first, so that every run starts cold."""
    from portalkit import richtext
    from portalkit.check import run_check

    richtext._checker.cache_clear()
    started = time.perf_counter()
    log, stats = run_check(config)
    elapsed = time.perf_counter() - started
    assert not log.errors, [str(p) for p in log.errors][:3]
    return elapsed, stats["questions"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for name, bank_text in (("plain", plain_bank), ("markdown", markdown_bank), ("census", census_bank)):
            config = write_site(tmp / name, args.questions, bank_text)
            time_check(config)  # warm-up: imports, libyaml, Markdown extensions
            runs = [time_check(config) for _ in range(args.runs)]
            times = sorted(t for t, _ in runs)
            budget = "worst case" if name == "census" else "budget 1 s"
            print(f"portalkit check, {name:8}: {runs[0][1]} questions, median {statistics.median(times):.2f} s "
                  f"(min {times[0]:.2f} s, max {times[-1]:.2f} s, {args.runs} runs; {budget})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

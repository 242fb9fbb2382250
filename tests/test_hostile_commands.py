"""The commands under attack (issue 15): each hostile file ends with a clear message naming it,
within bounded memory and CPU time (resource limits on the process, not a wall clock), and the
good files are still processed. The files are written by tests/hostile/make_command_corpus.py."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import cmarkgfm
import markdown
import pytest
from docx import Document
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from portalkit.report.aggregate import aggregate
from portalkit.report.read import read_paths

from sites import write_site

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
from make_command_corpus import BANKS, MKDOCS_ALIAS_BOMB, SECRET, WORKBOOKS, report_inputs, workbook  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MEMORY = 1536 * 1024 * 1024  # address space of the command's process
CPU_SECONDS = 120  # CPU time, not wall-clock: the same on a busy machine


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def portalkit(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    # the wall-clock timeout only turns a hang (a FIFO read blocks without using CPU) into a failure
    return subprocess.run([sys.executable, "-m", "portalkit", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=900, preexec_fn=_limits)


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert result.returncode not in (-9, -24, 137, 152), "killed by a resource limit"


def _line(output: str, name: str) -> str:
    return next((line for line in output.splitlines() if name in line), "")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def test_report_reads_the_good_files_and_names_each_hostile_one(corpus: Path) -> None:
    folder = report_inputs(corpus / "report")
    out = corpus / "report" / "out"
    result = portalkit("report", folder, "-o", out, "-f", ROOT / "mkdocs.yml", "--date", "2026-12-02")
    _no_traceback(result)
    assert result.returncode == 1, result.stdout
    said = result.stdout
    for name, words in (("link-to-secret.json", "符号链接"), ("link-to-root", "符号链接"), ("pipe.csv", "不是普通文件"),
                        ("huge-int.json", "数字"), ("many-items.json", "1000"), ("unknown-items.json", "至多计 100 个"),
                        ("unclosed-quote.csv", "第 2 行"),
                        ("year-1.json", "超出可用范围"), ("year-10000.json", "超出可用范围")):
        assert words in _line(said, name), (name, said)
    # nothing from outside the folder is read or quoted, in the console or any file
    written = [p for p in out.iterdir()]
    texts = [said, result.stderr, *(p.read_text("utf-8") for p in written if p.suffix == ".md")]
    texts.append("\n".join(p.text for p in Document(str(out / "report.docx")).paragraphs))
    book = load_workbook(out / "report.xlsx", read_only=True)
    texts.append("\n".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row))
    assert all(SECRET not in text for text in texts)
    # the good runs and the ones with an unusable time are counted
    assert "计入核查记录5条" in said.replace(" ", ""), said


def test_a_right_to_left_override_does_not_make_a_second_organisation(corpus: Path) -> None:
    from portalkit.catalog import load_catalog
    from portalkit.problems import ProblemLog
    from portalkit.project import ProjectLayout

    checklists = load_catalog(ProjectLayout.from_config_file(ROOT / "mkdocs.yml", "docs"), ProblemLog()).checklists
    report = aggregate(read_paths([corpus / "report" / "材料" / "第二党支部"], checklists), checklists)
    assert report.orgs == ["第二党支部"]


@pytest.mark.parametrize("renderer", ["cmark-gfm", "markdown-it+linkify", "Python-Markdown"])
def test_report_md_links_nothing_a_branch_wrote(corpus: Path, renderer: str) -> None:
    text = (corpus / "report" / "out" / "report.md").read_text("utf-8")
    assert "evil.example" in text
    if renderer == "cmark-gfm":
        html = cmarkgfm.github_flavored_markdown_to_html(text)
    elif renderer == "markdown-it+linkify":
        html = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table"]).render(text)
    else:
        html = markdown.markdown(text, extensions=["tables"])
    assert "<a " not in html and "evil.example" in html


@pytest.mark.parametrize("case", sorted(WORKBOOKS))
def test_import_refuses_workbook_bombs_within_bounds(corpus: Path, case: str) -> None:
    path = workbook(corpus / f"wb-{case}", case)
    result = portalkit("import", path, "-o", corpus / f"wb-{case}" / "bank.yml", "-f", ROOT / "mkdocs.yml")
    _no_traceback(result)
    assert result.returncode == 2, result.stdout
    assert path.name in result.stdout, result.stdout
    assert not (corpus / f"wb-{case}" / "bank.yml").exists()


def _site(root: Path, files: dict[str, str]) -> Path:
    return write_site(root, {"docs/index.md": "# 首页\n", **files})


@pytest.mark.parametrize("bank", sorted(BANKS))
def test_check_refuses_what_the_outputs_cannot_carry_or_would_expand(tmp_path: Path, bank: str) -> None:
    text, words = BANKS[bank]
    config = _site(tmp_path, {f"quizzes/{bank}.yml": text, "docs/quiz.md": f"/// quiz | {bank}\n///\n"})
    result = portalkit("check", "-f", config)
    _no_traceback(result)
    assert result.returncode == 1 and f"quizzes/{bank}.yml:" in result.stdout and words in result.stdout, result.stdout


def test_an_alias_bomb_in_mkdocs_yml_does_not_hang_help(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_ALIAS_BOMB, "utf-8")
    result = portalkit("report", "--help", cwd=tmp_path)
    _no_traceback(result)
    assert result.returncode == 0 and "OUTDIR" in result.stdout
    result = portalkit("check", cwd=tmp_path)
    assert result.returncode == 2 and "别名" in result.stdout, result.stdout


@pytest.mark.parametrize(("args", "words"), [
    (("import", "x.xlsx", "-o", "quizzes/nl\n.yml"), "quizzes/nl"),
    (("paper", "stage-1", "-o", "papers", "--variants", "A,a"), "A"),
])
def test_names_that_would_collide_or_smuggle_a_newline_are_refused(tmp_path: Path, args: Sequence[str],
                                                                    words: str) -> None:
    site = tmp_path / "site"
    shutil.copytree(ROOT, site, ignore=shutil.ignore_patterns(".venv", ".git", "site", "site-offline", "tests",
                                                              "*.zip", "__pycache__"))
    result = portalkit(*args, cwd=site)
    _no_traceback(result)
    assert result.returncode == 2 and words in result.stdout, result.stdout
    assert not list((site / "quizzes").glob("nl*")) and not (site / "papers").exists()


def test_a_message_override_with_a_format_spec_is_an_error_at_its_line(tmp_path: Path) -> None:
    config = _site(tmp_path, {})
    text = config.read_text("utf-8").replace("plugins: [search, portalkit]", (
        "plugins:\n  - search\n  - portalkit:\n      messages:\n        report.cut: '{count:0200000000d}'\n"))
    config.write_text(text, "utf-8")
    result = portalkit("check", "-f", config)
    _no_traceback(result)
    assert result.returncode == 1 and "mkdocs.yml:" in result.stdout and "{count:0200000000d}" in result.stdout

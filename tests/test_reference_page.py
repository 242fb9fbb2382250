"""The editors' reference (docs/reference/index.md): in the nav, linked from the README, its
examples valid, and its block examples shown as code, not turned into blocks."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
import yaml

from portalkit.check import run_check

from conftest import ROOT, copy_project

PAGE = ROOT / "docs" / "reference" / "index.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)
FILE_LABEL = re.compile(r"^# 文件：(\S+?\.yml)")


def fenced(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(PAGE.read_text("utf-8")) if lang == language]


def yaml_examples() -> dict[str, str]:
    """Every ```yaml block of the page, by the file it shows (its first line names it)."""
    examples = {}
    for body in fenced("yaml"):
        label = FILE_LABEL.match(body)
        assert label, f"a YAML example must start with “# 文件：quizzes/…yml”:\n{body[:200]}"
        examples[label.group(1)] = body
    return examples


def test_the_page_is_in_the_nav_and_the_readme_links_it() -> None:
    assert PAGE.is_file()
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)  # noqa: S506
    assert {"编辑指南": "reference/index.md"} in config["nav"]
    offline = yaml.load((ROOT / "mkdocs.offline.yml").read_text("utf-8"), Loader=yaml.BaseLoader)  # noqa: S506
    assert "nav" not in offline, "mkdocs.offline.yml has its own nav: add the reference there too"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "docs/reference/index.md" in readme
    assert "/shared" not in readme and "DESIGN.md" not in readme  # a file outside the repository


def test_the_page_shows_every_kind_of_example() -> None:
    examples = yaml_examples()
    banks = [yaml.safe_load(text) for path, text in examples.items() if path.startswith("quizzes/")]
    types = [q["type"] for bank in banks for q in bank.get("questions", [])]
    assert sorted(types) == sorted(["single", "multiple", "truefalse", "blank", "order", "match"])
    assert any("include" in bank for bank in banks), "no composed bank"
    assert any(path.startswith("checklists/") for path in examples)
    assert any(path.startswith("rules/") for path in examples)
    markdown = "\n".join(fenced("markdown"))
    for block in ("/// quiz |", "/// checklist |", "/// mistakes", "/// datecheck | 2014", "/// timelimits | 2014"):
        assert block in markdown, block
    for option in ("mode:", "draw:", "tags:", "shuffle:"):
        assert option in markdown, option


def test_every_example_is_valid_in_the_real_project(tmp_path: Path) -> None:
    """Each YAML example is written where its label says, into a copy of the project, together with
    a page holding the block examples, and `check` must find no error (see links included)."""
    project = copy_project(tmp_path / "portal")
    examples = yaml_examples()
    for path, text in examples.items():
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    blocks = "\n\n".join(fenced("markdown"))
    uses = "\n\n".join(f"/// quiz | {Path(p).stem}\n///" for p in examples if p.startswith("quizzes/"))
    uses += "\n\n" + "\n\n".join(f"/// checklist | {Path(p).stem}\n///" for p in examples if p.startswith("checklists/"))
    (project / "docs" / "examples.md").write_text(f"# 示例\n\n{blocks}\n\n{uses}\n", "utf-8")
    log, stats = run_check(project / "mkdocs.yml")
    assert not log.errors, "\n".join(str(p) for p in log.errors)
    assert not [p for p in log.warnings if any(Path(x).stem in p.file for x in examples)], list(log.warnings)
    assert stats["banks"] >= 11


def test_block_examples_in_code_fences_stay_code(served_site: Path) -> None:
    page = (served_site / "reference" / "index.html").read_text("utf-8")
    assert "data-quiz=" not in page and "data-checklist=" not in page and "portal-error" not in page
    codes = [html_lib.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<pre\b.*?</pre>", page, re.S)]
    assert any("/// quiz | stage-3\n    mode: exam\n    draw: 10\n///" in c for c in codes)
    assert any("/// checklist | dossier\n///" in c for c in codes)
    # the page loads no block runtime: it has no blocks
    assert "portalkit/quiz" not in page and "portalkit/checklist" not in page


@pytest.mark.parametrize("anchor", ["quiz-bank", "question-examples", "composed-bank", "checklist", "rules",
                                    "blocks", "errors"])
def test_the_sections_have_fixed_anchors(anchor: str) -> None:
    assert f"{{#{anchor}}}" in PAGE.read_text("utf-8")

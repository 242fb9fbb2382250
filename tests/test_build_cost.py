"""What the build does not do: no runtime for block kinds no page uses, and a `mkdocs serve`
rebuild reads only the bank that changed; what it still does: a broken bank stops a cold
build and a rebuild from the cache alike. Counted (files shipped, files read), never timed."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from test_checklist import CHECKLIST
from test_quiz_render_build import BANK

from sites import RULES_PAGE

MKDOCS_YML = """\
site_name: cost
theme:
  name: material
  font: false
plugins: [portalkit]
markdown_extensions: [toc, attr_list]
"""
BANKS = 500


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in {"mkdocs.yml": MKDOCS_YML, "docs/rules.md": RULES_PAGE, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root / "mkdocs.yml"


def build_site(config_file: Path) -> Path:
    """One build in this process, as each rebuild of `mkdocs serve` is: MkDocs keeps the plugin
    (and its content cache) from the build before."""
    config = load_config(str(config_file), site_dir=str(config_file.parent / "site"))
    build(config)
    return config_file.parent / "site"


@pytest.fixture(autouse=True)
def fresh_plugins() -> Iterator[None]:
    """Each test starts as a new `mkdocs serve` or `mkdocs build` process does: no plugin kept
    from another test's site."""
    MkDocsConfig.plugins.plugin_cache.clear()
    yield
    MkDocsConfig.plugins.plugin_cache.clear()


@pytest.fixture
def bank_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the bank files read (whole files: the YAML reader's read_bytes)."""
    reads: list[str] = []
    read_bytes = Path.read_bytes

    def counted(path: Path) -> bytes:
        if path.parent.name == "quizzes":
            reads.append(path.name)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    return reads


def runtime_files(site: Path) -> set[str]:
    folder = site / "assets" / "portalkit"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def test_a_site_ships_the_runtime_of_the_block_kinds_its_pages_use_and_no_other(tmp_path: Path) -> None:
    checklists_only = build_site(write(tmp_path / "checklists", {
        "checklists/dossier.yml": CHECKLIST, "docs/index.md": "# 首页\n\n/// checklist | dossier\n///\n"}))
    assert runtime_files(checklists_only) == {"ui.css", "checklist.css", "store.js", "ui.js", "checklist.js"}
    page = (checklists_only / "index.html").read_text("utf-8")
    assert "assets/portalkit/checklist.js" in page and "quiz.js" not in page and "quiz.css" not in page

    quiz = build_site(write(tmp_path / "quiz", {
        "quizzes/basics.yml": BANK, "checklists/dossier.yml": CHECKLIST,
        "docs/index.md": "# 首页\n\n/// quiz | basics\n///\n", "docs/list.md": "# 清单\n\n/// checklist | dossier\n///\n"}))
    assert runtime_files(quiz) == {"ui.css", "quiz.css", "checklist.css", "store.js", "ui.js", "quiz.js", "checklist.js"}
    page = (quiz / "index.html").read_text("utf-8")
    assert all(f"assets/portalkit/{name}" in page for name in ("quiz.js", "quiz.css")) and "checklist.js" not in page

    no_blocks = build_site(write(tmp_path / "plain", {"quizzes/basics.yml": BANK, "docs/index.md": "# 首页\n"}))
    assert runtime_files(no_blocks) == set() and (no_blocks / "index.html").is_file()


def test_a_serve_rebuild_after_one_bank_of_500_is_edited_reads_that_file_alone(
        tmp_path: Path, bank_reads: list[str]) -> None:
    banks = {f"quizzes/bank-{n}.yml": BANK.replace("测试题库", f"题库 {n}") for n in range(BANKS)}
    page = "# 全部\n\n" + "".join(f"/// quiz | bank-{n}\n///\n\n" for n in range(BANKS))
    config = write(tmp_path, {**banks, "docs/index.md": page})
    build_site(config)
    assert len(bank_reads) == BANKS and len(set(bank_reads)) == BANKS, "the first build reads every bank once"

    bank_reads.clear()
    edited = tmp_path / "quizzes" / "bank-123.yml"
    edited.write_text(BANK.replace("测试题库", "题库 123（改）"), "utf-8")
    os.utime(edited, ns=(1, 1))  # a new time even where the clock is coarse
    site = build_site(config)
    assert bank_reads == ["bank-123.yml"]
    assert plugin().render_cache.renders == 1, "one block rendered again, the other 499 taken as they were"
    html = (site / "index.html").read_text("utf-8")
    assert "题库 123（改）" in html and "题库 124" in html, "the edit is on the page, the other banks still are"
    assert html.count('class="portal-quiz"') == BANKS and html.count('data-question="talk"') == BANKS

    bank_reads.clear()
    build_site(config)
    assert bank_reads == [] and plugin().render_cache.renders == 0, "nothing changed: nothing read or rendered"

    # a new page changes the pages' URLs: every block is rendered again, its links with them
    (tmp_path / "docs" / "zzz.md").write_text("# 新页\n", "utf-8")
    build_site(config)
    assert bank_reads == [] and plugin().render_cache.renders == BANKS


def plugin() -> Any:
    """The plugin MkDocs keeps across the builds of this process (as `mkdocs serve` does)."""
    return MkDocsConfig.plugins.plugin_cache["portalkit"]


def test_a_drawn_block_and_a_site_with_its_own_quiz_template_are_rendered_at_every_build(tmp_path: Path) -> None:
    config = write(tmp_path, {"quizzes/basics.yml": BANK, "quizzes/other.yml": BANK,
                              "docs/index.md": "# 首页\n\n/// quiz | basics\n    draw: 1\n///\n\n/// quiz | other\n///\n"})
    build_site(config)
    build_site(config)
    assert plugin().render_cache.renders == 0 and list(plugin().render_cache.entries) == [
        ("quiz", "other", "practice", None, (), False, None, False)], "the drawn block is never kept"

    custom = MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    (tmp_path / "mkdocs.yml").write_text(custom, "utf-8")
    (tmp_path / "overrides" / "portalkit").mkdir(parents=True)
    (tmp_path / "overrides" / "portalkit" / "quiz.html").write_text(
        '<section class="portal-quiz" data-quiz="{{ bank.id }}">自己的模板</section>', "utf-8")
    for _ in range(2):
        html = (build_site(config) / "index.html").read_text("utf-8")
        assert html.count("自己的模板") == 2 and plugin().session.render_cache is None


def test_a_broken_bank_stops_a_cold_build_and_every_rebuild_until_it_is_mended(
        tmp_path: Path, bank_reads: list[str], caplog: pytest.LogCaptureFixture) -> None:
    broken = BANK.replace("answer: 一个月内", "answer: 两个月内")
    config = write(tmp_path, {"quizzes/basics.yml": broken, "quizzes/other.yml": BANK,
                              "docs/index.md": "# 首页\n\n/// quiz | basics\n///\n\n/// quiz | other\n///\n"})
    caplog.set_level(logging.ERROR)
    for build_number in range(2):  # cold, then from the cache with nothing changed
        caplog.clear()
        with pytest.raises(Abort):
            build_site(config)
        assert any("basics.yml" in r.getMessage() and "两个月内" in r.getMessage() for r in caplog.records), \
            (build_number, [r.getMessage() for r in caplog.records])
    assert sorted(bank_reads) == ["basics.yml", "other.yml"], "the rebuild read nothing and still stopped"

    (tmp_path / "quizzes" / "basics.yml").write_text(BANK, "utf-8")
    os.utime(tmp_path / "quizzes" / "basics.yml", ns=(2, 2))
    bank_reads.clear()
    assert (build_site(config) / "index.html").is_file()
    assert bank_reads == ["basics.yml"]

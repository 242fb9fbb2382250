"""The content cache of `mkdocs serve`: a rebuild reads only the YAML files that changed (one
bank of many edited: one file read), reports the same problems as a build from scratch, and
still checks every file's links against the pages of this build."""

from __future__ import annotations

import os
from pathlib import Path

from test_quiz_render_build import BANK

from portalkit.catalog import ContentCache, load_catalog
from portalkit.i18n import Messages
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout

from sites import write_site

BROKEN = BANK.replace("answer: 一个月内", "answer: 两个月内")


def load(root: Path, cache: ContentCache | None, language: str = "zh") -> tuple[object, list[str]]:
    messages = Messages(language)
    log = ProblemLog(display_root=root, messages=messages)
    catalog = load_catalog(ProjectLayout(root, root / "docs"), log, cache)
    return catalog, [p.text(messages) for p in log]


def test_a_rebuild_reads_only_the_file_that_changed(tmp_path: Path) -> None:
    banks = {f"quizzes/bank-{i}.yml": BANK for i in range(20)}
    write_site(tmp_path, {**banks, "quizzes/broken.yml": BROKEN, "docs/index.md": "# 首页\n"})
    cache = ContentCache()
    first, problems = load(tmp_path, cache)
    assert cache.reads == 21 and problems and "broken.yml" in problems[0]
    again, same = load(tmp_path, cache)
    assert cache.reads == 0 and same == problems, "nothing changed: nothing read, the same problems"
    assert set(again.banks) == set(first.banks)

    edited = tmp_path / "quizzes" / "bank-3.yml"
    edited.write_text(BROKEN, "utf-8")
    os.utime(edited, ns=(1, 1))  # a new time even where the clock is coarse
    _, now = load(tmp_path, cache)
    assert cache.reads == 1
    assert now == load(tmp_path, None)[1], "the same problems as a build without the cache"
    assert any("bank-3.yml" in p for p in now)


def test_links_are_checked_again_when_only_a_page_changed(tmp_path: Path) -> None:
    write_site(tmp_path, {"quizzes/basics.yml": BANK, "docs/index.md": "# 首页\n"})
    cache = ContentCache()
    assert load(tmp_path, cache)[1] == []
    (tmp_path / "docs" / "rules.md").write_text("# 规则\n", "utf-8")  # the anchors are gone
    _, problems = load(tmp_path, cache)
    assert cache.reads == 0 and any("#step-7" in p for p in problems)


def test_another_language_reads_everything_again(tmp_path: Path) -> None:
    write_site(tmp_path, {"quizzes/broken.yml": BROKEN, "docs/index.md": "# 首页\n"})
    cache = ContentCache()
    load(tmp_path, cache)
    _, problems = load(tmp_path, cache, "en")
    assert cache.reads == 1 and problems == load(tmp_path, None, "en")[1]

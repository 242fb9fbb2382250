"""Checklists: validation (same machinery as the quiz banks), rendering, and the build."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from portalkit.catalog import load_catalog
from portalkit.checklist.parse import load_checklist
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout

from conftest import ROOT, run_mkdocs_build
from sites import runtime_data, write_site

CHECKLIST = """\
title: 入党材料预审清单
subject: 发展对象
intro: 预审前逐项核对。
sections:
  - title: 材料齐全
    items:
      - id: application-handwritten
        text: 《入党申请书》由本人亲笔书写
        help: 核对笔迹与落款日期。
        see: rules.md#step-7
      - id: quarterly-reports
        text: 思想汇报每季度一次（本单位要求）
        see: rules.md#vote
        required: false
  - title: 时间
    items:
      - id: one-year
        text: 确定积极分子满一年后才确定为发展对象
        see: rules.md#step-7
"""


def load(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "list.yml"
    path.write_text(textwrap.dedent(text), "utf-8")
    log = ProblemLog(display_root=tmp_path)
    load_checklist(path, log)
    return [str(p) for p in log]


def test_a_good_checklist_loads(tmp_path: Path) -> None:
    path = tmp_path / "dossier.yml"
    path.write_text(CHECKLIST, "utf-8")
    log = ProblemLog()
    checklist = load_checklist(path, log)
    assert not log
    assert [i.id for i in checklist.items] == ["application-handwritten", "quarterly-reports", "one-year"]
    assert [i.required for i in checklist.items] == [True, False, True]
    assert checklist.subject == "发展对象"
    assert [i.problem for i in checklist.items] == ["", "", ""]


def test_every_item_of_the_portals_checklists_says_how_it_reads_when_not_met() -> None:
    """The report's 存在的问题 words each problem from `problem:`; the portal's own lists have it all."""
    catalog = load_catalog(ProjectLayout.from_config_file(ROOT / "mkdocs.yml", "docs"), ProblemLog())
    items = [item for checklist in catalog.checklists.values() for item in checklist.items]
    assert len(items) >= 78
    assert all(item.problem for item in items), [item.id for item in items if not item.problem]
    assert len({item.problem for item in items}) == len(items)  # no two items read alike


@pytest.mark.parametrize(("text", "line", "words"), [
    (CHECKLIST.replace("id: one-year", "id: quarterly-reports"), 17, "检查项 id “quarterly-reports”重复（第 11 行已用过）"),
    (CHECKLIST.replace("required: false", "required: 否"), 14, "应为 true 或 false"),
    (CHECKLIST.replace("        help:", "        hlep:"), 9, "未知的键 hlep。是不是想写 help？"),
    (CHECKLIST.replace("subject: 发展对象\n", ""), 1, "缺少必填项 subject"),
    (CHECKLIST.replace("    items:\n      - id: one-year", "    itms:\n      - id: one-year"), 16, "未知的键 itms"),
    (CHECKLIST.replace("text: 《入党申请书》由本人亲笔书写", "text: yes"), 8, "YAML 把它读成了布尔值 true"),
    ("title: 清单\nsubject: 人\nsections: []\n", 3, "分节列表是空的"),
    (CHECKLIST.replace("        help:", "        problem: 申请书" + "代" * 60 + "写\n        help:"), 9, "超过 60 字的上限"),
    (CHECKLIST.replace("        help:", "        problem: 申请书**代写**\n        help:"), 9, "不能有 Markdown 或 HTML 标记"),
    (CHECKLIST.replace("        help:", "        problem: 申请书<b>代写</b>\n        help:"), 9, "不能有 Markdown 或 HTML 标记"),
    (CHECKLIST.replace("        help:", "        problem: 申请书由他人代写。\n        help:"), 9, "不要以“。”结尾"),
    (CHECKLIST.replace("        help:", "        problem: ''\n        help:"), 9, "problem"),
])
def test_a_bad_checklist_gets_a_precise_chinese_message(tmp_path: Path, text: str, line: int, words: str) -> None:
    problems = load(tmp_path, text)
    assert any(p.startswith(f"list.yml:{line}:") and words in p for p in problems), problems


def test_see_targets_of_items_are_checked(tmp_path: Path) -> None:
    (tmp_path / "checklists").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "checklists" / "dossier.yml").write_text(CHECKLIST.replace("rules.md#vote", "rules.md#quorum"), "utf-8")
    (tmp_path / "docs" / "rules.md").write_text("# 规则\n\n## 七 {#step-7}\n", "utf-8")
    log = ProblemLog(display_root=tmp_path)
    load_catalog(ProjectLayout(tmp_path, tmp_path / "docs"), log)
    (problem,) = list(log)
    assert str(problem).startswith("checklists/dossier.yml:13:") and "没有锚点 #quorum" in str(problem)


def test_a_checklist_block_builds_into_readable_html_with_runtime_data(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"checklists/dossier.yml": CHECKLIST,
                                   "docs/index.md": "# 预审\n\n/// checklist | dossier\n///\n"})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert '<section class="portal-checklist" data-search-exclude data-checklist="dossier"' in page
    assert re.findall(r'data-item="([\w-]+)" data-status="unchecked"', page) == [
        "application-handwritten", "quarterly-reports", "one-year"]
    assert '<a class="portal-see" href="rules/#step-7">查看依据</a>' in page
    data = runtime_data(page)
    assert data["subject"] == "发展对象" and len(data["sections"]) == 2
    assert data["sections"][0]["items"][1]["required"] is False


def test_a_broken_checklist_stops_the_build(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"checklists/dossier.yml": CHECKLIST.replace("rules.md#vote", "rules.md#x"),
                                   "docs/index.md": "/// checklist | dossier\n    mode: exam\n///\n"})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "checklists/dossier.yml:13:" in result.stderr and "没有锚点 #x" in result.stderr
    assert "docs/index.md:1:" in result.stderr and "checklist 块没有选项" in result.stderr

"""Date-check rule files (rules/<edition>.yml): validation with file, line and field in Chinese, all
problems at once; the `/// datecheck` and `/// timelimits` blocks; `check` and the build."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from portalkit.catalog import load_catalog
from portalkit.datecheck.parse import load_ruleset
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.session import PortalSession

import sites
from conftest import ROOT, run_mkdocs_build
from sites import runtime_data, write_site

RULES = """\
title: 测试规则
dates:
  - id: activist
    label: 确定为入党积极分子
    column: 确定积极分子日期
  - id: target
    label: 确定为发展对象
  - id: reported
    label: 决议上报
  - id: approval
    label: 审批
rules:
  - id: one-year
    title: 一年以上
    kind: min
    from: activist
    to: target
    amount: 1
    unit: years
    deadline: 最早可确定为发展对象
    message: 一年以上培养考察。
    see: rules.md#step-7
  - id: approval-period
    title: 三个月内审批
    kind: max
    from: reported
    to: approval
    amount: 3
    unit: months
    extended: 6
    message: 三个月内审批，特殊情况不超过六个月。
    see: rules.md#vote
"""


def load(tmp_path: Path, text: str, name: str = "2014.yml") -> tuple[object, list[str]]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), "utf-8")
    log = ProblemLog(display_root=tmp_path)
    ruleset = load_ruleset(path, log)
    return ruleset, [str(p) for p in log]


def test_a_good_rule_file_loads_into_typed_rules(tmp_path: Path) -> None:
    ruleset, problems = load(tmp_path, RULES)
    assert problems == []
    assert ruleset.id == "2014"
    assert [(d.id, d.column) for d in ruleset.dates] == [
        ("activist", "确定积极分子日期"), ("target", "确定为发展对象"), ("reported", "决议上报"), ("approval", "审批")]
    one_year, approval = ruleset.rules
    assert (one_year.kind, one_year.from_, one_year.to, one_year.amount, one_year.unit) == (
        "min", "activist", "target", 1, "years")
    assert (approval.extended, approval.severity, approval.see_line) == (6, "error", 32)


def test_the_real_rule_file_is_valid_and_covers_every_dossier_date() -> None:
    log = ProblemLog()
    ruleset = load_ruleset(ROOT / "rules" / "2014.yml", log)
    assert not log, [str(p) for p in log]
    assert [d.id for d in ruleset.dates] == [
        "birth", "application", "received", "first-talk", "activist", "cultivators", "target", "political-review",
        "training-start", "training-end", "pre-review", "branch-meeting", "reported", "committee-talk",
        "approval", "oath", "probation-end", "conversion-application", "conversion-meeting",
        "conversion-reported", "conversion-approval", "extension", "cancelled"]
    used = ({r.from_ for r in ruleset.rules} | {r.to for r in ruleset.rules} | {s.from_ for s in ruleset.stages}
            | {ruleset.extension.date})
    assert used == {d.id for d in ruleset.dates}, "every date takes part in a rule, a stage or the extension"
    assert [s.id for s in ruleset.stages if s.closed] == ["member", "cancelled"]
    assert {r.event for r in ruleset.rules if r.kind == "every"} == {e.id for e in ruleset.events}
    # the unit's own requirements come from rules/local/2014.yml, never from the edition's file
    assert [r.id for r in ruleset.rules if r.local] == ["thought-report-quarterly"]
    assert "思想汇报" not in (ROOT / "rules" / "2014.yml").read_text("utf-8").split("\nrules:")[1]
    by_id = {r.id: r for r in ruleset.rules}
    assert (by_id["approval-within-3-months"].amount, by_id["approval-within-3-months"].extended) == (3, 6)
    assert by_id["training-length"].severity == "warning"
    assert "本工具的约定" in by_id["probation-one-year"].message
    # rules the 2014 edition does not have are not invented
    text = (ROOT / "rules" / "2014.yml").read_text("utf-8").split("\nrules:")[1]
    assert "公示" not in text and "五个工作日" not in text


# (change to RULES, expected line, words the message must contain)
BAD_RULES = [
    pytest.param(("kind: max", "kind: maximum"), 25, ["rules[1].kind", "未知的规则类型 “maximum”", "是不是 max"],
                 id="unknown-kind"),
    pytest.param(("from: activist", "from: activst"), 16, ["rules[0].from", "“activst”不是 dates 中的日期 id",
                                                           "是不是 activist"], id="unknown-date"),
    pytest.param(("    unit: years\n", ""), 13, ["rules[0].unit", "缺少必填项 unit"], id="missing-unit"),
    pytest.param(("    amount: 1\n", ""), 13, ["rules[0].amount", "缺少必填项 amount"], id="missing-amount"),
    pytest.param(("unit: months", "unit: 月"), 29, ["unit 应为 days（天）、months（月）或 years（年），实际是 “月”"],
                 id="unit-in-chinese"),
    pytest.param(("extended: 6", "extended: 2"), 30, ["extended 应大于 amount（3），实际是 2"], id="extended-too-small"),
    pytest.param(("    deadline: 最早", "    extended: 2\n    deadline: 最早"), 20,
                 ["extended（特殊情况可延长到）只用于 max 规则"], id="extended-on-min"),
    pytest.param(("kind: min", "kind: order"), 18, ["order（先后顺序）规则只比较先后，不用 amount"],
                 id="amount-on-order"),
    pytest.param(("extended: 6", "early: 1"), 30, ["early（提前几天只提醒）只用于 exact 规则"], id="early-on-max"),
    pytest.param(("to: target", "to: activist"), 17, ["from 和 to 是同一个日期"], id="same-date"),
    pytest.param(("id: approval-period", "id: one-year"), 23, ["规则 id “one-year”重复（第 13 行已用过）"],
                 id="duplicate-rule"),
    pytest.param(("  - id: reported", "  - id: target"), 8, ["日期 id “target”重复（第 6 行已用过）"],
                 id="duplicate-date"),
    pytest.param(("    label: 审批\n", "    label: 审批\n    column: 确定积极分子日期\n"), 12,
                 ["CSV 列名 “确定积极分子日期”重复（第 3 行已用过）"], id="duplicate-column"),
    pytest.param(("message: 一年以上培养考察。", "mesage: 一年以上培养考察。"), 21,
                 ["未知的键 mesage", "是不是想写 message"], id="misspelt-key"),
    pytest.param(("    see: rules.md#vote\n", ""), 23, ["rules[1].see", "缺少必填项 see"], id="missing-see"),
    pytest.param(("    deadline: 最早", "    severity: fatal\n    deadline: 最早"), 20,
                 ["severity 应为 error（违反）或 warning（只提醒），实际是 “fatal”"], id="bad-severity"),
    pytest.param(("kind: min\n    from: activist\n    to: target\n    amount: 1\n    unit: years",
                  "kind: duration\n    from: activist\n    to: target\n    amount: 1\n    unit: years"), 19,
                 ["duration（首尾都算的天数）只能按天计算"], id="duration-in-years"),
    pytest.param(("label: 审批", "label: yes"), 11, ["dates[3].label", "布尔值 true", "加上引号"], id="yes-as-label"),
    pytest.param(("amount: 3", "amount: 三"), 28, ["rules[1].amount", "应为整数，实际是文字"], id="amount-in-words"),
    pytest.param(("rules:\n", "rule:\n"), 12, ["未知的键 rule", "是不是想写 rules"], id="misspelt-rules"),
    pytest.param(("kind: min", "kind: every"), 13, ["rules[0].event", "缺少必填项 event"], id="every-without-event"),
    pytest.param(("kind: min", "kind: every\n    event: report"), 16, ["rules[0].event", "“report”不是 events 中的 id"],
                 id="every-unknown-event"),
    pytest.param(("kind: min", "kind: min\n    event: report"), 16, ["rules[0].event", "event 只用于 every"],
                 id="event-on-min"),
    pytest.param(("rules:\n", "stages:\n  - {id: a, label: 甲, from: activst}\nrules:\n"), 13,
                 ["stages[0].from", "“activst”不是 dates 中的日期 id"], id="stage-unknown-date"),
    pytest.param(("rules:\n", "extension: {date: approval, column: 延长, rules: [approval-period], min: 12, max: 6}\nrules:\n"),
                 12, ["max（6）应不小于 min（12）"], id="extension-range"),
    pytest.param(("rules:\n", "events:\n  - {id: target, label: 考察}\nrules:\n"), 13,
                 ["id “target”已用作日期或重复日期"], id="event-id-taken"),
]


@pytest.mark.parametrize("change,line,words", BAD_RULES)
def test_a_wrong_rule_file_names_line_field_and_fix(tmp_path: Path, change: tuple[str, str], line: int,
                                                    words: list[str]) -> None:
    old, new = change
    assert old in RULES
    _, problems = load(tmp_path, RULES.replace(old, new, 1))
    matching = [p for p in problems if all(w in p for w in words)]
    assert matching, problems
    assert matching[0].startswith(f"2014.yml:{line}:"), matching[0]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (RULES.replace("kind: max", "kind: maximum").replace("from: activist", "from: activst")
            .replace("unit: years", "unit: 年").replace("label: 审批", "label: yes"))
    _, problems = load(tmp_path, text)
    assert len(problems) == 4, problems
    assert [p.split(":")[1] for p in problems] == ["11", "16", "19", "25"]


def test_a_file_that_is_not_a_rule_file_says_so(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "- 一\n- 二\n")
    assert problems == ["2014.yml:1:1: 错误: （顶层）：应为键值对（时限规则文件），实际是列表。"]
    _, problems = load(tmp_path, "title: 空\ndates: []\nrules: []\n")
    assert any("2014.yml:2:" in p and "应为非空的日期列表" in p for p in problems), problems


def test_see_targets_are_checked_against_the_pages(tmp_path: Path) -> None:
    write_site(tmp_path, {"rules/2014.yml": RULES.replace("rules.md#vote", "rules.md#nope"),
                          "rules/Bad_Name.yml": RULES, "docs/index.md": "# 首页\n"})
    log = ProblemLog(display_root=tmp_path)
    catalog = load_catalog(ProjectLayout(tmp_path, tmp_path / "docs"), log)
    problems = [str(p) for p in log]
    assert "2014" in catalog.rulesets
    assert any(p.startswith("rules/2014.yml:32:") and "approval-period.see" in p and "没有锚点 #nope" in p
               for p in problems), problems
    assert any("Bad_Name.yml" in p and "不能作时限规则的 id" in p for p in problems), problems


# ---------------------------------------------------------------- blocks


@pytest.fixture
def session(tmp_path: Path) -> PortalSession:
    write_site(tmp_path, {"rules/2014.yml": RULES, "docs/index.md": "# 首页\n"})
    return PortalSession(ProjectLayout(tmp_path, tmp_path / "docs"), site_name="测试站点")


def convert(session: PortalSession, source: str, src: str = "tools/datecheck.md") -> str:
    return sites.convert(session, source, src)


def test_the_datecheck_block_renders_rules_without_javascript_and_data_for_the_runtime(
        session: PortalSession) -> None:
    html = convert(session, "# 日期核对\n\n/// datecheck | 2014\n///\n")
    assert session.log.items == []
    root = re.search(r"<section [^>]*>", html).group()
    assert 'class="portal-datecheck"' in root and 'data-datecheck="2014"' in root
    assert "data-search-exclude" in root and f'data-store="{session.store}"' in root
    assert html.count("<section") == 1, "no nested <section> (Material's search parser)"
    static = re.search(r'<div class="portal-dc__static">(.*?)</div>', html, re.S).group(1)
    assert "一年以上培养考察。" in static and "“确定为发展对象”不早于“确定为入党积极分子”满 1 年的那一天" in static
    assert 'href="../../rules/#step-7"' in static
    data = runtime_data(html)
    assert data["edition"] == "2014" and data["name"] == "姓名"
    assert data["dates"][0] == {"id": "activist", "label": "确定为入党积极分子", "column": "确定积极分子日期"}
    approval = data["rules"][1]
    assert {k: approval[k] for k in ("kind", "from", "to", "amount", "unit", "extended")} == {
        "kind": "max", "from": "reported", "to": "approval", "amount": 3, "unit": "months", "extended": 6}
    assert approval["see"] == "../../rules/#vote"
    # every date has a labelled input in the form the runtime clones
    ui = re.search(r'<template class="portal-dc__ui">(.*?)</template>', html, re.S).group(1)
    for date_id in ("activist", "target", "reported", "approval"):
        assert re.search(rf'<label for="q1-{date_id}">', ui) and f'id="q1-{date_id}"' in ui


def test_the_timelimits_block_is_a_table_generated_from_the_same_rules(session: PortalSession) -> None:
    html = convert(session, "# 时限\n\n/// timelimits | 2014\n///\n", src="procedures/time-limits.md")
    assert session.log.items == []
    rows = re.findall(r'<tr id="rule-([\w-]+)">(.*?)</tr>', html, re.S)
    assert [r[0] for r in rows] == ["one-year", "approval-period"]
    approval = re.sub(r"<[^>]+>", "|", rows[1][1])
    assert "三个月内审批" in approval and "超过 3 个月、不超过 6 个月的只给提醒，超过 6 个月为违反" in approval
    assert 'href="../../rules/#vote"' in rows[1][1]
    assert "2024 年 2 月 29 日加一年是 2025 年 2 月 28 日" in html


@pytest.mark.parametrize("source,message", [
    ("/// datecheck | 2015\n///\n", "找不到 rules/2015.yml。是不是 2014？"),
    ("/// datecheck\n///\n", "datecheck 块缺少 id"),
    ("/// timelimits | 2014\n    edition: 2014\n///\n", "timelimits 块没有选项，不认识 “edition”"),
])
def test_a_wrong_block_is_an_error_with_page_and_line(session: PortalSession, source: str, message: str) -> None:
    html = convert(session, "# 页\n\n" + source)
    problems = [str(p) for p in session.log]
    assert any(p.startswith("docs/tools/datecheck.md:3:") and message in p for p in problems), problems
    assert "///" not in html


def test_check_reports_rule_file_errors_and_an_unused_rule_file(tmp_path: Path) -> None:
    write_site(tmp_path, {"rules/2014.yml": RULES.replace("unit: months", "unit: 月"), "rules/2020.yml": RULES,
                          "docs/index.md": "/// timelimits | 2014\n///\n"})
    result = subprocess.run([sys.executable, "-m", "portalkit", "check"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    out = result.stdout
    assert result.returncode == 1, out
    assert "rules/2014.yml:29:" in out and "实际是 “月”" in out
    assert "rules/2020.yml: 提醒: 没有任何页面使用它" in out
    assert "Traceback" not in out + result.stderr


def test_a_broken_rule_file_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"rules/2014.yml": RULES.replace("kind: max", "kind: maximum"),
                                   "docs/index.md": "# 核对\n\n/// datecheck | 2014\n///\n"})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "rules/2014.yml:25:" in result.stderr and "未知的规则类型 “maximum”" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_the_real_site_generates_the_time_limits_page_and_the_checker_from_one_file(served_site: Path) -> None:
    log = ProblemLog()
    ruleset = load_ruleset(ROOT / "rules" / "2014.yml", log)
    page = (served_site / "procedures" / "time-limits" / "index.html").read_text("utf-8")
    tool = (served_site / "tools" / "datecheck" / "index.html").read_text("utf-8")
    assert re.findall(r'<tr id="rule-([\w-]+)">', page) == [r.id for r in ruleset.rules]
    data = runtime_data(tool)
    # the checker applies every rule, the recurring duties and the unit's own too
    assert [r["id"] for r in data["rules"]] == [r.id for r in ruleset.rules]
    assert {r["id"] for r in data["rules"] if r.get("local")} == {r.id for r in ruleset.rules if r.local} != set()
    assert [e["id"] for e in data["events"]] == [e.id for e in ruleset.events]
    assert data["extension"]["rules"] == ruleset.extension.rules
    # the unit's own requirements stand apart, after the edition's rules, under their own title
    local = page.split('class="portal-timelimits__local"')[1]
    assert re.findall(r'<tr id="rule-([\w-]+)">', local) == [r.id for r in ruleset.rules if r.local]
    assert "本单位要求" in page.split('id="local-rules"')[1][:200]
    for html in (page, tool):
        assert "依据 2014 年版《中国共产党发展党员工作细则》" in html and "以现行有效版本为准" in html
    assert "assets/portalkit/datecheck.js" in tool and "assets/portalkit/datecheck.css" in tool
    # the time limits are searchable; the checker's copy is not
    index = json.loads((served_site / "search" / "search_index.json").read_text("utf-8"))
    text = {doc["location"]: doc["text"].replace("\u200b", "") for doc in index["docs"]}
    assert "应在三个月内审批" in text["procedures/time-limits/"]
    assert "应在三个月内审批" not in text["tools/datecheck/"]

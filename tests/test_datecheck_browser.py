"""The dossier date checker in Chromium: the shared vectors through the runtime, the form (typing,
findings, deadlines, reload, clearing), the CSV batch (template, bad cells, export, GBK), storage
failure, instant navigation and axe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from test_accessibility import violations
from test_datecheck_vectors import expected_findings

from portalkit.datecheck.parse import load_ruleset
from portalkit.i18n import ZH
from portalkit.ledger.columns import template_header
from portalkit.problems import ProblemLog

from conftest import ROOT, SERVER_URL, StaticServer

pytestmark = pytest.mark.browser
VECTORS = yaml.safe_load((Path(__file__).parent / "datecheck_vectors.yml").read_text("utf-8"))
RULESET = load_ruleset(ROOT / "rules" / "2014.yml", ProblemLog())
TOOL = SERVER_URL + "tools/datecheck/"
DATA = "JSON.parse(document.querySelector('[data-datecheck] > .portal-data').content.textContent)"


def open_tool(page) -> None:
    page.goto(TOOL)
    page.locator(".portal-dc__form input").first.wait_for()


def finding(page, rule: str):
    return page.locator(f".portal-dc__list [data-rule='{rule}']")


def test_the_runtime_passes_every_shared_vector(page, static_server: StaticServer) -> None:
    open_tool(page)
    result = page.evaluate(f"""vectors => {{
        const data = {DATA}, dc = window.portalDatecheck;
        return {{
            rules: data.rules.map(r => [r.id, r.from, r.to]),
            months: vectors.add_months.map(([s, n]) => dc.addMonths(s, n)),
            parse: vectors.parse.map(([text]) => dc.parse(text)),
            dossiers: vectors.dossiers.map(v => dc.evaluate(data, v.dates, v.events, v.extension, vectors.today)),
        }};
    }}""", {k: VECTORS[k] for k in ("add_months", "parse", "today")} | {
        "dossiers": [{"dates": {k: str(v) for k, v in d["dates"].items()},
                      "events": {k: [str(x) for x in v] for k, v in d.get("events", {}).items()},
                      "extension": d.get("extension")} for d in VECTORS["dossiers"]]})
    assert result["months"] == [v[2] for v in VECTORS["add_months"]]
    for (text, expected, message), (value, *error) in zip(VECTORS["parse"], result["parse"], strict=True):
        assert (value or None) == expected, text
        assert (message in error[0]) if message else not error, (text, error)
    assert len(result["dossiers"]) == len(VECTORS["dossiers"]) >= 40
    assert [r[0] for r in result["rules"]] == [r.id for r in RULESET.rules]
    for vector, findings in zip(VECTORS["dossiers"], result["dossiers"], strict=True):
        assert {f["id"]: f["status"] for f in findings} == expected_findings(vector, RULESET), vector["name"]
        by_id = {f["id"]: f for f in findings}
        for rule, bound in vector.get("bounds", {}).items():
            assert by_id[rule]["bound"] == str(bound), (vector["name"], rule)
        for rule, bound in vector.get("extended", {}).items():
            assert by_id[rule]["ext"] == str(bound), (vector["name"], rule)


def test_typing_dates_in_three_formats_updates_findings_deadlines_and_survives_reload(
        page, static_server: StaticServer) -> None:
    open_tool(page)
    assert "还没有填写日期" in page.locator(".portal-dc__summary").inner_text()
    activist = page.get_by_label("确定为入党积极分子", exact=True)
    activist.press_sequentially("2023-06-15")  # typed key by key, as a reader would
    target = page.get_by_label("确定为发展对象", exact=True)
    target.fill("2024/6/14")
    rule = finding(page, "one-year-cultivation")
    assert rule.get_attribute("data-status") == "broken"
    assert "违反" in rule.inner_text() and "应不早于 2024-06-15" in rule.inner_text()
    assert rule.locator("a").get_attribute("href").endswith("procedures/stage-3/#step-7")
    assert "违反 1 条" in page.locator(".portal-dc__summary").inner_text()
    assert "最早可确定为发展对象：2024-06-15" in page.locator(".portal-dc__deadlines").inner_text()
    target.fill("2024年6月15日")
    assert rule.get_attribute("data-status") == "met"
    # the list puts breaches first
    page.get_by_label("递交入党申请书", exact=True).fill("2023/6/16")
    assert page.locator(".portal-dc__list > li").first.get_attribute("data-rule") == "activist-after-application"
    # approval after a 30 November report: the deadlines follow the month-end rule
    page.get_by_label("接收决议报上级党委", exact=True).fill("2024-11-30")
    page.get_by_label("上级党委批准为预备党员", exact=True).fill("2025-03-01")
    assert finding(page, "approval-within-3-months").get_attribute("data-status") == "warning"
    assert "最迟审批日期：2025-02-28（特殊情况 2025-05-30）" in page.locator(".portal-dc__deadlines").inner_text()
    # a date that cannot be read says why, next to the field, and the rule cannot be checked
    birth = page.get_by_label("出生日期", exact=True)
    birth.fill("2005-02-29")
    assert birth.get_attribute("aria-invalid") is None, "no complaint while still typing"
    birth.press("Tab")
    assert birth.get_attribute("aria-invalid") == "true"
    assert page.locator(f"#{birth.get_attribute('aria-describedby')}").inner_text() == \
        "“2005-02-29”不是有效日期：2005年2月只有 28 天。"
    assert finding(page, "age-18").get_attribute("data-status") == "unknown"
    assert "缺少日期：出生日期" in finding(page, "age-18").inner_text()
    birth.fill("2005年2月28日")
    assert finding(page, "age-18").get_attribute("data-status") == "met"

    page.reload()
    page.locator(".portal-dc__form input").first.wait_for()
    assert page.get_by_label("确定为发展对象", exact=True).input_value() == "2024年6月15日"
    assert page.get_by_label("出生日期", exact=True).input_value() == "2005年2月28日"
    assert finding(page, "approval-within-3-months").get_attribute("data-status") == "warning"
    assert finding(page, "activist-after-application").get_attribute("data-status") == "broken"

    page.evaluate("localStorage.setItem(Object.keys(localStorage).find(k => k.includes(':datecheck:')) + ':corrupt', '{')")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="清除本机数据").click()
    assert page.get_by_label("确定为发展对象", exact=True).input_value() == ""
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes(':datecheck:'))") == []
    page.reload()
    page.locator(".portal-dc__form input").first.wait_for()
    assert page.get_by_label("确定为入党积极分子", exact=True).input_value() == ""


def test_the_csv_template_downloads_with_the_columns_of_the_rule_file(page, static_server: StaticServer) -> None:
    open_tool(page)
    columns = page.evaluate(f"{DATA}.dates.map(d => d.column)")
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 CSV 模板").click()
    download = info.value
    assert download.suggested_filename == "入党材料日期核对模板.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads UTF-8"
    # the ledger's format: the dates, the extension's length after its decision date, the recurring dates
    assert raw.decode("utf-8-sig").splitlines() == [",".join(template_header(RULESET))]
    head = template_header(RULESET)
    assert [c for c in head if c in columns] == columns
    assert head[-2:] == ["考察日期", "思想汇报日期"] and head[head.index("延长预备期决定日期") + 1] == "延长预备期（月）"


BRANCH = """姓名,申请日期,确定积极分子日期,确定发展对象日期,支部大会日期,预备期满日期,备注
张三,2022-01-10,2022-03-01,2023-02-28,2023-06-20,2024-06-20,
李四,2022-01-10,2022-02-30,2023/3/1,2023-06-20,2024-06-19,
王五,2022年1月10日,2022年3月1日,2023年3月1日,,,
"""


def _read_csv(path: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(Path(path).read_bytes().decode("utf-8-sig"))))


def test_a_branch_csv_gives_per_cell_messages_a_table_and_an_export(page, static_server: StaticServer,
                                                                   tmp_path: Path) -> None:
    open_tool(page)
    file = tmp_path / "branch.csv"
    file.write_text(BRANCH, "utf-8")
    page.locator(".portal-dc__file").set_input_files(str(file))
    summary = page.locator(".portal-dc__bsum")
    summary.filter(has_text="共 3 人").wait_for()
    assert "已读取文件 branch.csv" in summary.inner_text()
    assert "1 人有违反的规则，1 人只有提醒，1 人有无法读取的日期" in summary.inner_text()
    problems = page.locator(".portal-dc__problems li").all_inner_texts()
    assert "第 1 行：不认识的列名“备注”，已忽略（列名见 CSV 模板）。" in problems
    assert "第 3 行“确定积极分子日期”列：“2022-02-30”不是有效日期：2022年2月只有 28 天。" in problems
    rows = page.locator(".portal-dc__batch tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).locator("td").all_inner_texts() == ["2", "张三", "一年以上培养考察", "无", "无", "25", "无"]
    assert rows.nth(1).locator("td").all_inner_texts() == ["3", "李四", "无", "预备期一年", "无", "27", "确定积极分子日期"]
    assert rows.nth(2).locator("td").all_inner_texts() == ["4", "王五", "无", "无", "无", "26", "无"]

    with page.expect_download() as info:
        page.get_by_role("button", name="导出核对结果（CSV）").click()
    assert info.value.suggested_filename == "入党材料日期核对结果（2014 年版规则）.csv"
    exported = _read_csv(info.value.path())
    assert exported[0] == ["行", "姓名", "违反的规则", "提醒", "本单位要求", "无法核对的规则数（缺少日期）", "无法读取的日期"]
    assert exported[1:] == [r.locator("td").all_inner_texts() for r in rows.all()]

    # a batch holds personal data: kept on this computer only when the reader asks
    stored = "Object.values(localStorage).join('')"
    assert "张三" not in page.evaluate(stored)
    page.reload()
    page.locator(".portal-dc__form input").first.wait_for()
    assert page.locator(".portal-dc__batch tbody tr").count() == 0
    page.locator(".portal-dc__file").set_input_files(str(file))
    page.get_by_label("在本机记住这份表格").check()
    assert "张三" in page.evaluate(stored)
    page.reload()
    page.locator(".portal-dc__batch tbody tr").first.wait_for()
    assert page.locator(".portal-dc__batch tbody tr").count() == 3
    assert page.get_by_label("在本机记住这份表格").is_checked()
    page.get_by_label("在本机记住这份表格").uncheck()
    assert "张三" not in page.evaluate(stored)


def test_a_gbk_csv_from_chinese_excel_and_a_pasted_table_are_read(page, static_server: StaticServer) -> None:
    open_tool(page)
    text = "姓名,确定积极分子日期,确定发展对象日期\r\n赵六,2023/3/1,2024/2/29\r\n"
    page.locator(".portal-dc__file").set_input_files(
        {"name": "支部.csv", "mimeType": "text/csv", "buffer": text.encode("gbk")})
    page.locator(".portal-dc__bsum").filter(has_text="共 1 人").wait_for()
    assert page.locator(".portal-dc__batch tbody td").all_inner_texts()[:3] == ["2", "赵六", "一年以上培养考察"]
    assert page.locator(".portal-dc__paste").input_value().startswith("姓名,确定积极分子日期")
    # copied from Excel: tab-separated
    page.locator(".portal-dc__paste").fill("姓名\t确定积极分子日期\t确定发展对象日期\n钱七\t2023/3/1\t2024/3/1\n")
    page.get_by_role("button", name="核对表格").click()
    assert page.locator(".portal-dc__batch tbody td").all_inner_texts() == ["2", "钱七", "无", "无", "无", "27", "无"]
    page.locator(".portal-dc__paste").fill("这不是表格\n")
    page.get_by_role("button", name="核对表格").click()
    assert "第 1 行应为列名" in page.locator(".portal-dc__bsum").inner_text()
    assert page.locator(".portal-dc__batch table").count() == 0
    assert page.get_by_role("button", name="导出核对结果（CSV）").is_hidden()


def test_broken_storage_shows_a_warning_and_the_checker_keeps_working(page, static_server: StaticServer) -> None:
    page.add_init_script("Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }")
    open_tool(page)
    page.get_by_label("确定为入党积极分子", exact=True).fill("2023-06-15")
    page.get_by_label("确定为发展对象", exact=True).fill("2024-06-15")
    assert "无法保存到本机浏览器" in page.locator(".portal-banner--storage").inner_text()
    assert finding(page, "one-year-cultivation").get_attribute("data-status") == "met"


def test_instant_navigation_starts_the_checker_once(page, static_server: StaticServer) -> None:
    page.goto(SERVER_URL + "checks/")
    page.evaluate("window.__portalMarker = 1")
    page.locator("nav a[href$='tools/datecheck/']").first.click()
    page.locator(".portal-dc__form input").first.wait_for()
    assert page.evaluate("window.__portalMarker") == 1, "the page was reloaded"
    assert page.locator(".portal-dc__form").count() == 1
    page.get_by_label("确定为入党积极分子", exact=True).fill("2023-06-15")
    assert page.locator(".portal-dc__list [data-rule='one-year-cultivation']").count() == 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_checker_has_no_axe_violations(browser, static_server: StaticServer, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    open_tool(page)
    page.get_by_label("确定为入党积极分子", exact=True).fill("2023-06-15")
    page.get_by_label("确定为发展对象", exact=True).fill("2024-06-14")
    page.get_by_label("出生日期", exact=True).fill("2023-02-30")
    page.get_by_label("党支部考察入党积极分子", exact=True).fill("2023-12-15；2024-02-30")
    page.get_by_label("提交思想汇报（本单位要求）", exact=True).fill("2023-09-15")
    page.get_by_label("延长预备期（月）", exact=True).fill("两年")
    page.get_by_label("延长预备期（月）", exact=True).press("Tab")
    page.locator(".portal-dc__paste").fill(BRANCH)
    page.get_by_role("button", name="核对表格").click()
    found = {"datecheck": violations(page)}
    page.goto(SERVER_URL + "procedures/time-limits/")
    found["time-limits"] = violations(page)
    context.close()
    assert found == {k: [] for k in found}


def test_a_ledger_pasted_into_the_checker_is_read_by_its_other_column_names(page, static_server: StaticServer) -> None:
    """The ledger's format is the batch's: column aliases are understood, its recurring dates and the
    extension's length (the ledger's own columns) are not called unknown."""
    open_tool(page)
    page.locator(".portal-dc__paste").fill("姓名,列为积极分子日期,确定为发展对象日期,考察日期,延长预备期（月）,备注\n"
                                           "钱七,2023/3/1,2024/2/1,2023-09-01；2024-01-30,,\n")
    page.get_by_role("button", name="核对表格").click()
    page.locator(".portal-dc__batch tbody tr").first.wait_for()
    problems = page.locator(".portal-dc__problems li").all_inner_texts()
    assert problems == ["第 1 行：不认识的列名“备注”，已忽略（列名见 CSV 模板）。"]
    assert page.locator(".portal-dc__batch tbody tr").first.locator("td").nth(2).inner_text() == "一年以上培养考察"


STORE_KEY = "document.querySelector('[data-datecheck]').dataset.store + ':datecheck:2014'"


def test_recurring_dates_and_an_extension_in_the_form_are_checked_and_a_version_2_record_is_migrated(
        page, static_server: StaticServer) -> None:
    open_tool(page)
    key = page.evaluate(STORE_KEY)
    old = {"v": 2, "dates": {"activist": {"v": "2023-01-31", "t": 5}, "target": {"v": "2024-02-01", "t": 5}},
           "csv": {"v": "姓名,申请日期\n张三,2024-01-02\n", "t": 5}, "keep": {"v": True, "t": 5}}
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [key, old])
    page.reload()
    page.locator(".portal-dc__form input").first.wait_for()
    # nothing the previous version stored is lost; the record is rewritten in version 3
    assert page.get_by_label("确定为入党积极分子", exact=True).input_value() == "2023-01-31"
    assert page.locator(".portal-dc__paste").input_value() == old["csv"]["v"]
    stored = page.evaluate("k => JSON.parse(localStorage.getItem(k))", key)
    assert stored["v"] == 3 and stored["dates"] == old["dates"] and stored["csv"] == old["csv"]
    assert stored["keep"] == old["keep"] and stored["events"] == {}
    assert page.evaluate("k => localStorage.getItem(k + ':corrupt')", key) is None
    assert page.locator(".portal-banner--corrupt").count() == 0

    rule = finding(page, "assessment-half-yearly")
    assert rule.get_attribute("data-status") == "unknown"
    assert "缺少日期：党支部考察入党积极分子" in rule.inner_text()
    assessment = page.get_by_label("党支部考察入党积极分子", exact=True)
    assessment.fill("2023-08-01；2024-01-20")
    assert rule.get_attribute("data-status") == "broken" and "下一次应不晚于 2023-07-31" in rule.inner_text()
    assert rule.inner_text().startswith("违反 每半年考察一次（《细则》第十一条）："), "a breach names its article"
    assert rule.locator("a").get_attribute("href").endswith("procedures/stage-2/#step-6")
    assessment.fill("2023-07-31、2024-01-20")
    assert rule.get_attribute("data-status") == "met"
    # the unit's own rule: marked, in a list of its own after the edition's
    local = page.locator(".portal-dc__list").nth(1).locator("[data-rule='thought-report-quarterly']")
    assert "本单位要求（不是《细则》的规定）" in page.locator(".portal-dc__local").inner_text()
    assert page.locator(".portal-dc__list").first.locator("[data-rule='thought-report-quarterly']").count() == 0
    report = page.get_by_label("提交思想汇报（本单位要求）", exact=True)
    report.fill("2023-04-30；2023-07-30；2023-10-30；2024-01-30")
    assert local.get_attribute("data-status") == "met"
    assert "每季度一次思想汇报（本单位要求）" in local.inner_text()
    report.fill("2023-04-30；2023-07-31")
    assert local.get_attribute("data-status") == "broken" and "下一次应不晚于 2023-07-30" in local.inner_text()
    report.fill("2023-04-30；2023-02-30")
    report.press("Tab")
    assert report.get_attribute("aria-invalid") == "true"
    assert "2023年2月只有 28 天" in page.locator(f"#{report.get_attribute('aria-describedby').split()[-1]}").inner_text()
    # an extension of six months moves the conversion meeting's earliest day
    page.get_by_label("支部大会通过为预备党员", exact=True).fill("2024-08-31")
    page.get_by_label("决定延长预备期", exact=True).fill("2025-09-05")
    length = page.get_by_label("延长预备期（月）", exact=True)
    length.fill("半年")
    page.get_by_label("支部大会讨论转正", exact=True).fill("2026-02-27")
    conversion = finding(page, "conversion-meeting-after-probation")
    assert conversion.get_attribute("data-status") == "broken" and "应不早于 2026-02-28" in conversion.inner_text()
    length.fill("13")
    length.press("Tab")
    assert "延长预备期应为 6 至 12 个月" in page.locator(f"#{length.get_attribute('aria-describedby')}").inner_text()
    assert conversion.get_attribute("data-status") == "met", "a length that cannot be read extends nothing"

    page.reload()
    page.locator(".portal-dc__form input").first.wait_for()
    assert page.get_by_label("党支部考察入党积极分子", exact=True).input_value() == "2023-07-31、2024-01-20"
    assert page.get_by_label("提交思想汇报（本单位要求）", exact=True).input_value() == "2023-04-30；2023-02-30"
    assert page.get_by_label("延长预备期（月）", exact=True).input_value() == "13"
    stored = page.evaluate("k => JSON.parse(localStorage.getItem(k))", key)
    assert stored["events"]["assessment"]["v"] == "2023-07-31、2024-01-20" and stored["length"]["v"] == "13"
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="清空表单").click()
    assert page.get_by_label("党支部考察入党积极分子", exact=True).input_value() == ""
    assert page.get_by_label("延长预备期（月）", exact=True).input_value() == ""


RECURRING = """姓名,确定积极分子日期,确定发展对象日期,考察日期,思想汇报日期,支部大会日期,延长预备期决定日期,延长预备期（月）,转正大会日期
甲,2023-01-31,2024-02-01,2023-08-01；2024-01-20,2023-04-30；2023-07-30；2023-10-30；2024-01-30,,,,
乙,2023-03-01,2024-03-01,,2023-05-01,,,,
丙,,,,,2024-08-31,2025-09-05,半年,2026-02-27
丁,,,,,2024-08-31,2025-09-05,两年,2025-09-01
"""


def test_a_batch_in_the_ledgers_format_checks_recurring_duties_and_extensions(page, static_server: StaticServer) -> None:
    open_tool(page)
    page.locator(".portal-dc__paste").fill(RECURRING)
    page.get_by_role("button", name="核对表格").click()
    summary = page.locator(".portal-dc__bsum")
    summary.filter(has_text="共 4 人").wait_for()
    assert "3 人有违反的规则，0 人只有提醒，1 人有无法读取的日期。1 人未达到本单位要求。" in summary.inner_text()
    assert page.locator(".portal-dc__problems li").all_inner_texts() == [
        "第 5 行“延长预备期（月）”列：延长预备期应为 6 至 12 个月，写成“6个月”“半年”“一年”或月数，实际是“两年”。"]
    head = page.locator(".portal-dc__batch thead th").all_inner_texts()
    cells = {r.locator("td").nth(1).inner_text(): dict(zip(head, r.locator("td").all_inner_texts(), strict=True))
             for r in page.locator(".portal-dc__batch tbody tr").all()}
    assert cells["甲"]["违反的规则"] == "每半年考察一次" and cells["甲"]["本单位要求"] == "无"
    # a column with an empty cell: no assessment recorded in a year as an activist
    assert cells["乙"]["违反的规则"] == "每半年考察一次" and cells["乙"]["本单位要求"] == "每季度一次思想汇报（违反）"
    assert cells["丙"]["违反的规则"] == "预备期满后讨论转正"
    assert cells["丁"]["违反的规则"] == "无" and cells["丁"]["无法读取的日期"] == "延长预备期（月）"
    with page.expect_download() as info:
        page.get_by_role("button", name="导出核对结果（CSV）").click()
    exported = _read_csv(info.value.path())
    assert exported[0] == ["行", "姓名", "违反的规则", "提醒", "本单位要求", "无法核对的规则数（缺少日期）", "无法读取的日期"]
    assert exported[1:] == [r.locator("td").all_inner_texts() for r in page.locator(".portal-dc__batch tbody tr").all()]


def test_python_and_the_page_read_a_recurring_cell_and_an_extension_length_alike(page, static_server: StaticServer) -> None:
    from portalkit.ledger.read import _dates, months_of

    open_tool(page)
    cells = ["2023-04-30；2023-07-30", "2023/4/30、2023年7月30日\n2023-10-30", "2023-02-30；2023-03-01", "", "；；"]
    lengths = ["6", "6个月", "半年", "一年", "十二个月", "两年", "6周", ""]
    got = page.evaluate("([cells, lengths]) => [cells.map(c => portalDatecheck.parseMany(c)[0]), "
                        "lengths.map(l => portalDatecheck.monthsOf(l))]", [cells, lengths])
    assert got[0] == [[d.isoformat() for d in _dates(c, ZH)[0]] for c in cells]
    assert got[1] == [months_of(x) for x in lengths]

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

from conftest import SERVER_URL, StaticServer

pytestmark = pytest.mark.browser
VECTORS = yaml.safe_load((Path(__file__).parent / "datecheck_vectors.yml").read_text("utf-8"))
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
            dossiers: vectors.dossiers.map(v => dc.evaluate(data.rules, v.dates)),
        }};
    }}""", {k: VECTORS[k] for k in ("add_months", "parse")} | {
        "dossiers": [{"dates": {k: str(v) for k, v in d["dates"].items()}} for d in VECTORS["dossiers"]]})
    assert result["months"] == [v[2] for v in VECTORS["add_months"]]
    for (text, expected, message), (value, *error) in zip(VECTORS["parse"], result["parse"], strict=True):
        assert (value or None) == expected, text
        assert (message in error[0]) if message else not error, (text, error)
    assert len(result["dossiers"]) == len(VECTORS["dossiers"]) >= 40
    for vector, findings in zip(VECTORS["dossiers"], result["dossiers"], strict=True):
        given = {k for k, v in vector["dates"].items() if v}
        expected = {rid: vector.get("expect", {}).get(rid, "met" if {a, b} <= given else "unknown")
                    for rid, a, b in result["rules"]}
        assert {f["id"]: f["status"] for f in findings} == expected, vector["name"]
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
    assert raw.decode("utf-8-sig").splitlines() == [",".join(["姓名", *columns])]


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
    assert rows.nth(0).locator("td").all_inner_texts() == ["2", "张三", "一年以上培养考察", "无", "23", "无"]
    assert rows.nth(1).locator("td").all_inner_texts() == ["3", "李四", "无", "预备期一年", "25", "确定积极分子日期"]
    assert rows.nth(2).locator("td").all_inner_texts() == ["4", "王五", "无", "无", "24", "无"]

    with page.expect_download() as info:
        page.get_by_role("button", name="导出核对结果（CSV）").click()
    assert info.value.suggested_filename == "入党材料日期核对结果（2014 年版规则）.csv"
    exported = _read_csv(info.value.path())
    assert exported[0] == ["行", "姓名", "违反的规则", "提醒", "无法核对的规则数（缺少日期）", "无法读取的日期"]
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
    assert page.locator(".portal-dc__batch tbody td").all_inner_texts() == ["2", "钱七", "无", "无", "25", "无"]
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

"""The ledger page (/// ledger | 2014) in Chromium: the shared `ledger` vectors through the
runtime, a branch's own xlsx read with its title rows and other column names, the same table as
the command, filters, the exports (CSV, xlsx, calendar), storage only when asked, axe."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import icalendar
import openpyxl
import pytest
import yaml
from test_accessibility import violations

from conftest import ROOT, SERVER_URL, StaticServer

pytestmark = pytest.mark.browser
VECTORS = yaml.safe_load((ROOT / "tests" / "datecheck_vectors.yml").read_text("utf-8"))["ledger"]
TOOL = SERVER_URL + "tools/ledger/"
DATA = "JSON.parse(document.querySelector('[data-ledger] > .portal-data').content.textContent)"


def open_tool(page) -> None:
    page.goto(TOOL)
    page.locator(".portal-ledger__open").wait_for()


def test_the_runtime_passes_every_ledger_vector(page, static_server: StaticServer) -> None:
    open_tool(page)
    results = page.evaluate(f"""([asOf, vectors]) => {{
        const data = {DATA};
        return vectors.map(v => {{
            const o = portalLedger.outlook(data, v.dates, asOf, v.events || {{}}, v.extension || null);
            return {{stage: o.stage, extended: o.extended, next: o.next ? o.next.rule.id : null,
                     days: o.next ? o.next.days : null,
                     steps: Object.fromEntries(o.steps.map(s => [s.rule.id, [s.earliest, s.latest, s.state]])),
                     special: Object.fromEntries(o.steps.filter(s => s.special).map(s => [s.rule.id, s.special])),
                     broken: Object.keys(o.findings).filter(k => o.findings[k] === 'broken').sort()}};
        }});
    }}""", [VECTORS["as_of"], [{"dates": {k: str(v) for k, v in c["dates"].items()},
                                 "events": {k: [str(d) for d in v] for k, v in c.get("events", {}).items()},
                                 "extension": c.get("extension")} for c in VECTORS["candidates"]]])
    for vector, got in zip(VECTORS["candidates"], results, strict=True):
        name = vector["name"]
        assert got["stage"] == vector["stage"], name
        assert got["extended"] == vector.get("extended", False), name
        assert got["steps"] == {k: [None if x is None else str(x) for x in v[:2]] + [v[2]] for k, v in vector["steps"].items()}, name
        assert got["broken"] == sorted(vector.get("broken", [])), name
        assert got["next"] == vector.get("next"), name
        for rule, day in vector.get("special", {}).items():
            assert got["special"][rule] == day, name
        if "days_left" in vector:
            assert got["days"] == vector["days_left"], name


def branch_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2026年台账"
    sheet.append(["第一党支部发展党员工作台账"])
    sheet.append([])
    sheet.append(["序号", "名字", "递交入党申请书日期", "收到入党申请书日期", "谈话时间", "列为积极分子日期", "指定培养人日期",
                  "考察鉴定日期", "个人思想汇报日期", "备注"])
    sheet.append([1, "张三", date(2026, 5, 31), date(2026, 5, 31)])
    sheet.append([2, "李四", "2025/1/2", "2025年1月3日", 20250120, date(2025, 6, 30), date(2025, 7, 1), "2025-12-30",
                  "2025-09-30\n2026-01-15", "备注"])
    sheet.append([3, "=王五", "2026-13-01", "2026-01-05"])
    sheet.append([4, "赵六", "2024-01-02", "2024-01-03", "2024-01-10", "2024-03-01", "2024-03-02", "2024-09-01；2025-02-28",
                  "2024-06-01；2024-09-01；2024-12-01；2025-03-01"])
    book.save(path)
    return path


def test_a_branch_ledger_gives_the_commands_table_filters_and_exports(page, static_server: StaticServer,
                                                                       tmp_path: Path, console) -> None:
    source = branch_xlsx(tmp_path / "台账.xlsx")
    open_tool(page)
    page.get_by_label("计算日期").fill("2026-06-30")
    page.get_by_label("计算日期").dispatch_event("change")
    page.locator(".portal-ledger__file").set_input_files(str(source))
    status = page.locator(".portal-ledger__status")
    status.filter(has_text="表头在第 3 行").wait_for()
    assert "工作表“2026年台账”" in status.inner_text() and "4 人" in status.inner_text()
    assert "没有认出的列（未使用）：序号；备注" in status.inner_text()
    assert "“2026-13-01”不是有效日期" in page.locator(".portal-ledger__problems").inner_text()
    rows = page.locator(".portal-ledger__table tbody tr")
    assert rows.count() == 4
    # overdue first, the oldest deadline first: 赵六's report was due on 2025-06-01
    assert [r.locator("th").inner_text() for r in rows.all()][:2] == ["赵六", "=王五"]
    li = page.locator("tr", has=page.locator("th", has_text="李四"))
    assert "逾期" in li.inner_text() and "最迟下一次思想汇报（本单位要求）" in li.inner_text()
    link = li.locator("td a").first
    assert link.get_attribute("href").endswith("procedures/differences/#thought-reports")
    # in the list of all steps, the unit's own requirement stands apart, after the edition's
    li.locator("summary").click()
    lists = li.locator(".portal-ledger__steps ul")
    assert lists.count() == 2 and lists.nth(1).locator("[data-rule]").get_attribute("data-rule") == "thought-report-quarterly"
    assert "本单位要求（不是《细则》的规定）" in li.locator(".portal-ledger__local").inner_text()
    li.locator("summary").click()
    # the unit's own duty in a column of its own, as in the exports
    assert li.locator(".portal-ledger__local-duty").inner_text() == "最迟下一次思想汇报：2026-04-15（逾期）"
    assert "本单位要求" in page.locator(".portal-ledger__table thead").inner_text()
    # filters: overdue only, then a stage
    page.get_by_label("显示").select_option("overdue")
    assert {r.locator("th").inner_text() for r in rows.all()} == {"李四", "赵六", "=王五"}
    page.get_by_label("显示").select_option("all")
    page.get_by_label("阶段", exact=True).select_option("applicant")
    assert {r.locator("th").inner_text() for r in rows.all()} == {"张三"}  # 王五's application date is unreadable
    # the CSV export is the command's table, row for row
    with page.expect_download() as done:
        page.get_by_role("button", name="导出 CSV").click()
    exported = list(csv.reader(io.StringIO(Path(done.value.path()).read_text("utf-8-sig"))))
    result = subprocess.run([sys.executable, "-m", "portalkit", "ledger", str(source), "-o", str(tmp_path / "out.xlsx"),
                             "--ics", str(tmp_path / "out.ics"), "--as-of", "2026-06-30", "-f", str(ROOT / "mkdocs.yml")],
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stdout
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")["台账"]
    command = [["" if c is None else str(c) for c in r] for r in book.iter_rows(values_only=True)]
    # a cell that Excel would take for a formula (=王五, -394) carries a leading apostrophe
    assert [[c[1:] if c[:2] in ("'=", "'-") else c for c in r] for r in exported] == command
    assert any(c.startswith("'=王五") for r in exported for c in r)  # formula-safe
    local = exported[0].index("本单位要求")
    assert {r[1]: r[local] for r in exported[1:]}["李四"] == "最迟下一次思想汇报：2026-04-15（逾期）"
    # xlsx export opens in openpyxl with the same rows, every cell text
    with page.expect_download() as done:
        page.get_by_role("button", name="导出 Excel").click()
    assert done.value.suggested_filename == "发展党员台账-2026-06-30.xlsx"
    done.value.save_as(tmp_path / "page.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "page.xlsx")["台账"]
    assert [["" if c is None else c for c in r] for r in sheet.iter_rows(values_only=True)] == command
    assert all(c.data_type == "s" for r in sheet.iter_rows() for c in r)
    # the calendar: all-day events that a calendar parser reads, initials only by default
    with page.expect_download() as done:
        page.get_by_role("button", name="导出日历（.ics）").click()
    raw = Path(done.value.path()).read_bytes()
    events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert events and all(type(e.decoded("DTSTART")) is date for e in events)
    assert "李四" not in raw.decode() and "李某：" in raw.decode()
    # the same events as the command's calendar, with the same UIDs: either import updates the other
    twin = icalendar.Calendar.from_ical((tmp_path / "out.ics").read_bytes()).walk("VEVENT")
    same = lambda evs: sorted((str(e["UID"]), e.decoded("DTSTART"), str(e["SUMMARY"])) for e in evs)  # noqa: E731
    assert same(events) == same(twin)
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    # nothing was asked of another host, and nothing left the browser but the downloads
    assert [r for r in console.requests if not r.startswith((SERVER_URL, "blob:", "data:"))] == []


def test_nothing_is_stored_unless_asked_and_clearing_removes_it(page, static_server: StaticServer, tmp_path: Path) -> None:
    source = branch_xlsx(tmp_path / "台账.xlsx")
    open_tool(page)
    keys = "Object.keys(localStorage).filter(k => k.includes(':ledger:'))"
    page.locator(".portal-ledger__file").set_input_files(str(source))
    page.locator(".portal-ledger__table").wait_for()
    assert page.evaluate(keys) == []
    page.get_by_label("在本机记住这份台账").check()
    assert len(page.evaluate(keys)) == 1
    page.reload()
    page.locator(".portal-ledger__table").wait_for()
    assert page.locator(".portal-ledger__table tbody tr").count() == 4
    page.on("dialog", lambda d: d.accept())
    page.locator(".portal-ledger__clear").click()
    assert page.evaluate(f"{keys}.filter(k => JSON.parse(localStorage[k]).kept && JSON.parse(localStorage[k]).kept.v)") == []
    page.reload()
    page.locator(".portal-ledger__open").wait_for()
    assert page.locator(".portal-ledger__table").count() == 0


def test_a_file_that_is_not_a_table_is_refused_in_words(page, static_server: StaticServer, tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04 broken")
    open_tool(page)
    page.locator(".portal-ledger__file").set_input_files(str(tmp_path / "x.xlsx"))
    page.locator(".portal-ledger__status").filter(has_text="不是完整的 Excel 工作簿").wait_for()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_ledger_has_no_axe_violations(browser, static_server: StaticServer, scheme: str, tmp_path: Path) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    open_tool(page)
    page.locator(".portal-ledger__file").set_input_files(str(branch_xlsx(tmp_path / "台账.xlsx")))
    page.locator(".portal-ledger__table").wait_for()
    page.locator(".portal-ledger__steps summary").first.click()
    found = violations(page)
    context.close()
    assert found == []


def test_a_candidates_timeline_prints_on_one_a4_page(page, static_server: StaticServer, tmp_path: Path) -> None:
    open_tool(page)
    page.get_by_label("计算日期").fill("2026-06-30")
    page.get_by_label("计算日期").dispatch_event("change")
    page.locator(".portal-ledger__file").set_input_files(str(branch_xlsx(tmp_path / "台账.xlsx")))
    row = page.locator("tr", has=page.locator("th", has_text="李四"))
    row.locator("summary").click()
    page.evaluate("() => { window.print = () => { window.__printed = document.querySelector('.portal-ledger__print').innerText; }; }")
    row.get_by_role("button", name="打印时间线").click()
    text = page.evaluate("window.__printed")
    assert "李四：发展党员时间线" in text and "2025-06-30" in text and "每季度一次思想汇报（本单位要求）" in text
    assert "违反" in text and "逾期" in text
    page.emulate_media(media="print")
    (tmp_path / "timeline.pdf").write_bytes(page.pdf(format="A4"))
    info = subprocess.run(["pdfinfo", str(tmp_path / "timeline.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    printed = subprocess.run(["pdftotext", str(tmp_path / "timeline.pdf"), "-"], capture_output=True, text=True).stdout
    assert "李四：发展党员时间线" in printed and "导出 CSV" not in printed  # only the timeline is printed
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".portal-ledger__print").count() == 0 and not page.evaluate(
        "() => document.body.classList.contains('portal-ledger-printing')")


def test_the_ledger_works_offline_from_file_urls(page, offline_site: Path, tmp_path: Path) -> None:
    page.goto((offline_site / "tools" / "ledger.html").as_uri())
    page.locator(".portal-ledger__open").wait_for()
    page.locator(".portal-ledger__file").set_input_files(str(branch_xlsx(tmp_path / "台账.xlsx")))
    page.locator(".portal-ledger__table").wait_for()  # sheets.js was loaded beside ledger.js, from file://
    assert page.locator(".portal-ledger__table tbody tr").count() == 4


def test_instant_navigation_and_the_keyboard(page, static_server: StaticServer, tmp_path: Path) -> None:
    page.goto(SERVER_URL + "tools/datecheck/")
    page.evaluate("() => { window.__portalMarker = 1; }")
    page.locator("nav a[href$='tools/ledger/']").first.click()
    page.locator(".portal-ledger__open").wait_for()
    assert page.evaluate("() => window.__portalMarker") == 1, "the page was reloaded"
    assert page.locator(".portal-ledger__open").count() == 1
    page.get_by_label("计算日期").fill("2026-06-30")
    page.get_by_label("计算日期").dispatch_event("change")
    # keyboard alone: the open button takes focus and Enter opens the file chooser (once the
    # instant navigation has settled: it moves the focus when it ends)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.locator(".portal-ledger__open").focus()
    assert page.evaluate("() => document.activeElement.classList.contains('portal-ledger__open')")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(str(branch_xlsx(tmp_path / "台账.xlsx")))
    page.locator(".portal-ledger__table").wait_for()
    page.get_by_label("显示").focus()
    page.keyboard.press("ArrowDown")  # 有逾期事项的
    page.locator(".portal-ledger__table tbody tr").nth(2).wait_for()
    assert page.locator(".portal-ledger__count").inner_text().startswith("显示 3 人")
    summary = page.locator(".portal-ledger__steps summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".portal-ledger__steps").first.get_attribute("open") is not None


def test_the_templates_hold_the_columns_the_ledger_reads(page, static_server: StaticServer, tmp_path: Path) -> None:
    open_tool(page)
    template = page.evaluate(f"() => {DATA}.template")
    assert template[0] == "姓名" and "考察日期" in template and "思想汇报日期" in template and "延长预备期（月）" in template
    with page.expect_download() as done:
        page.get_by_role("button", name="下载台账模板（Excel）").click()
    done.value.save_as(tmp_path / "模板.xlsx")
    assert [c.value for c in openpyxl.load_workbook(tmp_path / "模板.xlsx")["台账"][1]] == template
    with page.expect_download() as done:
        page.get_by_role("button", name="下载台账模板（CSV）").click()
    assert next(csv.reader(io.StringIO(Path(done.value.path()).read_text("utf-8-sig")))) == template
    # a template filled in is read back with every column understood
    book = openpyxl.load_workbook(tmp_path / "模板.xlsx")
    book["台账"].append(["张三", "", "2026-05-31", "2026-05-31"])
    book.save(tmp_path / "填好的.xlsx")
    page.locator(".portal-ledger__file").set_input_files(str(tmp_path / "填好的.xlsx"))
    page.locator(".portal-ledger__table").wait_for()
    assert "没有认出的列" not in page.locator(".portal-ledger__status").inner_text()

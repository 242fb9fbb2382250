"""`python -m portalkit ledger`: the branch's ledger (CSV or xlsx, its own title rows and header
names) -> the ledger workbook and the calendar file, on the shared vectors of the page."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import icalendar
import openpyxl
import pytest
import yaml

from portalkit.datecheck.parse import load_ruleset
from portalkit.ledger.columns import template_header
from portalkit.ledger.ics import fold, initial
from portalkit.ledger.read import months_of
from portalkit.problems import ProblemLog

from conftest import ROOT

VECTORS = yaml.safe_load((ROOT / "tests" / "datecheck_vectors.yml").read_text("utf-8"))["ledger"]
RULESET = load_ruleset(ROOT / "rules" / "2014.yml", ProblemLog())
COLUMN = {d.id: d.column for d in [*RULESET.dates, *RULESET.events]}


def ledger(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portalkit", "ledger", *args, "-f", str(ROOT / "mkdocs.yml")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)


def vector_rows() -> list[list[str]]:
    """The ledger vectors as a branch would keep them: one row per candidate, a name per vector."""
    head = template_header(RULESET)
    rows = [head]
    for i, vector in enumerate(VECTORS["candidates"]):
        values = {"姓名": f"候选人{i + 1}", **{COLUMN[k]: str(v) for k, v in vector["dates"].items()},
                  **{COLUMN[k]: "；".join(map(str, v)) for k, v in vector.get("events", {}).items()}}
        if vector.get("extension"):
            values[RULESET.extension.column] = f"{vector['extension']}个月"
        rows.append([values.get(column, "") for column in head])
    return rows


def sheet_rows(path: Path, name: str) -> list[dict[str, str]]:
    sheet = openpyxl.load_workbook(path)[name]
    values = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


def test_the_command_gives_the_vectors_next_steps_from_a_csv(tmp_path: Path) -> None:
    source = tmp_path / "台账.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(vector_rows())
    result = ledger(tmp_path, "台账.csv", "-o", "out.xlsx", "--as-of", VECTORS["as_of"])
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {r["姓名"]: r for r in sheet_rows(tmp_path / "out.xlsx", "台账")}
    steps = sheet_rows(tmp_path / "out.xlsx", "日程")
    labels = {s.id: s.label for s in RULESET.stages}
    names = {r.id: r.deadline or r.title for r in RULESET.rules}
    for i, vector in enumerate(VECTORS["candidates"]):
        row = rows[f"候选人{i + 1}"]
        assert row["阶段"].startswith(labels.get(vector["stage"], "未递交申请")), vector["name"]
        assert ("延长预备期" in row["阶段"]) == bool(vector.get("extended")), vector["name"]
        nxt = vector.get("next")
        assert (row["下一步"].split("（")[0] or None) == (names[nxt] if nxt else None), vector["name"]
        if nxt:
            assert row["期限"] == (vector["steps"][nxt][1] or ""), vector["name"]
        if "days_left" in vector:
            assert row["剩余天数"] == str(vector["days_left"]), vector["name"]
        mine = {s["事项"].split("（")[0]: s for s in steps if s["姓名"] == row["姓名"]}
        assert len(mine) == len(vector["steps"]), vector["name"]
        for rule_id, (earliest, latest, state) in vector["steps"].items():
            step = mine[names[rule_id]]
            assert (step["最早日期"], step["期限"]) == (earliest or "", latest or ""), (vector["name"], rule_id)
            assert step["状态"] == {"open": "待办", "overdue": "逾期", "missing": "缺少记录"}[state]
    # overdue first, then the nearest deadline
    order = [r["逾期"] != "" for r in sheet_rows(tmp_path / "out.xlsx", "台账")]
    assert order == sorted(order, reverse=True)


def test_an_xlsx_ledger_with_title_rows_and_other_column_names(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表说明：每人一行"])
    sheet = book.create_sheet("2026年台账")
    sheet.append(["第一党支部发展党员工作台账"])
    sheet.append([])
    sheet.append(["序号", "名字", "递交入党申请书日期", "收到入党申请书日期", "谈话时间", "列为积极分子日期", "考察鉴定日期",
                  "个人思想汇报日期", "备注"])
    sheet.append([1, "=HYPERLINK(\"http://x\")", date(2026, 5, 31), date(2026, 5, 31)])
    sheet.append([2, "李四", "2025/1/2", "2025年1月3日", 20250120, date(2025, 6, 30), "2025-12-30",
                  "2025-09-30\n2026-01-15", "备注"])
    book.save(tmp_path / "台账.xlsx")
    result = ledger(tmp_path, "台账.xlsx", "-o", "out.xlsx", "--as-of", "2026-06-30")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "工作表“2026年台账”" in result.stdout and "表头在第 3 行，2 人" in result.stdout
    assert "名字；递交入党申请书日期" in result.stdout
    assert "没有认出的列（未使用）：序号；备注" in result.stdout
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["台账"]
    cells = {c.value: c for r in sheet.iter_rows() for c in r}
    formula = cells['=HYPERLINK("http://x")']
    assert formula.data_type == "s"  # the name stays text, never a formula
    rows = {r["姓名"]: r for r in sheet_rows(tmp_path / "out.xlsx", "台账")}
    assert rows["李四"]["下一步"] == "最迟下一次思想汇报（本单位要求）" and rows["李四"]["期限"] == "2026-04-15"
    assert rows["李四"]["违反的规则"] == "每季度一次思想汇报（本单位要求）"
    # the unit's own duties have a column of their own, which a secretary can filter
    assert rows["李四"]["本单位要求"] == "最迟下一次思想汇报：2026-04-15（逾期）"
    assert rows['=HYPERLINK("http://x")']["本单位要求"] == ""  # an applicant has no local duty yet
    assert rows['=HYPERLINK("http://x")']["下一步"] == "最迟谈话日期"


def test_bad_cells_are_named_by_row_and_column_and_the_rest_is_written(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(
        "姓名,申请日期,收到申请书日期,延长预备期决定日期,延长预备期（月）,考察日期\n"
        "张三,2026-05-31,2026-13-01,,,\n"
        ",2026-01-01,,,,\n"
        "王五,2024-01-01,2024-01-02,2025-09-05,三年,2025-01-01；昨天\n", "utf-8")
    result = ledger(tmp_path, "t.csv", "-o", "out.xlsx", "--as-of", "2026-06-30")
    assert result.returncode == 1, result.stdout
    out = result.stdout
    assert "t.csv:2:C（收到申请书日期）：“2026-13-01”不是有效日期：月份应为 1 至 12" in out
    assert "t.csv:3:A（姓名）：这一行有日期但没有姓名" in out
    assert "t.csv:4:E（延长预备期（月））：延长预备期应为 6 至 12 个月" in out and "“三年”" in out
    assert "t.csv:4:F（考察日期）：无法识别“昨天”" in out
    assert "有 4 个单元格无法读取" in out
    rows = sheet_rows(tmp_path / "out.xlsx", "台账")
    assert [r["行"] for r in rows].count("2") == 1 and len(rows) == 3
    assert next(r for r in rows if r["姓名"] == "张三")["无法读取的单元格"] == "C2"
    assert next(r for r in rows if r["姓名"] == "张三")["下一步"] == "先递交后收到"


def test_the_calendar_holds_all_day_deadlines_that_a_calendar_parser_reads(tmp_path: Path) -> None:
    rows = vector_rows()
    rows[2][0] = "欧阳明月, \"长名\"；" + "很长的名字" * 12  # escaping and folding of a long line
    with (tmp_path / "t.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    for run in ("a", "b"):
        result = ledger(tmp_path, "t.csv", "-o", f"{run}.xlsx", "--ics", f"{run}.ics", "--as-of", VECTORS["as_of"],
                        "--names", "full")
        assert result.returncode == 0, result.stdout + result.stderr
    raw = (tmp_path / "a.ics").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF only
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character split by folding
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["VERSION"]) == "2.0" and "portalkit" in str(cal["PRODID"])
    events = cal.walk("VEVENT")
    expected = {(f"候选人{i + 1}" if i != 1 else rows[2][0], rule): date.fromisoformat(latest)
                for i, v in enumerate(VECTORS["candidates"])
                for rule, (_, latest, state) in v["steps"].items() if latest and state != "missing"}
    assert len(events) == len(expected)
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and end == start + timedelta(days=1)  # all-day
        assert event.decoded("DTSTAMP") and event["UID"]
    summaries = [str(e["SUMMARY"]) for e in events]
    assert f"{rows[2][0]}：最迟谈话日期" in summaries
    assert sorted(e.decoded("DTSTART") for e in events) == sorted(expected.values())
    # a second export gives the same UIDs: importing it updates, not duplicates
    again = icalendar.Calendar.from_ical((tmp_path / "b.ics").read_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [str(e["UID"]) for e in again]
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_the_calendar_gives_initials_unless_full_names_are_asked_for(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("姓名,申请日期,收到申请书日期\n张三丰,2026-06-20,2026-06-21\nJohn Smith,2026-06-20,2026-06-21\n",
                                    "utf-8")
    result = ledger(tmp_path, "t.csv", "-o", "out.xlsx", "--ics", "out.ics", "--as-of", "2026-06-30")
    assert result.returncode == 0 and "只写了姓" in result.stdout
    text = (tmp_path / "out.ics").read_text("utf-8")
    assert "张三丰" not in text and "John" not in text and "张某：最迟谈话日期" in text and "J. S.：" in text


def test_a_file_without_a_header_or_not_a_table_stops_with_status_2(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("a,b\n1,2\n", "utf-8")
    result = ledger(tmp_path, "t.csv", "-o", "out.xlsx")
    assert result.returncode == 2 and "没有找到表头" in result.stdout and not (tmp_path / "out.xlsx").exists()
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04 not really")
    result = ledger(tmp_path, "x.xlsx", "-o", "out.xlsx")
    assert result.returncode == 2 and "Traceback" not in result.stdout + result.stderr
    result = ledger(tmp_path, "t.csv", "-o", "out.xlsx", "--as-of", "30/6/2026")
    assert result.returncode == 2 and "--as-of 应写成 YYYY-MM-DD" in result.stdout


@pytest.mark.parametrize("text,months", [("6", 6), ("6个月", 6), ("半年", 6), ("一年", 12), ("1年", 12), ("十二个月", 12),
                                         ("１２ 个月", 12), ("三年", 36), ("六月", 6), ("很久", None), ("", None)])
def test_extension_lengths_as_secretaries_write_them(text: str, months: int | None) -> None:
    assert months_of(text) == months


def test_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "党" * 40
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded) and b"".join(p.removeprefix(b" ") for p in folded) == line.encode()
    assert initial("欧阳明月") == "欧某" and initial("") == ""


def test_the_readme_command_works_as_written(tmp_path: Path) -> None:
    import os
    import re
    import shutil

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## 发展党员台账", 1)[1].split("\n## ", 1)[0]
    (command,) = re.findall(r"```sh\n\s*(.+?)\n\s*```", section)
    source, output, ics = re.search(r"ledger (\S+) -o (\S+) --ics (\S+)", command).groups()
    project = tmp_path / "portal"
    for name in ("rules", "docs"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    os.symlink(sys.prefix, project / ".venv")
    book = openpyxl.Workbook()
    for row in vector_rows():
        book.active.append(row)
    book.save(project / source)
    result = subprocess.run(command, shell=True, cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sheet_rows(project / output, "台账") and icalendar.Calendar.from_ical((project / ics).read_bytes()).walk("VEVENT")


def test_the_ledger_benchmark_runs_and_reports_its_figures() -> None:
    """benchmarks/ledger_speed.py, run small (its figures are the machine's, not asserted)."""
    result = subprocess.run([sys.executable, "benchmarks/ledger_speed.py", "--candidates", "40", "--repeat", "1",
                             "--no-page"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ledger command, 40 candidates" in result.stdout and "budget 2.0 s" in result.stdout


def test_the_workbook_opens_in_libreoffice_with_its_rows(tmp_path: Path) -> None:
    """The ledger workbook is written without openpyxl: its real client reads it."""
    with (tmp_path / "t.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(vector_rows())
    assert ledger(tmp_path, "t.csv", "-o", "out.xlsx", "--as-of", VECTORS["as_of"]).returncode == 0
    # its own profile: a LibreOffice running elsewhere (another test) would otherwise take the file
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "out.xlsx")], capture_output=True, timeout=180, check=True)
    text = subprocess.run(["pdftotext", str(tmp_path / "out.pdf"), "-"], capture_output=True, text=True).stdout
    assert "下一步" in text and "候选人2" in text and "最迟谈话日期" in text

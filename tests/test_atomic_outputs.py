"""A command's outputs are a whole set from one run, and an import never loses a question
(issue 15, items 1 and 2): two `report` runs racing into one folder, and the README's own round
trip (export a bank, edit it in Excel, import it back with --force) with one bad row."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 6


def _export(run_id: str, org: str, subject: str) -> str:
    return json.dumps({"format": "portal-checklist-run", "version": 2, "checklist": "dossier", "title": "x",
                       "exported": "2026-10-02T00:00:00.000Z",
                       "run": {"id": run_id, "subject": subject, "org": org, "checker": "李", "created": "2026-10-01",
                               "updated": "2026-10-02T00:00:00.000Z",
                               "items": {"materials-complete": {"s": "issue", "note": "缺"}}},
                       "items": []}, ensure_ascii=False)


def _report(inputs: Path, out: Path, unit: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "portalkit", "report", str(inputs), "-o", str(out),
                             "-f", str(ROOT / "mkdocs.yml"), "--unit", unit, "--date", "2026-12-02"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_two_reports_into_one_folder_leave_a_whole_set_from_one_run(tmp_path: Path) -> None:
    runs = {"甲单位": 1, "乙单位": 3}  # each run reads its own files: the sets differ in every file
    inputs = {}
    for unit, count in runs.items():
        folder = inputs[unit] = tmp_path / unit
        folder.mkdir()
        for i in range(count):
            (folder / f"{i}.json").write_text(_export(f"r{len(unit)}-{count}-{i}", "第一党支部", f"对象{i}"), "utf-8")
    out = tmp_path / "out"
    for _ in range(ROUNDS):
        processes = [_report(inputs[unit], out, unit) for unit in runs]
        for process in processes:
            output, _ = process.communicate(timeout=600)
            assert process.returncode == 0, output
        title = Document(str(out / "report.docx")).paragraphs[0].text
        unit = next(u for u in runs if title.startswith(u))
        markdown = (out / "report.md").read_text("utf-8")
        assert markdown.startswith(f"# {unit}"), (unit, markdown[:80])
        book = load_workbook(out / "report.xlsx", read_only=True)
        records = [row for row in book["核查记录"].iter_rows(min_row=2, values_only=True) if any(row)]
        assert len(records) == runs[unit]
        assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no temporary file left


def _site_copy(tmp_path: Path) -> Path:
    site = tmp_path / "portal"
    shutil.copytree(ROOT, site, ignore=shutil.ignore_patterns(".venv", ".git", "site", "site-offline", "tests",
                                                              "*.zip", "__pycache__", ".cache"))
    return site


def _portalkit(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portalkit", *args], cwd=site, capture_output=True, text=True,
                          timeout=600)


def test_the_readme_round_trip_with_a_bad_row_leaves_the_bank_as_it_was(tmp_path: Path) -> None:
    site = _site_copy(tmp_path)
    bank = site / "quizzes" / "stage-3.yml"
    before = bank.read_bytes()
    # the README's two commands, as written there
    exported = _portalkit(site, "export", "stage-3", "--format", "xlsx", "-o", "阶段三.xlsx")
    assert exported.returncode == 0, exported.stdout
    book = load_workbook(site / "阶段三.xlsx")
    sheet = book["题目"]
    sheet.cell(row=3, column=1).value = "单先题"  # one mistyped 题型, as Excel users make them
    book.save(site / "阶段三.xlsx")
    imported = _portalkit(site, "import", "阶段三.xlsx", "-o", "quizzes/stage-3.yml", "--force")
    assert imported.returncode == 1, imported.stdout
    assert "阶段三.xlsx:3:A" in imported.stdout and "没有改动" in imported.stdout
    assert bank.read_bytes() == before
    # --partial shows the readable questions beside the workbook, never as a bank
    partial = _portalkit(site, "import", "阶段三.xlsx", "-o", "quizzes/stage-3.yml", "--force", "--partial")
    assert partial.returncode == 1 and (site / "stage-3.partial.yml.txt").is_file()
    assert bank.read_bytes() == before
    check = _portalkit(site, "check")
    assert check.returncode == 0, check.stdout
    # corrected, the same import replaces the bank
    sheet.cell(row=3, column=1).value = "单选题"
    book.save(site / "阶段三.xlsx")
    again = _portalkit(site, "import", "阶段三.xlsx", "-o", "quizzes/stage-3.yml", "--force")
    assert again.returncode == 0, again.stdout


def test_a_symlinked_bank_is_not_replaced_by_a_plain_file(tmp_path: Path) -> None:
    site = _site_copy(tmp_path)
    shared = tmp_path / "shared-stage-3.yml"
    bank = site / "quizzes" / "stage-3.yml"
    shutil.move(bank, shared)
    bank.symlink_to(shared)
    assert _portalkit(site, "export", "stage-3", "--format", "xlsx", "-o", "x.xlsx").returncode == 0
    result = _portalkit(site, "import", "x.xlsx", "-o", "quizzes/stage-3.yml", "--force")
    assert result.returncode == 2 and str(shared) in result.stdout, result.stdout
    assert bank.is_symlink()


def test_ctrl_c_ends_with_one_line_and_leaves_a_whole_set_or_the_old_one(tmp_path: Path) -> None:
    import signal
    import time

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from report_speed import generate

    inputs = tmp_path / "材料"
    inputs.mkdir()
    generate(inputs, 3000, 50)  # long enough to be interrupted while it reads
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("old", "utf-8")
    process = _report(inputs, out, "甲单位")
    time.sleep(1.5)  # when it arrives does not matter: either outcome below must hold
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=600)
    assert "Traceback" not in output, output
    if process.returncode == 130:
        assert len(output.strip().splitlines()) == 1, output
        names = {p.name for p in out.iterdir()}
        whole = {"report.docx", "report.xlsx", "report.md"} <= names
        assert whole or names == {"report.md"} and (out / "report.md").read_text("utf-8") == "old", names
    else:  # it had finished
        assert process.returncode == 0, output
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_exports_inside_the_output_folder_are_read_and_the_reports_own_files_are_not(tmp_path: Path) -> None:
    folder = tmp_path / "自查"
    folder.mkdir()
    (folder / "a.json").write_text(_export("r-a", "第一党支部", "张三"), "utf-8")
    for _ in range(2):  # the second run finds its own report files beside the export
        process = _report(folder, folder, "甲单位")
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, output
        assert "计入核查记录1条" in output.replace(" ", ""), output

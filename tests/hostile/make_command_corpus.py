"""Hostile files for the commands (report, import, check, export, paper), written by this script
into a folder: no binary is checked in. tests/test_hostile_commands.py runs every command on them
under resource limits.

    python tests/hostile/make_command_corpus.py OUTDIR

Each case is one folder or file with what it attacks; `CASES` says what the test expects."""

from __future__ import annotations

import io
import json
import os
import sys
import zipfile
from pathlib import Path

SECRET = "token=ghp_SECRETSECRETSECRET"


def export(run_id: str, org: str, *, subject: str = "张三", updated: str = "2026-10-02T00:00:00.000Z",
           items: dict | None = None, note: str = "") -> dict:
    items = items if items is not None else {"materials-complete": {"s": "issue", "note": note}}
    return {"format": "portal-checklist-run", "version": 2, "checklist": "dossier", "title": "x",
            "exported": "2026-10-02T00:00:00.000Z",
            "run": {"id": run_id, "subject": subject, "org": org, "checker": "李", "created": "2026-10-01",
                    "updated": updated, "items": items},
            "items": []}


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def report_inputs(root: Path) -> Path:
    """One folder a branch might send in, with every attack on `report` beside two good files."""
    folder = root / "材料"
    folder.mkdir(parents=True, exist_ok=True)
    secret = root / "credentials.txt"
    secret.write_text(SECRET + "\n")
    write_json(folder / "第一党支部" / "good.json", export("r-good-1", "第一党支部"))
    write_json(folder / "第二党支部" / "good.json", export("r-good-2", "第二党支部",
                                                        note="见 http://evil.example/x 或 mail a@evil.example"))
    # the same organisation with a right-to-left override and zero-width characters: one organisation
    write_json(folder / "第二党支部" / "rlo.json", export("r-rlo", "\u202e第二\u200b党支部\u202c", subject="李四"))
    (folder / "link-to-secret.json").symlink_to(secret)
    (folder / "link-to-root").symlink_to(root)
    os.mkfifo(folder / "pipe.csv")
    (folder / "huge-int.json").write_text(
        json.dumps(export("r-int", "第三党支部"))[:-1] + ', "n": ' + "9" * 5000 + "}", "utf-8")
    write_json(folder / "year-1.json", export("r-y1", "第四党支部", updated="0001-01-01T00:00:00Z"))
    write_json(folder / "year-10000.json", export("r-y9", "第四党支部", subject="王五", updated="9999-12-31T23:59:59Z"))
    many = {f"x-{i}": {"s": "issue", "note": "n", "text": f"t{i}"} for i in range(40_000)}
    write_json(folder / "many-items.json", export("r-many", "第五党支部", items=many))
    # under the items bound, but none of them the checklist's: 100 such files once took 12 minutes
    unknown = {f"u-{i}": {"s": "issue", "note": "n", "text": f"u{i}"} for i in range(500)}
    write_json(folder / "unknown-items.json", export("r-unknown", "第五党支部", items=unknown))
    header = "清单,核查对象,分节,检查项,必查,状态,备注,党组织,核查人,更新时间,清单编号,记录编号,检查项编号\n"
    (folder / "unclosed-quote.csv").write_text(
        header + '发展对象入党材料预审清单,赵六,a,b,是,不符合,"没有结尾,第六党支部,李,,dossier,r-q,materials-complete\n'
        + "发展对象入党材料预审清单,赵六,a,b,是,符合,,第六党支部,李,,dossier,r-q,application-handwritten\n", "utf-8")
    return folder


def zip_parts(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
WORKBOOK_XML = (b"<workbook " + _NS + b' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             b'<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
_RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_HEADER = (b'<row r="1">' + b"".join(b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (col, name.encode())
                                     for col, name in zip((b"A", b"B", b"C", b"D", b"E"),
                                                          ("题型", "题干", "正确答案", "解析", "see"), strict=True))
           + b"</row>")


def one_sheet_book(sheet: bytes, **parts: bytes) -> bytes:
    """A workbook of one sheet, as bare as a reader accepts (also used by tests/test_safe_io.py)."""
    return zip_parts({"xl/workbook.xml": WORKBOOK_XML, "xl/_rels/workbook.xml.rels": _RELS,
                      "xl/worksheets/sheet1.xml": sheet, **parts})


def _book(rows: bytes, **parts: bytes) -> bytes:
    return one_sheet_book(b"<worksheet " + _NS + b"><sheetData>" + _HEADER + rows + b"</sheetData></worksheet>", **parts)


def _entities() -> bytes:
    return one_sheet_book(b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                          b"<worksheet " + _NS + b"><sheetData>" + _HEADER + b"</sheetData></worksheet>")


# Question lists that once cost gigabytes or minutes (issue 15, item 7), made on demand
WORKBOOKS = {
    # ~200 KB on disk, past the inflated bound when read
    "inflate-bomb": lambda: _book(b"<!--" + b" " * (110 << 20) + b"-->"),
    # one row with a million cells
    "huge-row": lambda: _book(b'<row r="2">' + b"<c><v>1</v></c>" * 1_000_000 + b"</row>"),
    # shared strings far past the cells that use them
    "huge-shared-strings": lambda: _book(b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>', **{
        "xl/sharedStrings.xml": b"<sst " + _NS + b">" + b"<si><t>x</t></si>" * 2_000_000 + b"</sst>"}),
    # one cell past the inflated bound
    "huge-cell": lambda: _book(b'<row r="2"><c r="B2" t="inlineStr"><is><t>' + b"y" * (110 << 20)
                               + b"</t></is></c></row>"),
    "entities": _entities,
}


def workbook(folder: Path, case: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{case}.xlsx"
    path.write_bytes(WORKBOOKS[case]())
    return path


# Banks and site settings that `check` must refuse, each with the words its error must hold.
BANKS = {
    "nonchar": ('title: "题库\\uFFFE"\nquestions:\n  - id: a\n    type: truefalse\n    prompt: 对吗\n'
                '    answer: true\n    explain: 是\n    see: index.md\n', "U+FFFE"),
    "scalar-aliases": ("title: &t 题库\nquestions:\n" + "".join(
        f"  - id: q{i}\n    type: truefalse\n    prompt: *t\n    answer: true\n    explain: *t\n    see: index.md\n"
        for i in range(4000)), "&"),
}
MKDOCS_ALIAS_BOMB = "site_name: x\n" + "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)) + \
    "plugins:\n  - portalkit:\n      quiz_note: *j\n"


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    print(report_inputs(target))
    for case in WORKBOOKS:
        print(workbook(target / "workbooks", case))

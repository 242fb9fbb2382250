"""The self-inspection report in Chromium (/// report on 汇总自查报告): for the same files it gives
exactly the numbers `python -m portalkit report` gives (the shared vectors, and a generated set of
exports), shows the report's sections, downloads the 整改清单 as CSV, passes axe in light and
dark mode, works in the offline build, and never runs what a file carries."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from pathlib import Path

import pytest
from test_accessibility import violations

from portalkit.catalog import load_catalog
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.report.aggregate import aggregate, to_json
from portalkit.report.read import read_all

from conftest import ROOT, StaticServer

pytestmark = pytest.mark.browser
VECTORS = Path(__file__).parent / "report_vectors"
PAGE = "checks/report/"


def site_checklists() -> dict:
    layout = ProjectLayout.from_config_file(ROOT / "mkdocs.yml", "docs")
    return load_catalog(layout, ProblemLog(display_root=layout.root)).checklists


def generated_exports(folder: Path, seed: int = 7) -> list[Path]:
    """Exports as branches send them: every checklist, JSON v1 and v2, CSV v1 (GBK) and v2 (with
    neutralised formulas), a duplicate with a later update, a removed item, organisations typed
    three ways, and files that are not exports."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    orgs = ["第一党支部", "第二 党支部", "第３党支部", "", "机关第一党支部"]
    n = 0
    for cid, checklist in sorted(site_checklists().items()):
        for k in range(5):
            n += 1
            items = {}
            for it in checklist.items:
                state = rng.choice(["ok", "ok", "ok", "issue", "na", "unchecked"])
                if state != "unchecked":
                    items[it.id] = {"s": state, "note": rng.choice(["", "缺签名", "=HYPERLINK(\"x\")"]), "text": it.text,
                                    "section": ""}
            if k == 0:
                items["gone-item"] = {"s": "issue", "note": "旧项", "text": "已从清单删除的检查项", "section": "旧"}
            version = 2 if k % 2 else 1
            run = {"id": f"r{n}", "subject": f"<img src=x onerror=window.__pwned=1>{k}" if k == 4 else f"人员{k}",
                   "created": f"2026-10-0{k + 1}", "checker": "王书记", "items": items,
                   "updated": f"2026-11-0{k + 1}T1{k}:00:00.000Z" if version == 2 else f"2026-11-0{k + 1}"}
            if version == 2:
                run["org"] = orgs[k]
            doc = {"format": "portal-checklist-run", "version": version, "checklist": cid, "title": checklist.title,
                   "exported": "2026-11-05T00:00:00Z", "run": run}
            (folder / f"{cid}-{k}.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
            if k == 1:
                later = {**doc, "run": {**run, "updated": "2026-11-09T00:00:00.000Z"}}
                (folder / f"{cid}-{k}-again.json").write_text(json.dumps(later, ensure_ascii=False), "utf-8")
    dossier = site_checklists()["dossier"]
    rows = [["清单", "核查对象", "分节", "检查项", "必查", "状态", "备注"]]
    rows += [[dossier.title, "赵六", "", it.text, "是", rng.choice(["符合", "不符合", "未查"]), "'=SUM(A1)"] for it in dossier.items]
    (folder / "v1-gbk.csv").write_bytes(("\r\n".join(",".join(r) for r in rows) + "\r\n").encode("gbk"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["清单", "核查对象", "分节", "检查项", "必查", "状态", "备注", "党组织", "核查人", "更新时间", "清单编号", "记录编号", "检查项编号"])
    for it in dossier.items:
        writer.writerow([dossier.title, "钱七", "", it.text, "是", rng.choice(["符合", "不符合", "不适用"]), "备注, 有逗号",
                         "第 一 党支部", "李", "2026-11-03T02:00:00.000Z", "dossier", "rX", it.id])
    (folder / "v2.csv").write_text("\ufeff" + out.getvalue(), "utf-8")
    (folder / "truncated.json").write_text('{"format": "portal-checklist-run", "ver', "utf-8")
    (folder / "other.csv").write_text("a,b\n1,2\n", "utf-8")
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n0000")
    # the bounds of both readers: items per run, and items the checklist does not have
    base = {"format": "portal-checklist-run", "version": 2, "checklist": "dossier", "exported": "2026-11-05T00:00:00Z"}
    for name, count in (("too-many-items.json", 1001), ("unknown-items.json", 101)):
        items = {f"u-{i}": {"s": "issue", "text": f"不在清单中 {i}"} for i in range(count)}
        (folder / name).write_text(json.dumps({**base, "run": {"id": name[:3], "subject": "甲", "items": items}},
                                              ensure_ascii=False), "utf-8")
    (folder / "foreign.json").write_text(json.dumps({"format": "portal-checklist-run", "version": 1, "checklist": "nope",
                                                     "run": {"subject": "x", "items": {}}}), "utf-8")
    return sorted(p for p in folder.iterdir())


def python_report(files: list[Path]) -> dict:
    checklists = site_checklists()
    return to_json(aggregate(read_all([(p.name, p.read_bytes()) for p in files], checklists), checklists))


def browser_report(page, files: list[Path]) -> dict:
    page.evaluate("document.addEventListener('portal:report-ready', e => window.__report = e.detail)")
    page.locator("input.portal-rp__file").set_input_files([str(p) for p in files])
    page.wait_for_function("() => window.__report")
    return page.evaluate("window.__report")


def test_the_page_gives_the_same_numbers_as_the_command(page, static_server: StaticServer, tmp_path: Path) -> None:
    files = generated_exports(tmp_path / "exports")
    page.goto(static_server.url + PAGE)
    got = browser_report(page, files)
    expected = python_report(files)
    assert got == expected
    assert expected["runs"] >= 20 and expected["duplicates"] and len(expected["refused"]) == 6
    assert page.evaluate("window.__pwned") is None
    text = page.locator(".portal-rp__out").inner_text()
    for heading in ("发展党员工作自查报告", "一、基本情况", "二、逐项核查情况", "三、存在的问题", "四、改进措施", "附件：整改清单",
                    "汇总说明", "重复的核查记录", "未能读取的文件"):
        assert heading in text
    assert "<img src=x onerror=window.__pwned=1>4" in text, "names are shown as text"
    assert "已从清单删除的检查项（已从清单中删除）" in text


def test_the_shared_vectors_give_the_expected_report(page, static_server: StaticServer) -> None:
    expected = json.loads((VECTORS / "expected.json").read_text("utf-8"))
    files = sorted(p for p in (VECTORS / "files").rglob("*") if p.is_file())
    page.goto(static_server.url + PAGE)
    assert browser_report(page, files) == expected["report"]
    names = page.evaluate("cases => cases.map(([given]) => window.portalKit.report.normalizeOrg(given))",
                          expected["normalizeOrg"])
    assert names == [want for _, want in expected["normalizeOrg"]]
    keys = page.evaluate("cases => cases.map(([given]) => window.portalKit.report.orgKey(given))", expected["orgKey"])
    assert keys == [want for _, want in expected["orgKey"]]


def test_the_page_says_what_the_command_writes(page, static_server: StaticServer) -> None:
    """The page's report is the document report.docx and report.md print, word for word, from the
    one wording source (the reportdoc catalog): on the shared vectors, with a unit, an addressee and a date."""
    import datetime

    from portalkit.i18n import Messages
    from portalkit.officialdoc.model import document_json
    from portalkit.report.document import Options, build

    files = sorted(p for p in (VECTORS / "files").rglob("*") if p.is_file())
    page.goto(static_server.url + PAGE)
    page.locator(".portal-rp__unit").fill("中共××局机关委员会")
    page.locator(".portal-rp__to-field").fill("中共××工委")
    page.locator(".portal-rp__date").fill("2026-12-02")
    browser_report(page, files)
    got = page.evaluate("document.querySelector('[data-report]')._portalDocument")
    checklists = site_checklists()
    report = aggregate(read_all([(p.name, p.read_bytes()) for p in files], checklists), checklists)
    options = Options(date=datetime.date(2026, 12, 2), unit="中共××局机关委员会", to="中共××工委")
    want = document_json(build(report, options, Messages("zh")))
    for key in ("title", "addressee", "unit", "date"):
        assert got[key] == want[key], key
    for i, (a, b) in enumerate(zip(got["blocks"], want["blocks"], strict=True)):  # section by section
        assert a == b, (i, a, b)
    assert got == want
    text = page.locator(".portal-rp__out").inner_text()
    assert "中共××局机关委员会关于发展党员工作自查情况的报告" in text and "2026年12月2日" in text


def test_the_rectification_list_downloads_as_csv_without_formulas(page, static_server: StaticServer, tmp_path: Path) -> None:
    files = generated_exports(tmp_path / "exports")
    page.goto(static_server.url + PAGE)
    browser_report(page, files)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载整改清单（CSV）").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    assert rows[0] == ["党组织", "核查对象", "清单", "检查项", "备注", "整改责任人", "完成时限", "存在问题", "整改措施"]
    assert len(rows) - 1 == len(python_report(files)["rectification"])
    assert not [c for row in rows[1:] for c in row if c[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_report_page_passes_axe(browser, static_server: StaticServer, tmp_path: Path, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(static_server.url + PAGE)
    browser_report(page, generated_exports(tmp_path / "exports"))
    found = violations(page)
    context.close()
    assert found == []


def test_the_report_page_works_offline(page, offline_site: Path, tmp_path: Path, console) -> None:
    page.goto((offline_site / "checks" / "report.html").as_uri())
    files = generated_exports(tmp_path / "exports")
    assert browser_report(page, files)["runs"] == python_report(files)["runs"]
    assert all(u.startswith(("file://", "blob:")) for u in console.requests)


def test_the_page_reads_the_roster_as_the_command_does(page, static_server: StaticServer, tmp_path: Path) -> None:
    """The realistic corpus with its roster (xlsx, through sheets.js): the page names the branches that
    handed in nothing and shows the roster's spellings, in the very document the command writes."""
    import datetime
    import sys

    from openpyxl import Workbook

    from portalkit.i18n import Messages
    from portalkit.officialdoc.model import document_json
    from portalkit.report.document import Options, build
    from portalkit.report.roster import roster_from_bytes

    sys.path.insert(0, str(ROOT / "tests" / "report_corpus"))
    import make_corpus

    corpus = make_corpus.write(tmp_path)
    book = Workbook()
    book.active.append(["党组织名称", "类别", "上级党组织", "别名"])
    for o in corpus.roster:
        book.active.append([o.name, o.kind, o.parent or None, "，".join(o.aliases)])
    roster_path = tmp_path / "组织名册.xlsx"
    book.save(roster_path)
    files = sorted((p for p in (tmp_path / "材料").rglob("*") if p.is_file()), key=lambda p: p.name)
    page.goto(static_server.url + PAGE)
    page.locator(".portal-rp__date").fill("2026-12-02")
    page.locator(".portal-rp__roster-file").set_input_files(str(roster_path))
    page.wait_for_function("() => /57/.test(document.querySelector('.portal-rp__roster-status').textContent)")
    browser_report(page, files)
    got = page.evaluate("document.querySelector('[data-report]')._portalDocument")
    checklists = site_checklists()
    roster = roster_from_bytes(roster_path.read_bytes(), roster_path.name, Messages("zh"))
    report = aggregate(read_all([(p.name, p.read_bytes()) for p in files], checklists), checklists, roster)
    want = document_json(build(report, Options(date=datetime.date(2026, 12, 2)), Messages("zh")))
    for i, (a, b) in enumerate(zip(got["blocks"], want["blocks"], strict=True)):
        assert a == b, (i, a, b)
    assert got == want
    text = page.locator(".portal-rp__out").inner_text()
    assert f"未交3个：{'、'.join(corpus.missing)}。" in text
    assert corpus.unknown in text.split("汇总说明", 1)[1]  # named in the working notes, for the user to add
    with page.expect_download() as info:
        page.get_by_role("button", name="下载名册模板").click()
    template = Path(info.value.path()).read_bytes()
    assert roster_from_bytes(template, "t.csv", Messages("zh")).organisations  # the template reads back
    assert template == (ROOT / "hooks" / "portalkit" / "report" / "roster-template.csv").read_bytes()  # the project's file


def test_a_folder_chosen_whole_gives_runs_their_branch_folder(page, static_server: StaticServer) -> None:
    """Choosing the vectors' folder: the version-1 runs take their branch folder, as `report FOLDER` does."""
    import datetime

    from portalkit.i18n import Messages
    from portalkit.officialdoc.model import document_json
    from portalkit.report.document import Options, build
    from portalkit.report.read import read_paths

    page.goto(static_server.url + PAGE)
    page.locator(".portal-rp__date").fill("2026-12-02")
    page.evaluate("document.addEventListener('portal:report-ready', e => window.__report = e.detail)")
    page.locator(".portal-rp__folder").set_input_files(str(VECTORS / "files"))
    page.wait_for_function("() => window.__report")
    got = page.evaluate("document.querySelector('[data-report]')._portalDocument")
    checklists = site_checklists()
    report = aggregate(read_paths([VECTORS / "files"], checklists), checklists)
    assert report.from_folder > 0 and report.unnamed_runs == 0
    assert got == document_json(build(report, Options(date=datetime.date(2026, 12, 2)), Messages("zh")))
    assert page.evaluate("window.__report.unnamedRuns") == 0


def test_the_pages_reasons_are_the_commands_in_the_sites_language(page, static_server: StaticServer,
                                                                   tmp_path: Path) -> None:
    files = generated_exports(tmp_path / "exports")
    page.goto(static_server.url + PAGE)
    browser_report(page, files)  # loads the reader
    got = page.evaluate("""async files => {
        const root = document.querySelector('[data-report]'), data = window.portalKit.ui.dataOf(root);
        const result = { files: [], runs: [], refused: [], notices: [] };
        for (const [name, bytes] of files) {
          window.portalKit.reportRead.readFile(result, name, new Uint8Array(bytes), data.checklists, data.limits);
        }
        return result.refused.map(r => [r.file, r.reason]);
    }""", [[p.name, list(p.read_bytes())] for p in files])
    expected = read_all([(p.name, p.read_bytes()) for p in files], site_checklists()).refused
    assert sorted(got) == sorted([r.file, r.reason] for r in expected)


def test_every_reason_the_page_gives_is_in_both_catalogs_and_sent_to_it() -> None:
    from portalkit.i18n import Messages
    from portalkit.runtime_data import area_text

    source = (Path(__file__).resolve().parent.parent / "hooks/portalkit/assets/report-read.js").read_text("utf-8")
    used = set(re.findall(r'\bsay\("([\w.]+)"', source))
    used |= {f"bad.{why}" for why in re.findall(r'\bbad\([^,]+, "(\w+)"\)', source)}
    used |= {f"signature.{name}" for name in re.findall(r'\], "(\w+)"\]', source)}
    used |= {f"field.{kind}" for kind in ("subject", "org", "checker", "note", "text", "section", "created", "updated")}
    assert len(used) > 25
    for language in ("zh", "en"):
        sent = area_text(Messages(language), "report")
        assert used - set(sent) == set(), language

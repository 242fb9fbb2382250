"""Checklists in Chromium: runs, states and notes, export/import, print, YAML edits, broken storage."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_checklist import CHECKLIST

from conftest import SERVER_URL, StaticServer, build_or_fail
from sites import write_site

pytestmark = pytest.mark.browser


def build(root: Path, checklist: str = CHECKLIST) -> Path:
    config = write_site(root, {"checklists/dossier.yml": checklist,
                               "docs/index.md": "# 预审\n\n/// checklist | dossier\n///\n"}, site_url=SERVER_URL)
    return build_or_fail(config, root / "site")


_BUILT = pytest.StashKey[Path]()


@pytest.fixture
def checklist_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                   static_server: StaticServer) -> Iterator[Path]:
    """The checklist fixture site, served for one test (other test modules import it). Built
    once per test process (the config's stash: a session fixture would have to be imported too);
    a test that rebuilds it takes `own_checklist_site`."""
    root = request.config.stash.get(_BUILT, None)
    if root is None:
        root = tmp_path_factory.mktemp("checklist-site")
        build(root)
        request.config.stash[_BUILT] = root
    previous = static_server.root
    static_server.serve(root / "site")
    yield root
    static_server.serve(previous)


@pytest.fixture
def own_checklist_site(tmp_path: Path, static_server: StaticServer) -> Iterator[Path]:
    """A build of the checklist fixture site that the test may change and build again."""
    previous = static_server.root
    static_server.serve(build(tmp_path))
    yield tmp_path
    static_server.serve(previous)


@pytest.fixture
def site(checklist_site: Path) -> Path:
    return checklist_site


def new_run(page, name: str, org: str = "") -> None:
    """Starts a run through the page's own form (keyboard: Enter submits)."""
    page.get_by_role("button", name="新建核查").click()
    form = page.locator(".portal-run-form")
    form.get_by_label("党组织").fill(org)
    form.locator("input[name=subject]").fill(name)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.portal-run-form').hidden && "
                           "!document.querySelector('.portal-run-select').disabled")


def item(page, item_id: str):
    return page.locator(f".portal-checklist__body [data-item='{item_id}']")


def set_state(page, item_id: str, label: str) -> None:
    item(page, item_id).get_by_label(label, exact=True).check()


def test_two_runs_keep_their_states_and_notes_across_reload_and_switching(page, site: Path) -> None:
    page.goto(SERVER_URL)
    page.evaluate("document.addEventListener('portal:checklist-changed', e => window.__last = e.detail)")
    new_run(page, "张三")
    set_state(page, "application-handwritten", "不符合")
    item(page, "application-handwritten").locator("textarea").fill("缺少落款日期")
    set_state(page, "one-year", "符合")
    assert page.evaluate("window.__last") == {"checklist": "dossier", "run": page.evaluate(
        "window.__last.run"), "subject": "张三", "item": "one-year", "status": "ok"}
    new_run(page, "李四")
    set_state(page, "quarterly-reports", "不适用")
    assert "已查 1 / 3 项" in page.locator(".portal-progress").inner_text()
    page.reload()
    assert page.locator(".portal-runs select option:checked").inner_text() == "李四"
    assert item(page, "quarterly-reports").get_attribute("data-status") == "na"
    page.locator(".portal-runs select").select_option(label="张三")
    assert item(page, "application-handwritten").get_attribute("data-status") == "issue"
    assert item(page, "application-handwritten").locator("textarea").input_value() == "缺少落款日期"
    assert item(page, "one-year").get_by_label("符合", exact=True).is_checked()
    progress = page.locator(".portal-progress").inner_text()
    assert "已查 2 / 3 项" in progress and "不符合1" in progress.replace(" ", "")
    assert "已查 1 / 2 项，不符合 1 项" in page.locator(".portal-section").first.inner_text()
    summary = page.locator(".portal-summary")
    summary.locator("summary").click()
    assert "张三" in summary.inner_text() and "李四" in summary.inner_text()


def test_rename_and_delete_with_confirmation(page, site: Path) -> None:
    page.goto(SERVER_URL)
    new_run(page, "张三")
    page.get_by_role("button", name="重命名").click()
    page.locator(".portal-run-form input[name=subject]").fill("张三丰")
    page.locator(".portal-run-form").get_by_label("党组织").fill("第二 党支部")
    page.get_by_role("button", name="确定").click()
    assert page.locator(".portal-runs select option:checked").inner_text() == "张三丰（第二党支部）"
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="删除").click()
    assert page.locator(".portal-runs select option").count() == 1
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="删除").click()
    assert "还没有核查记录" in page.locator(".portal-checklist").inner_text()


def test_csv_export_opens_in_excel_with_chinese_intact(page, site: Path, tmp_path: Path) -> None:
    page.goto(SERVER_URL)
    new_run(page, "张三", "第三党支部")
    page.locator(".portal-meta input").fill("王书记")
    set_state(page, "application-handwritten", "不符合")
    item(page, "application-handwritten").locator("textarea").fill("缺少签名, 需补\"签字\"")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出 CSV（Excel）").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    text = raw.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "清单,核查对象,分节,检查项,必查,状态,备注,党组织,核查人,更新时间,清单编号,记录编号,检查项编号"
    first = lines[1].split(",")
    assert lines[1].startswith('入党材料预审清单,张三,材料齐全,《入党申请书》由本人亲笔书写,是,不符合,"缺少签名, 需补""签字""",第三党支部,王书记,')
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", first[-4]), "the time of the last change"
    assert first[-3:-1] == ["dossier", page.locator(".portal-run-select").input_value()]
    assert first[-1] == "application-handwritten"
    assert ",否,未查,," in lines[2]
    assert info.value.suggested_filename.endswith(".csv") and "张三" in info.value.suggested_filename


def test_json_export_clear_and_import_restore_the_identical_run(page, site: Path) -> None:
    page.goto(SERVER_URL)
    new_run(page, "张三")
    set_state(page, "application-handwritten", "不符合")
    item(page, "application-handwritten").locator("textarea").fill("缺少落款日期")
    set_state(page, "one-year", "不适用")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出 JSON").click()
    exported = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert exported["checklist"] == "dossier" and exported["format"] == "portal-checklist-run"
    assert {i["id"]: i["text"] for i in exported["items"]}["one-year"] == "确定积极分子满一年后才确定为发展对象"
    before = page.evaluate("JSON.stringify(Object.values(JSON.parse(localStorage.getItem("
                           "Object.keys(localStorage).find(k => k.endsWith(':checklist:dossier')))).runs), "
                           "(k, v) => k === 't' || k === 'epoch' ? undefined : v)")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="清除本机数据").click()
    page.wait_for_load_state()
    assert "还没有核查记录" in page.locator(".portal-checklist").inner_text()
    page.locator("input.portal-file").set_input_files(info.value.path())
    page.wait_for_function("() => document.querySelector(\"[data-item='one-year']\").dataset.status === 'na'")
    after = page.evaluate("JSON.stringify(Object.values(JSON.parse(localStorage.getItem("
                          "Object.keys(localStorage).find(k => k.endsWith(':checklist:dossier')))).runs), "
                           "(k, v) => k === 't' || k === 'epoch' ? undefined : v)")
    assert after == before
    # importing the same run again asks before overwriting; "cancel" keeps both
    page.once("dialog", lambda d: d.dismiss())
    page.locator("input.portal-file").set_input_files(info.value.path())
    page.wait_for_function("document.querySelectorAll('.portal-runs select option').length === 2")


@pytest.mark.parametrize(("content", "message"), [
    (b"{not json", "文件不是有效的 JSON"),
    (b'{"hello": 1}', "这不是本站导出的核查记录"),
    (json.dumps({"format": "portal-checklist-run", "version": 1, "checklist": "meeting",
                 "run": {"subject": "x", "items": {}}}).encode(), "这份记录属于另一份清单（meeting）"),
])
def test_a_broken_or_foreign_import_is_refused_with_a_message(page, site: Path, tmp_path: Path,
                                                              content: bytes, message: str) -> None:
    page.goto(SERVER_URL)
    new_run(page, "张三")
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    page.locator("input.portal-file").set_input_files(str(bad))
    banner = page.locator(".portal-banner--import")
    banner.wait_for()
    assert message in banner.inner_text()
    assert page.locator(".portal-runs select option").count() == 1


def test_print_view_lists_the_problems_first_without_buttons_or_help(page, site: Path) -> None:
    page.goto(SERVER_URL)
    new_run(page, "张三")
    page.locator(".portal-meta input").fill("王书记")
    set_state(page, "one-year", "不符合")
    item(page, "one-year").locator("textarea").fill("只满十个月")
    set_state(page, "application-handwritten", "符合")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    report = page.locator(".portal-report")
    assert report.is_visible()
    text = report.inner_text()
    assert text.index("需要整改的问题") < text.index("确定积极分子满一年后才确定为发展对象（只满十个月）") < text.index("全部检查项")
    assert "张三" in text and "王书记" in text and "另有 1 项尚未检查" in text
    assert page.locator(".portal-runs").is_hidden()
    assert page.locator(".portal-checklist__body").is_hidden()


def test_items_added_or_removed_in_yaml_keep_the_saved_run(page, own_checklist_site: Path) -> None:
    site = own_checklist_site
    page.goto(SERVER_URL)
    new_run(page, "张三")
    set_state(page, "quarterly-reports", "不符合")
    item(page, "quarterly-reports").locator("textarea").fill("缺两次")
    set_state(page, "one-year", "符合")
    edited = CHECKLIST.replace(
        "      - id: quarterly-reports\n        text: 思想汇报每季度一次（本单位要求）\n        see: rules.md#vote\n"
        "        required: false\n",
        "      - id: training\n        text: 参加集中培训\n        see: rules.md#step-7\n")
    build(site, edited)
    page.reload()
    assert item(page, "one-year").get_attribute("data-status") == "ok"
    assert item(page, "training").get_attribute("data-status") == "unchecked"
    removed = page.locator(".portal-removed")
    assert "思想汇报每季度一次（本单位要求）：不符合（缺两次）" in removed.inner_text()
    build(site)  # the item comes back with its state
    page.reload()
    assert item(page, "quarterly-reports").get_attribute("data-status") == "issue"
    assert item(page, "quarterly-reports").locator("textarea").input_value() == "缺两次"


def test_the_page_keeps_working_and_warns_when_storage_throws(browser, site: Path, console) -> None:
    context = browser.new_context()
    context.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError') }")
    page = context.new_page()
    page.on("pageerror", lambda e: console.errors.append(str(e)))
    page.goto(SERVER_URL)
    new_run(page, "张三")
    set_state(page, "one-year", "符合")
    assert "无法保存到本机浏览器" in page.locator(".portal-banner--storage").inner_text()
    assert "已查 1 / 3 项" in page.locator(".portal-progress").inner_text()
    context.close()
    assert console.errors == []


def test_corrupt_stored_data_is_kept_aside_once_and_reported(page, site: Path) -> None:
    page.goto(SERVER_URL)
    key = page.evaluate("document.querySelector('[data-checklist]').dataset.store") + ":checklist:dossier"
    page.evaluate("([k]) => localStorage.setItem(k, '{broken')", [key])
    for _ in range(5):
        page.reload()
    page.reload()
    kept = page.evaluate("([k]) => Object.keys(localStorage).filter(x => x.startsWith(k + ':corrupt'))"
                         ".map(x => localStorage.getItem(x))", [key])
    assert kept == ["{broken"], "one copy, however often the page is opened"
    page.evaluate("([k]) => localStorage.setItem(k, '{broken')", [key])
    page.reload()
    assert "无法读取" in page.locator(".portal-banner--corrupt").inner_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="下载无法读取的原始数据").click()
    assert Path(info.value.path()).read_text("utf-8") == "{broken"


def test_states_can_be_set_with_the_keyboard_alone(page, site: Path) -> None:
    page.goto(SERVER_URL)
    new_run(page, "张三")
    first = item(page, "application-handwritten")
    first.get_by_label("未查").focus()
    page.keyboard.press("ArrowRight")  # radio group: moves to 符合 and selects it
    assert first.get_attribute("data-status") == "ok"
    page.keyboard.press("ArrowRight")
    assert first.get_attribute("data-status") == "issue"
    assert first.locator("textarea").is_visible()


def test_runs_record_their_organisation_in_a_form_and_the_export_is_version_2(page, site: Path, tmp_path: Path) -> None:
    page.on("dialog", lambda d: pytest.fail(f"no browser dialog for naming a run: {d.message}"))
    page.goto(SERVER_URL)
    new_run(page, "张三", "  第三　党支部 ")  # typed with stray and full-width spaces
    assert page.locator(".portal-run-select option:checked").inner_text() == "张三（第三党支部）"
    page.get_by_role("button", name="新建核查").click()
    form = page.locator(".portal-run-form")
    assert form.get_by_label("党组织").input_value() == "第三党支部", "a new run starts with the last organisation"
    assert page.locator(".portal-run-form datalist option").evaluate_all("os => os.map(o => o.value)") == ["第三党支部"]
    page.keyboard.press("Escape")
    assert form.is_hidden() and page.get_by_role("button", name="新建核查").evaluate("b => b === document.activeElement")
    set_state(page, "one-year", "不符合")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出 JSON").click()
    exported = json.loads(Path(info.value.path()).read_text("utf-8"))
    assert exported["version"] == 2 and exported["run"]["org"] == "第三党支部"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", exported["run"]["updated"])


def test_a_version_1_export_still_imports(page, site: Path, tmp_path: Path) -> None:
    page.goto(SERVER_URL)
    old = tmp_path / "v1.json"
    old.write_text(json.dumps({"format": "portal-checklist-run", "version": 1, "checklist": "dossier", "title": "入党材料预审清单",
                               "run": {"id": "r1", "subject": "张三", "created": "2026-11-01", "updated": "2026-11-02",
                                       "checker": "王书记", "items": {"one-year": {"s": "issue", "note": "缺"}}}}), "utf-8")
    page.locator("input.portal-file").set_input_files(str(old))
    page.wait_for_function("() => !document.querySelector('.portal-run-select').disabled")
    assert page.locator(".portal-run-select option:checked").inner_text() == "张三"
    assert item(page, "one-year").get_attribute("data-status") == "issue"
    assert page.locator(".portal-meta input").input_value() == "王书记"


def test_hidden_controls_are_hidden_and_focus_returns_after_a_rename(page, site: Path) -> None:
    page.goto(SERVER_URL)
    new_run(page, "张三")
    set_state(page, "one-year", "不符合")
    assert item(page, "one-year").get_by_role("button", name="添加备注").is_hidden()
    page.get_by_role("button", name="重命名").click()
    page.locator(".portal-run-form input[name=subject]").fill("张三丰")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "重命名"


def test_the_storage_warning_goes_once_saving_works_again(browser, site: Path, console) -> None:
    context = browser.new_context()
    context.add_init_script("window.__full = true; const set = Storage.prototype.setItem; Storage.prototype.setItem = "
                            "function (...a) { if (window.__full) throw new DOMException('full', 'QuotaExceededError'); "
                            "return set.apply(this, a); }")
    page = context.new_page()
    page.goto(SERVER_URL)
    new_run(page, "张三")
    assert page.locator(".portal-banner--storage").is_visible()
    page.evaluate("window.__full = false")
    set_state(page, "one-year", "符合")
    assert page.locator(".portal-banner--storage").count() == 0
    page.reload()
    assert item(page, "one-year").get_attribute("data-status") == "ok", "the run made while storage was full was saved"
    context.close()

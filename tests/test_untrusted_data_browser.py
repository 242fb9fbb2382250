"""Stored state and imported files are untrusted: wrong shapes are set aside with a banner (one
copy kept), hostile imports are refused with a message that names the field, nothing in them
runs as code, and CSV written by the checklist never becomes a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from test_checklist_browser import checklist_site, new_run  # noqa: F401  (a fixture)
from test_quiz_browser import quiz_site, quiz_url  # noqa: F401  (fixtures)

from conftest import SERVER_URL

pytestmark = pytest.mark.browser
HOSTILE = Path(__file__).parent / "hostile"
# Payloads that would set window.__pwned if any of them ever ran.
PAYLOADS = yaml.safe_load((HOSTILE / "runtime_payloads.yml").read_text("utf-8"))


def store_key(page, suffix: str) -> str:
    return page.evaluate("document.querySelector('[data-store]').dataset.store") + suffix


def put(page, key: str, value: str) -> None:
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, value])


def copies(page, key: str) -> list[str]:
    return page.evaluate("k => Object.keys(localStorage).filter(x => x.startsWith(k + ':corrupt'))", key)




def item(page, item_id: str):
    return page.locator(f".portal-checklist__body [data-item='{item_id}']")


# ------------------------------------------------------------------ stored state of the wrong shape
@pytest.mark.parametrize("attempts", ['"abc"', "[null]", '[{"score": "x"}]'])
def test_exam_attempts_of_the_wrong_shape_are_set_aside_and_the_questions_stay(page, quiz_url: str, attempts: str) -> None:
    page.goto(quiz_url + "exam/")
    key = store_key(page, ":quiz:exam")
    record = json.loads(page.evaluate("k => localStorage.getItem(k)", key))
    put(page, key, json.dumps(record)[:-1].rsplit('"attempts":', 1)[0] + f'"attempts":{attempts}}}')
    for _ in range(5):
        page.reload()
    assert page.locator("form [data-question]").count() == 3
    assert len(copies(page, key)) == 1
    put(page, key, json.dumps(record)[:-1].rsplit('"attempts":', 1)[0] + f'"attempts":{attempts}}}')
    page.reload()
    assert "无法读取" in page.locator(".portal-banner--corrupt").inner_text()
    assert page.locator("form [data-question]").count() == 3


@pytest.mark.parametrize("runs", [
    '{"__proto__": null, "r1": null}',
    '{"r1": {"id": "r1", "subject": "张三", "created": "2026-11-01", "updated": "2026-11-01", "checker": ""}}',
    '{"r1": {"id": "r1", "subject": {"a": 1}, "items": {}}}',
    '{"r1": {"id": "r1", "subject": "张三", "updated": "2026-11-01", "checker": "", "items": {"one-year": {"s": "evil"}}}}',
])
def test_checklist_runs_of_the_wrong_shape_keep_the_page_usable(page, checklist_site: Path, runs: str) -> None:
    page.goto(SERVER_URL)
    key = store_key(page, ":checklist:dossier")
    put(page, key, '{"v": 1, "current": "__proto__", "runs": ' + runs + "}")
    page.reload()
    assert "无法读取" in page.locator(".portal-banner--corrupt").inner_text()
    assert item(page, "one-year").is_visible(), "the list of items stays on the page"
    new_run(page, "李四")
    item(page, "one-year").get_by_label("符合", exact=True).check()
    page.reload()
    assert page.locator(".portal-banner--corrupt").count() == 0, "set aside once, then clean"
    assert item(page, "one-year").get_attribute("data-status") == "ok"
    assert len(copies(page, key)) == 1


def test_corrupt_mistakes_are_reported_not_silently_reset(page, quiz_url: str) -> None:
    page.goto(quiz_url + "mistakes/")
    key = store_key(page, ":mistakes")
    put(page, key, '{"v": 1, "items": {"types/single": {"bank": "types", "id": "single", "at": "2026-11-01"}, "x": 5}}')
    page.reload()
    assert "无法读取" in page.locator(".portal-banner--corrupt").inner_text()
    assert "共 1 道错题" in page.locator(".portal-mistakes").inner_text()


def test_hostile_text_in_storage_is_shown_as_text_and_never_runs(page, checklist_site: Path) -> None:
    page.goto(SERVER_URL)
    key = store_key(page, ":checklist:dossier")
    payload = PAYLOADS[0]
    put(page, key, json.dumps({"v": 1, "current": "r1", "runs": {"r1": {
        "id": "r1", "subject": payload, "created": "2026-11-01", "updated": "2026-11-01", "checker": payload,
        "items": {"one-year": {"s": "issue", "note": payload, "text": payload, "section": payload},
                  "removed-one": {"s": "issue", "note": payload, "text": payload, "section": payload}}}}}))
    page.reload()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert payload in page.locator(".portal-removed").inner_text()
    assert page.locator(".portal-run-select option:checked").inner_text() == payload


# ------------------------------------------------------------------ import
def export_of(run: dict, checklist: str = "dossier") -> str:
    return json.dumps({"format": "portal-checklist-run", "version": 1, "checklist": checklist, "run": run},
                      ensure_ascii=False)


def import_file(page, tmp_path: Path, text: str, name: str = "import.json") -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    page.locator("input.portal-file").set_input_files(str(path))


@pytest.mark.parametrize("run_id", ["__proto__", "constructor", "hasOwnProperty"])
def test_inherited_names_as_run_ids_import_like_any_other(page, checklist_site: Path, tmp_path: Path, run_id: str) -> None:
    page.goto(SERVER_URL)
    page.on("dialog", lambda d: pytest.fail(f"unexpected prompt: {d.message}"))
    import_file(page, tmp_path, export_of({"id": run_id, "subject": "张三", "items": {"one-year": {"s": "issue", "note": "缺"}}}))
    page.wait_for_function("() => !document.querySelector('.portal-run-select').disabled")
    assert "已导入“张三”" in page.locator(".portal-live").first.inner_text()
    page.reload()
    assert page.locator(".portal-run-select option:checked").inner_text() == "张三"
    assert item(page, "one-year").get_attribute("data-status") == "issue"


@pytest.mark.parametrize(("run", "message"), [
    ({"id": "r1", "subject": "张三", "items": None}, "run.items 应为键值对"),
    ({"id": "r1", "subject": "张三", "items": {"one-year": {"s": "ok", "note": 5}}}, "run.items.one-year.note 应为不超过 2000 个字的文字"),
    ({"id": "r1", "subject": "张三", "items": {"one-year": {"s": "ok", "note": {"a": 1}}}}, "run.items.one-year.note"),
    ({"id": "r1", "subject": "张三", "items": {"one-year": 7}}, "run.items.one-year 应为键值对"),
    ({"id": "r1", "subject": "张三", "items": {"one-year": {"s": "maybe"}}}, "run.items.one-year.s 应为"),
    ({"id": "r1", "subject": 42, "items": {}}, "run.subject 应为不超过 100 个字的文字"),
    ({"id": "r1", "subject": "张" * 1_000_000, "items": {}}, "run.subject 应为不超过 100 个字的文字"),
    ({"id": "r1", "subject": "张三", "checker": ["x"], "items": {}}, "run.checker"),
    ({"id": "../../x y", "subject": "张三", "items": {}}, "run.id"),
])
def test_imports_that_do_not_fit_the_format_are_refused_with_the_field_named(page, checklist_site: Path, tmp_path: Path,
                                                                            run: dict, message: str) -> None:
    page.goto(SERVER_URL)
    import_file(page, tmp_path, export_of(run))
    banner = page.locator(".portal-banner--import")
    banner.wait_for()
    assert message in banner.inner_text()
    assert page.locator(".portal-run-select").is_disabled(), "nothing was stored"
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.includes(':checklist:')).length") == 0


def test_an_import_file_over_five_megabytes_is_refused(page, checklist_site: Path, tmp_path: Path) -> None:
    page.goto(SERVER_URL)
    import_file(page, tmp_path, export_of({"id": "r1", "subject": "张三", "items": {}, "pad": "x" * (5 * 1024 * 1024)}))
    assert "超过 5 MB" in page.locator(".portal-banner--import").inner_text()


def test_cancel_at_overwrite_imports_under_a_distinct_name(page, checklist_site: Path, tmp_path: Path) -> None:
    page.goto(SERVER_URL)
    text = export_of({"id": "r1", "subject": "张三", "items": {"one-year": {"s": "ok"}}})
    import_file(page, tmp_path, text)
    page.wait_for_function("() => !document.querySelector('.portal-run-select').disabled")
    page.once("dialog", lambda d: d.dismiss())
    import_file(page, tmp_path, text, "again.json")
    page.wait_for_function("() => document.querySelectorAll('.portal-run-select option').length === 2")
    assert sorted(page.locator(".portal-run-select option").all_inner_texts()) == ["张三", "张三（导入）"]


def test_hostile_text_in_an_import_never_runs(page, checklist_site: Path, tmp_path: Path) -> None:
    page.goto(SERVER_URL)
    for i, payload in enumerate(PAYLOADS):
        import_file(page, tmp_path, export_of({"id": f"r{i}", "subject": payload[:100], "checker": payload[:100], "items": {
            "one-year": {"s": "issue", "note": payload}, "gone": {"s": "issue", "note": payload, "text": payload}}}),
            f"p{i}.json")
        page.wait_for_function("n => document.querySelectorAll('.portal-run-select option').length === n", arg=i + 1)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.locator(".portal-summary summary").click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None


# ------------------------------------------------------------------ CSV
def test_checklist_csv_never_starts_a_formula(page, checklist_site: Path, tmp_path: Path) -> None:
    page.goto(SERVER_URL)
    new_run(page, "=1+2")
    item(page, "one-year").get_by_label("不符合", exact=True).check()
    note = '=HYPERLINK("http://evil.example/","点我")'
    item(page, "one-year").locator("textarea").fill(note)
    item(page, "application-handwritten").get_by_label("不符合", exact=True).check()
    item(page, "application-handwritten").locator("textarea").fill("-2+3")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出 CSV（Excel）").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert "'=1+2" in cells and "'" + note in cells and "'-2+3" in cells, "the text stays readable"


def test_fields_a_record_does_not_know_are_dropped_not_kept(page, quiz_url: str) -> None:
    page.goto(quiz_url + "exam/")
    key = store_key(page, ":quiz:exam")
    record = json.loads(page.evaluate("k => localStorage.getItem(k)", key))
    record["answers"]["exam/a"] = {"a": True, "t": 5, "r": record["round"]["id"], "junk": "x" * 100_000}
    record["round"]["junk"] = [[[[1]]]]
    put(page, key, json.dumps(record))
    page.reload()
    question = page.locator("form [data-question='b']")
    question.get_by_label("正确").check()
    stored = page.evaluate("k => localStorage.getItem(k)", key)
    assert "junk" not in stored and len(stored) < 5000


def test_an_import_with_too_many_items_or_invisible_characters(page, checklist_site: Path, tmp_path: Path) -> None:
    page.goto(SERVER_URL)
    many = {f"item-{i}": {"s": "ok"} for i in range(1001)}
    import_file(page, tmp_path, export_of({"id": "r1", "subject": "张三", "items": many}))
    assert "run.items 超过 1000 项" in page.locator(".portal-banner--import").inner_text()
    import_file(page, tmp_path, export_of({"id": "r2", "subject": "张\u202e三\u200b\u0000", "items": {}}), "b.json")
    page.wait_for_function("() => !document.querySelector('.portal-run-select').disabled")
    assert page.locator(".portal-run-select option:checked").inner_text() == "张三"

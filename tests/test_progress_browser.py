"""The progress page in Chromium: it counts what was answered and checked on other pages; a
backup from one browser profile restores into a fresh one with the same progress; a restore over
existing data shows what it will change, then merges (both sides' entries survive); a file of
the wrong kind is refused with a message; no axe violations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_accessibility import violations
from test_checklist_browser import new_run

from conftest import StaticServer

pytestmark = pytest.mark.browser


def answer_first_choice_questions(page, url: str, n: int, *, right: bool) -> None:
    """Checks `n` single-choice questions of a practice page, right or wrong as asked."""
    page.goto(url)
    questions = page.locator("form [data-question][data-type=single]")
    for i in range(n):
        q = questions.nth(i)
        labels = q.locator(".portal-choices label")
        for j in range(labels.count()):
            labels.nth(j).locator("input").check()
            q.get_by_role("button", name="检查答案").click()
            verdict = q.locator(".portal-verdict").inner_text()
            if (verdict == "回答正确") == right:
                break


def row(page, kind: str, ident: str) -> list[str]:
    return page.locator(f".portal-progress__view tr[data-{kind}='{ident}'] td").all_inner_texts()


def progress_of(page, url: str) -> dict[str, list[str]]:
    page.goto(url + "study/progress/")
    return {"stage-1": row(page, "bank", "stage-1"), "stage-2": row(page, "bank", "stage-2"), "stage-3": row(page, "bank", "stage-3"),
            "final": row(page, "bank", "final"), "dossier": row(page, "checklist", "dossier")}


def test_progress_counts_answers_and_checks_made_on_other_pages(page, static_server: StaticServer) -> None:
    url = static_server.url
    page.goto(url + "study/progress/")
    before = row(page, "bank", "stage-1")
    total = int(before[1].split("/")[1])
    assert before[1] == f"0 / {total}" and before[3] == str(total) and before[4] == "0"
    assert "还没有核查记录" in row(page, "checklist", "dossier")[2]
    assert page.locator(".portal-progress__view tr[data-bank='stage-1'] a").get_attribute("href").endswith("study/stage-1/")

    answer_first_choice_questions(page, url + "study/stage-1/", 2, right=True)
    answer_first_choice_questions(page, url + "study/stage-2/", 1, right=False)
    page.goto(url + "checks/dossier/")
    new_run(page, "张三", "第三党支部")
    items = page.locator(".portal-checklist__body [data-item]")
    count = items.count()
    items.nth(0).get_by_label("符合", exact=True).check()
    items.nth(1).get_by_label("不符合", exact=True).check()

    now = progress_of(page, url)
    assert now["stage-1"][1:5] == [f"2 / {total}", "2", str(total - 2), "0"]
    assert now["stage-2"][1:3] == [now["stage-2"][1], "0"] and now["stage-2"][1].startswith("1 / ")
    assert now["stage-2"][4] == "1"  # one open mistake
    assert now["dossier"][1] == "1" and now["dossier"][2] == f"张三：{count - 2} 项未查"
    assert violations(page) == []


def test_backup_restores_into_a_fresh_profile_and_merges_over_existing_data(
        page, browser, static_server: StaticServer, tmp_path: Path) -> None:
    url = static_server.url
    answer_first_choice_questions(page, url + "study/stage-1/", 2, right=True)
    page.goto(url + "checks/dossier/")
    new_run(page, "张三", "第三党支部")
    page.locator(".portal-checklist__body [data-item]").first.get_by_label("符合", exact=True).check()
    original = progress_of(page, url)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载备份").click()
    backup = tmp_path / "backup.json"
    info.value.save_as(backup)
    data = json.loads(backup.read_text("utf-8"))
    assert data["format"] == "portal-backup" and data["version"] == 1 and data["exported"]
    assert all(k.startswith(data["site"] + ":") for k in data["records"])

    fresh = browser.new_context(locale="zh-CN")
    other = fresh.new_page()
    try:
        # the fresh profile has progress of its own: another bank answered, another run
        answer_first_choice_questions(other, url + "study/stage-3/", 1, right=False)
        other.goto(url + "checks/dossier/")
        new_run(other, "李四", "第一党支部")
        mine = progress_of(other, url)
        other.get_by_role("button", name="从备份恢复")  # a visible button; the file goes to its input
        other.locator(".portal-progress__restore-file").set_input_files(str(backup))
        plan = other.locator(".portal-progress__plan")
        plan.get_by_role("button", name="确认合并").wait_for()
        statuses = {li.get_attribute("data-key").split(":", 2)[2]: li.get_attribute("data-status")
                    for li in plan.locator("li[data-key]").all()}
        assert statuses["quiz:stage-1"] == "new" and statuses["checklist:dossier"] == "merged"
        assert statuses["mistakes"] == "merged"
        assert row(other, "bank", "stage-1") == mine["stage-1"]  # nothing changes before confirming
        plan.get_by_role("button", name="确认合并").click()
        assert "已合并" in other.locator(".portal-progress .portal-live").first.inner_text()
        after = {k: row(other, "checklist" if k == "dossier" else "bank", k) for k in ("stage-1", "stage-3", "dossier")}
        assert after["stage-1"] == original["stage-1"]  # the backup's progress
        assert after["stage-3"] == mine["stage-3"] and after["stage-3"][1].startswith("1 / ")
        assert "张三" in after["dossier"][2] and "李四" in after["dossier"][2] and after["dossier"][1] == "2"
        other.reload()  # stored, not only shown
        assert row(other, "checklist", "dossier")[1] == "2"
        # the same file again changes nothing
        other.locator(".portal-progress__restore-file").set_input_files(str(backup))
        other.get_by_text("没有需要合并的内容").wait_for()
    finally:
        fresh.close()


@pytest.mark.parametrize(("content", "words"), [
    ("not json", "不是有效的 JSON"),
    ('{"format": "something-else", "version": 1, "records": {}}', "不是本站的备份文件"),
    ('{"format": "portal-backup", "version": 1, "site": "portal:00000000", "records": {}}', "来自另一个网站"),
])
def test_a_wrong_file_is_refused_with_a_message(page, static_server: StaticServer, tmp_path: Path,
                                                content: str, words: str) -> None:
    page.goto(static_server.url + "study/progress/")
    path = tmp_path / "x.json"
    path.write_text(content, "utf-8")
    page.locator(".portal-progress__restore-file").set_input_files(str(path))
    page.get_by_text(words).wait_for()
    assert page.get_by_role("button", name="确认合并").count() == 0


def test_unknown_keys_and_wrong_shapes_are_skipped_with_a_message(page, static_server: StaticServer,
                                                                  tmp_path: Path) -> None:
    page.goto(static_server.url + "study/progress/")
    site = page.locator("[data-progress]").get_attribute("data-store")
    records = {f"{site}:quiz:stage-1": {"v": 2, "answers": "nope"}, f"{site}:secret": {"v": 2},
               f"{site}:mistakes": {"v": 2, "items": {"stage-1/x": {"bank": "stage-1", "id": "x", "at": "2024-01-01", "t": 5, "on": True}}}}
    path = tmp_path / "b.json"
    path.write_text(json.dumps({"format": "portal-backup", "version": 1, "site": site, "records": records}), "utf-8")
    page.locator(".portal-progress__restore-file").set_input_files(str(path))
    problems = page.locator(".portal-progress__problems").inner_text()
    assert "题库：阶段一 申请入党：记录格式不对" in problems and "1 条记录不是本站的记录" in problems
    assert site not in problems  # a reader sees titles, never a record's key
    assert page.locator(".portal-progress__plan li[data-status=new]").count() == 1

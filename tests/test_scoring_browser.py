"""The browser's scoring function equals Python's on the shared vectors, and an exam weighs its
questions by their points."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_quiz_browser import EXAM
from test_scoring import MARKING, VECTORS

from conftest import SERVER_URL, StaticServer, build_or_fail
from sites import write_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def points_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pointssite")
    weighted = EXAM.replace("    explain: 一年。", "    explain: 一年。\n    points: 3")
    config = write_site(root, {
        "quizzes/exam.yml": weighted,
        "docs/index.md": "# 考试\n\n/// quiz | exam\n    mode: exam\n///\n",
    }, site_url=SERVER_URL)
    return build_or_fail(config, root / "site")


@pytest.fixture
def url(points_site: Path, static_server: StaticServer) -> Iterator[str]:
    previous = static_server.root
    yield static_server.serve(points_site)
    static_server.serve(previous)


def test_the_browser_scores_the_shared_vectors_as_python_does(page, url: str) -> None:
    page.goto(url)
    got = page.evaluate("cases => cases.map(c => portalKit.quiz.score(c.marks).score)", VECTORS)
    assert got == [c["score"] for c in VECTORS]


def test_an_exam_weighs_questions_by_their_points(page, url: str) -> None:
    page.goto(url)
    questions = page.locator("form [data-question]")
    questions.nth(0).get_by_label("正确").check()  # right, 3 points
    questions.nth(1).get_by_label("正确").check()  # wrong
    questions.nth(2).get_by_label("错误").check()  # wrong
    page.get_by_role("button", name="交卷").click()
    assert "得分 60 分（答对 1 / 3 题）" in page.locator(".portal-quiz__summary").inner_text()


def test_the_browser_marks_the_shared_vectors_as_python_does(page, url: str) -> None:
    page.goto(url)
    got = page.evaluate("cases => cases.map(c => portalKit.quiz.isRight(c.q, c.a))", MARKING)
    assert got == [c["right"] for c in MARKING]

"""Quiz blocks: Markdown in → HTML out, block errors with page and line, fixture-site builds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from portalkit.project import ProjectLayout
from portalkit.session import PortalSession

import sites
from conftest import build_or_fail, run_mkdocs_build
from sites import runtime_data, write_site

BANK = """\
title: 测试题库
description: 两道题。
pass_mark: 80
questions:
  - id: talk
    type: single
    prompt: 收到申请书后多久内谈话？
    options: [一个月内, {text: 三个月内, feedback: 是一个月内。}]
    answer: 一个月内
    explain: 《细则》第七条。
    see: rules.md#step-7
    tags: [时限]
  - id: majority
    type: truefalse
    prompt: 赞成票按实到会人数计算。
    answer: false
    explain: 按应到会人数计算。
    see: rules.md#vote
"""


@pytest.fixture
def session(tmp_path: Path) -> PortalSession:
    write_site(tmp_path, {"quizzes/basics.yml": BANK, "docs/index.md": "# 首页\n"})
    return PortalSession(ProjectLayout(tmp_path, tmp_path / "docs"), site_name="测试站点")


def convert(session: PortalSession, source: str, src: str = "study/basics.md") -> str:
    return sites.convert(session, source, src)


def test_a_quiz_block_renders_semantic_html_and_runtime_data(session: PortalSession) -> None:
    html = convert(session, "# 自测\n\n/// quiz | basics\n    mode: exam\n///\n")
    assert '<section class="portal-quiz" data-search-exclude data-quiz="basics" data-mode="exam"' in html
    assert html.count('<li class="portal-question" data-question=') == 2
    assert re.search(r'<fieldset>\s*<legend><span class="portal-question__type">单选题</span> 收到申请书后多久内谈话？</legend>',
                     html)
    assert '<label><input type="radio" name="q1-1" value="一个月内"> 一个月内</label>' in html
    # answers folded, kept out of search, with a link relative to this page
    assert '<details class="portal-answer" data-search-exclude>' in html
    assert '<a href="../../rules/#step-7">查看依据</a>' in html
    data = runtime_data(html)
    assert data["passMark"] == 80 and data["mode"] == "exam"
    assert data["questions"][0]["options"][1] == ["三个月内", "三个月内", "是一个月内。"]
    assert data["questions"][1]["answer"] is False
    assert session.log.items == []


def test_links_follow_the_page_depth(session: PortalSession) -> None:
    html = convert(session, "/// quiz | basics\n///\n", src="index.md")
    assert '<a href="rules/#step-7">查看依据</a>' in html


def test_tags_and_draw_options_shape_the_pool(session: PortalSession) -> None:
    html = convert(session, "/// quiz | basics\n    tags: [时限]\n///\n")
    assert html.count("data-question=") == 1
    html = convert(session, "/// quiz | basics\n    draw: 1\n    shuffle: true\n///\n")
    assert 'data-draw="1"' in html and "data-shuffle" in html and "每次从 2 题中抽 1 题" in html


def test_a_drawn_timed_exam_renders_no_question_markup(tmp_path: Path) -> None:
    write_site(tmp_path, {"quizzes/basics.yml": BANK.replace("pass_mark: 80", "pass_mark: 80\ntime_limit: 20"),
                          "docs/index.md": "# 首页\n", "docs/study/practice.md": "# 练习页\n\n/// quiz | basics\n    mode: exam\n///\n"})
    session = PortalSession(ProjectLayout(tmp_path, tmp_path / "docs"), site_name="测试站点")
    html = convert(session, "/// quiz | basics\n    mode: exam\n    draw: 1\n///\n", "study/final.md")
    assert "data-question=" not in html and "portal-question" not in html  # only the drawn ones, by the runtime
    assert "需要浏览器启用 JavaScript" in html and '<a href="../../study/practice/">练习页</a>' in html
    assert "限时 20 分钟" in html
    data = runtime_data(html)
    assert data["timeLimit"] == 20 and len(data["questions"]) == 2 and data["draw"] == 1
    # the bank's limit makes a practice block an error; the block's own limit wins over the bank's
    convert(session, "/// quiz | basics\n///\n")
    assert any("只能用于考试" in str(p) for p in session.log), [str(p) for p in session.log]
    html = convert(session, "/// quiz | basics\n    mode: exam\n    time_limit: 5\n///\n")
    assert runtime_data(html)["timeLimit"] == 5


@pytest.mark.parametrize(("source", "line", "words"), [
    ("# 页\n\n/// quiz | basic\n///\n", 3, "找不到 quizzes/basic.yml。是不是 basics？"),
    ("# 页\n\n正文\n\n/// quiz\n///\n", 5, "quiz 块缺少 id"),
    ("/// quiz | basics\n    mdoe: exam\n///\n", 1, "quiz 块不认识选项 “mdoe”。是不是 mode？"),
    ("/// quiz | basics\n    mode: test\n///\n", 1, "mode 应为 practice（练习）或 exam（考试）"),
    ("/// quiz | basics\n    draw: 5\n///\n", 1, "要抽 5 题，但题库 basics 只有 2 题"),
    ("/// quiz | basics\n\n这里写了正文\n///\n", 1, "quiz 块里不能写正文"),
    ("/// quiz | basics\n    mode: exam\n    time_limit: 0\n///\n", 1, "time_limit：time_limit 应为 1 到 600 的整数"),
    ("# 页\n\n/// quiz | basics\n    time_limit: 30\n///\n", 3, "time_limit：time_limit（限时）只用于考试"),
    ("# 页\n\n/// quiz | basics\n    mode: exam\n///\n\n/// checklist | nope\n///\n", 7, "找不到 checklists/nope.yml"),
])
def test_a_wrong_block_is_an_error_with_page_and_line(session: PortalSession, source: str, line: int,
                                                      words: str) -> None:
    html = convert(session, source)
    problems = [str(p) for p in session.log]
    assert any(p.startswith(f"docs/study/basics.md:{line}:") and words in p for p in problems), problems
    assert "///" not in re.sub(r"<pre.*?</pre>", "", html, flags=re.S), "block left as literal text"


def test_a_block_blocks_could_not_parse_is_an_error_not_silent_text(session: PortalSession) -> None:
    # broken YAML in the options: Blocks leaves the lines as a paragraph; the build must stop,
    # and say why (Blocks does not)
    convert(session, "# 页\n\n/// quiz | basics\n    mode: exam\n    tags: [时限\n///\n")
    problems = [str(p) for p in session.log]
    assert any(p.startswith("docs/study/basics.md:3:") and "“/// quiz” 块没有被识别" in p
               and "原因：选项第 5 行不是合法的 YAML（方括号列表没有闭合" in p for p in problems), problems


@pytest.mark.parametrize(("opener", "name"), [("quizz", "quiz"), ("Checklists", "checklist"), ("progres", "progress")])
def test_a_misspelt_block_kind_is_an_error_not_silent_text(session: PortalSession, opener: str, name: str) -> None:
    convert(session, f"# 页\n\n```\n/// {opener} | x\n```\n\n/// {opener} | basics\n///\n")
    problems = [str(p) for p in session.log]
    assert f"docs/study/basics.md:7: 错误: 没有 “{opener}” 这种块，它会原样显示在页面上。是不是 {name}？" in problems, problems


def test_another_extensions_block_kind_is_not_ours_to_judge(session: PortalSession) -> None:
    convert(session, "# 页\n\n/// details | 展开\n内容\n///\n\n/// note\n///\n")
    assert session.log.items == []


def test_options_that_are_not_key_value_lines_are_named_as_the_cause(session: PortalSession) -> None:
    convert(session, "# 页\n\n/// quiz | basics\n    - exam\n///\n")
    problems = [str(p) for p in session.log]
    assert any(p.startswith("docs/study/basics.md:3:") and "原因：选项应写成“键: 值”" in p for p in problems), problems


def test_an_option_written_twice_is_an_error_at_the_second(session: PortalSession) -> None:
    """YAML keeps the later of two equal keys without a word: the reader got practice mode."""
    convert(session, "# 页\n\n/// quiz | basics\n    mode: exam\n    draw: 1\n    mode: practice\n///\n")
    problems = [str(p) for p in session.log]
    assert "docs/study/basics.md:6: 错误: mode：选项 “mode” 写了两次（第 4 行已写过），只有后一个会生效。请删去一个。" \
        in problems, problems


def test_a_block_inside_a_code_fence_is_not_a_block(session: PortalSession) -> None:
    html = convert(session, "```\n/// quiz | nope\n///\n```\n")
    assert session.log.items == [] and "portal-quiz" not in html


def test_check_command_reports_every_problem_and_exits_1(tmp_path: Path) -> None:
    broken = BANK.replace("answer: 一个月内", "answer: 两个月内").replace("rules.md#vote", "rules.md#nope")
    write_site(tmp_path, {"quizzes/basics.yml": broken, "quizzes/unused.yml": BANK,
                          "docs/index.md": "/// quiz | basics\n    mdoe: exam\n///\n"})
    result = subprocess.run([sys.executable, "-m", "portalkit", "check"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1, result.stdout
    out = result.stdout
    assert "quizzes/basics.yml:9:" in out and "答案 “两个月内” 不是任何一个选项的原文" in out
    assert "quizzes/basics.yml:18:" in out and "没有锚点 #nope" in out
    assert "docs/index.md:1:" in out and "是不是 mode" in out
    assert "quizzes/unused.yml: 提醒: 没有任何页面使用它" in out
    assert "3 个错误，1 个提醒" in out
    assert "Traceback" not in out + result.stderr


def test_check_command_passes_a_clean_site(tmp_path: Path) -> None:
    write_site(tmp_path, {"quizzes/basics.yml": BANK, "docs/index.md": "/// quiz | basics\n///\n"})
    result = subprocess.run([sys.executable, "-m", "portalkit", "check"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and "没有发现问题" in result.stdout, result.stdout


def test_a_fixture_site_with_quizzes_builds_and_keeps_answers_out_of_search(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"quizzes/basics.yml": BANK,
                                   "docs/index.md": "# 首页\n\n/// quiz | basics\n///\n"})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert 'data-quiz="basics"' in html
    for name in ("store.js", "ui.js", "quiz.js", "ui.css", "quiz.css"):
        assert f"assets/portalkit/{name}" in html and (tmp_path / "site" / "assets" / "portalkit" / name).is_file()
    assert "checklist.js" not in html, "a page loads only the modules of its blocks"
    index = (tmp_path / "site" / "search" / "search_index.json").read_text("utf-8")
    assert "按应到会人数计算" not in index and "第七条" not in index
    # nor the runtime's interface text, which stands once per page outside the blocks
    assert '<template class="portal-text" data-area="quiz" data-search-exclude>' in html
    assert "交卷" not in index and "no_storage" not in index and "清除本机数据" not in index


def test_a_block_nested_in_a_pymdownx_block_with_the_same_fence_renders(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"quizzes/basics.yml": BANK, "docs/index.md":
                                   "# 首页\n\n/// admonition | 自测\n\n/// quiz | basics\n///\n///\n\n之后。\n"})
    config.write_text(config.read_text("utf-8").replace("  - admonition\n", "  - pymdownx.blocks.admonition\n"),
                      "utf-8")
    site = build_or_fail(config, tmp_path / "site")
    html = (site / "index.html").read_text("utf-8")
    assert re.search(r'<div class="admonition">\s*<p class="admonition-title">自测</p>\s*<div class="portal-block">'
                     r'.*?data-quiz="basics"', html, re.S), html[html.find("admonition"):][:400]
    assert "<p>之后。</p>" in html


def test_a_broken_bank_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    broken = BANK.replace("answer: false", "answer: 不对")
    config = write_site(tmp_path, {"quizzes/basics.yml": broken, "docs/index.md": "/// quiz | basics\n///\n"})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "quizzes/basics.yml:16:" in result.stderr and "判断题的答案应为 true 或 false" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_site_can_override_the_question_template(tmp_path: Path) -> None:
    write_site(tmp_path, {"quizzes/basics.yml": BANK, "docs/index.md": "# 首页\n",
                          "overrides/portalkit/question.html":
                              '<li class="mine" data-question="{{ q.id }}">{{ index }}. {{ text.inline(q.prompt) }}</li>'})
    session = PortalSession(ProjectLayout(tmp_path, tmp_path / "docs"), override_dir=tmp_path / "overrides" / "portalkit")
    html = convert(session, "/// quiz | basics\n///\n")
    assert '<li class="mine" data-question="talk">1. 收到申请书后多久内谈话？</li>' in html
    assert 'data-quiz="basics"' in html  # the package's wrapper is still used


def test_the_fast_question_markup_matches_the_template(session: PortalSession) -> None:
    from portalkit.quiz.markup import answer_text, question_html
    from portalkit.quiz.model import TYPE_LABELS

    for i, q in enumerate(session.catalog.banks["basics"].questions, 1):
        fast = question_html(q, i, "u", session.text)
        slow = session.templates.render("question.html", q=q, index=i, uid="u", labels=TYPE_LABELS,
                                        text=session.text, answer_text=answer_text)
        assert re.sub(r">\s+<", "><", fast.strip()) == re.sub(r">\s+<", "><", slow.strip())


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_fast_block_markup_is_the_quiz_template_exactly(tmp_path: Path, language: str) -> None:
    """The Python fast path (portalkit.quiz.markup.quiz_html) must print what quiz.html prints,
    for every branch of the template: a site that copies quiz.html to overrides/ sees no change."""
    from portalkit.i18n import Messages
    from portalkit.quiz.model import QuizBlockOptions
    from portalkit.quiz.render import render_quiz
    from portalkit.templating import PACKAGE_TEMPLATES, Templates

    write_site(tmp_path, {"quizzes/basics.yml": BANK.replace("两道题。", "两道**题**：<b>&</b>"),
                          "docs/index.md": "# 首页\n"})
    write_site(tmp_path, {"overrides/portalkit/quiz.html": (PACKAGE_TEMPLATES / "quiz.html").read_text("utf-8")})
    session = PortalSession(ProjectLayout(tmp_path, tmp_path / "docs"))
    bank = session.catalog.banks["basics"]
    questions = bank.questions
    fast, jinja = Templates(), Templates(tmp_path / "overrides" / "portalkit")
    assert jinja.overridden("quiz.html") and not fast.overridden("quiz.html")
    messages = Messages(language)
    cases = [
        (QuizBlockOptions(), "", None),
        (QuizBlockOptions(mode="exam", shuffle=True, time_limit=30), 'rules "2014" <&>', None),
        (QuizBlockOptions(mode="exam", draw=1), "", [("学习 <一>", "a/?x=1&y=\"2\"")]),
        (QuizBlockOptions(draw=1, tags=["时限"]), "note", None),
    ]
    for options, note, pages in cases:
        out = [render_quiz(bank, questions, options, session.text, templates, "portal:s&1", messages, note, pages)
               for templates in (fast, jinja)]
        assert out[0] == out[1], (options, note, pages)
    assert "<b>" not in out[0] and "两道<strong>题</strong>" in out[0]


def test_a_bank_with_a_syntax_error_is_reported_once_not_again_on_each_page(tmp_path: Path) -> None:
    write_site(tmp_path, {"quizzes/basics.yml": "title: [测试\n", "docs/index.md": "/// quiz | basics\n///\n",
                          "docs/more.md": "/// quiz | basics\n///\n"})
    result = subprocess.run([sys.executable, "-m", "portalkit", "check"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "quizzes/basics.yml:" in result.stdout and "YAML 语法错误" in result.stdout
    assert "找不到" not in result.stdout and "1 个错误" in result.stdout, result.stdout

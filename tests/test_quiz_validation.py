"""Loading and validating quiz banks: every problem named by file, line, field, in Chinese."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from portalkit.catalog import load_catalog
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.quiz.parse import load_bank

GOOD_QUESTION = """\
  - id: talk
    type: single
    prompt: 收到申请书后多久内谈话？
    options: [一个月内, 三个月内]
    answer: 一个月内
    explain: 《细则》第七条。
    see: rules.md#step-7
"""


def load(tmp_path: Path, text: str, name: str = "bank.yml") -> tuple[object, list[str]]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), "utf-8")
    log = ProblemLog(display_root=tmp_path)
    bank = load_bank(path, log)
    return bank, [str(p) for p in log]


def test_a_good_bank_loads_into_typed_questions(tmp_path: Path) -> None:
    bank, problems = load(tmp_path, "title: 测试\npass_mark: 80\nquestions:\n" + GOOD_QUESTION)
    assert problems == []
    q = bank.questions[0]
    assert (bank.id, bank.pass_mark, q.id, q.type, q.answer) == ("bank", 80, "talk", "single", ["一个月内"])
    assert q.see_line == 10


# (YAML, expected line, words the message must contain)
BAD_BANKS = [
    pytest.param("title: 测试\nquestions:\n  - id: a\n    type: single\n    prompt: 题\n    options: [甲, 乙]\n"
                 "    answer: 丙\n    explain: 解\n    see: rules.md#vote\n",
                 7, ["questions[0].answer", "答案 “丙” 不是任何一个选项的原文"], id="answer-not-an-option"),
    pytest.param("title: 测试\nquestions:\n  - id: a\n    type: single\n    prompt: 题\n    options: [甲]\n"
                 "    answer: 甲\n    explain: 解\n    see: rules.md#vote\n",
                 6, ["至少需要 2 个选项"], id="too-few-options"),
    pytest.param("title: 测试\nquestions:\n" + GOOD_QUESTION + GOOD_QUESTION,
                 10, ["题目 id “talk”重复（第 3 行已用过）"], id="duplicate-id"),
    pytest.param("title: 测试\ntime_limit: 0\nquestions:\n" + GOOD_QUESTION,
                 2, ["time_limit", "应在 1 到 600 之间，实际是 0"], id="time-limit-zero"),
    pytest.param("title: 测试\ntime_limit: 半小时\nquestions:\n" + GOOD_QUESTION,
                 2, ["time_limit", "应为整数"], id="time-limit-not-a-number"),
    pytest.param("title: 测试\ntitle: 又一个\nquestions:\n" + GOOD_QUESTION,
                 2, ["重复的键（第 1 行已经有 title）"], id="duplicate-key"),
    pytest.param("title: 测试\nquestions:\n" + GOOD_QUESTION + "    explian: 多余\n",
                 10, ["未知的键 explian", "是不是想写 explain"], id="unknown-key"),
    pytest.param("title: 测试\nquestions:\n  - id: a\n    type: single\n    prompt: 题\n    options: [yes, 乙]\n"
                 "    answer: 乙\n    explain: 解\n    see: rules.md#vote\n",
                 6, ["options[0]", "布尔值 true", "加上引号"], id="yes-read-as-boolean"),
    pytest.param("title: 测试\nquestions:\n  - id: a\n    type: truefalse\n    prompt: 题\n    answer: 对\n"
                 "    explain: 解\n    see: rules.md#vote\n",
                 6, ["判断题的答案应为 true 或 false"], id="truefalse-needs-boolean"),
    pytest.param("title: 测试\nquestions:\n  - id: a\n    type: blank\n    prompt: 没有空\n    answer: [一年]\n"
                 "    explain: 解\n    see: rules.md#vote\n",
                 5, ["有且只有一处空格 ____"], id="blank-without-gap"),
    pytest.param("title: 测试\nquestions:\n  - id: a\n    type: order\n    prompt: 排序\n    items: [甲]\n"
                 "    explain: 解\n    see: rules.md#vote\n",
                 6, ["至少需要 2 项"], id="order-too-few-items"),
    pytest.param("title: 测试\nquestions:\n  - id: a\n    type: match\n    prompt: 配对\n    pairs: [[甲, 一], [乙, 一]]\n"
                 "    explain: 解\n    see: rules.md#vote\n",
                 6, ["右边的各项不能重复"], id="match-duplicate-rights"),
    pytest.param("title: 测试\nquestions:\n  - id: a\n    type: choice\n    prompt: 题\n    explain: 解\n"
                 "    see: rules.md#vote\n",
                 4, ["未知的题型 “choice”"], id="unknown-type"),
    pytest.param("title: 测试\nquestions:\n  - id: A_1\n    type: truefalse\n    prompt: 题\n    answer: true\n"
                 "    explain: 解\n    see: rules.md#vote\n",
                 3, ["“A_1”不能作 id"], id="bad-id"),
    pytest.param("title: 测试\nquestions:\n  - id: a\n    type: truefalse\n    prompt: 题\n    answer: true\n"
                 "    explain: 解\n",
                 3, ["缺少必填项 see"], id="missing-see"),
    pytest.param("title: 测试\nquestions:\n  - id: a\n    type: truefalse\n    options: [甲, 乙]\n    prompt: 题\n"
                 "    answer: true\n    explain: 解\n    see: rules.md#vote\n",
                 5, ["判断题（truefalse）不用 options"], id="key-of-another-type"),
    pytest.param("title: 测试\nquestions: 不是列表\n", 2, ["应为题目的列表"], id="questions-not-a-list"),
    pytest.param("title: 测试\nquestions:\n  - id: a\n\ttype: single\n", 4, ["制表符"], id="tab"),
    pytest.param("title: 测试\nquestions: &q\n  - id: a\nagain: *q\n", 2, ["不支持 YAML 锚点"], id="anchor"),
    pytest.param("title: !!python/object/apply:os.system [echo]\nquestions: []\n", 1,
                 ["不支持的 YAML 标签"], id="python-object"),
    pytest.param("", 1, ["文件是空的"], id="empty"),
    pytest.param("title: 测试\npass_mark: 120\nquestions:\n" + GOOD_QUESTION, 2, ["应在 1 到 100 之间"], id="pass-mark"),
    pytest.param("title: 测试\nquestions:\n" + GOOD_QUESTION.replace(
        "prompt: 收到申请书后多久内谈话？", 'prompt: "谈话\\x02portalkit:0\\x03？"'), 5,
        ["questions[0].prompt", "控制字符 U+0002"], id="control-character"),
]


@pytest.mark.parametrize(("text", "line", "words"), BAD_BANKS)
def test_a_bad_bank_gets_a_precise_chinese_message(tmp_path: Path, text: str, line: int,
                                                    words: list[str]) -> None:
    _, problems = load(tmp_path, text)
    assert problems, "the problem was not reported"
    matching = [p for p in problems if all(w in p for w in words)]
    assert matching, problems
    assert matching[0].startswith(f"bank.yml:{line}:"), matching[0]


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = ("title: 测试\nquestions:\n  - id: a\n    type: single\n    prompt: 题\n    options: [甲, 乙]\n"
            "    answer: 丙\n    explain: 解\n    see: rules.md#vote\n    colour: 红\n"
            "  - id: b\n    type: truefalse\n    prompt: 题\n    answer: 是\n    explain: 解\n    see: rules.md#vote\n")
    _, problems = load(tmp_path, text)
    assert len(problems) == 3, problems


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    text = "\ufefftitle: 测试\r\nquestions:\r\n" + GOOD_QUESTION.replace("\n", "\r\n")
    path = tmp_path / "bank.yml"
    path.write_bytes(text.encode("utf-8"))
    log = ProblemLog()
    assert load_bank(path, log) is not None and not log


def test_a_gbk_file_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "bank.yml"
    path.write_bytes(("title: 测试\nquestions:\n" + GOOD_QUESTION).encode("gbk"))
    log = ProblemLog(display_root=tmp_path)
    assert load_bank(path, log) is None
    (problem,) = list(log)
    assert str(problem).startswith("bank.yml:1:")
    assert "不是 UTF-8 编码" in problem.message and "GBK" in problem.message and "另存为" in problem.message


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        lines.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [{', '.join(['*' + prev] * 9)}]")
    _, problems = load(tmp_path, "\n".join(lines) + "\n")
    assert any("不支持 YAML 锚点" in p for p in problems)


def site(tmp_path: Path, banks: dict[str, str], pages: dict[str, str]) -> ProjectLayout:
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "docs").mkdir()
    for name, text in banks.items():
        (tmp_path / "quizzes" / f"{name}.yml").write_text(textwrap.dedent(text), "utf-8")
    for name, text in pages.items():
        (tmp_path / "docs" / name).write_text(text, "utf-8")
    return ProjectLayout(tmp_path, tmp_path / "docs")


@pytest.mark.parametrize(("see", "words"), [
    ("rules.md#step-99", "没有锚点 #step-99"),
    ("missing.md#step-7", "页面 docs/missing.md 不存在"),
    ("https://www.12371.cn/", "不是本站页面"),
    ("rules#step-7", "应指向一个 .md 页面"),
])
def test_see_must_name_an_existing_page_and_anchor(tmp_path: Path, see: str, words: str) -> None:
    layout = site(tmp_path, {"a": "title: 甲\nquestions:\n" + GOOD_QUESTION.replace("rules.md#step-7", see)},
                  {"rules.md": "# 规则\n\n## 步骤 7 {#step-7}\n\n```\n## 假的 {#step-99}\n```\n"})
    log = ProblemLog(display_root=tmp_path)
    load_catalog(layout, log)
    (problem,) = list(log)
    assert str(problem).startswith("quizzes/a.yml:9:") and words in str(problem), str(problem)


def test_composed_banks_check_their_includes_and_draw(tmp_path: Path) -> None:
    layout = site(tmp_path, {
        "a": "title: 甲\nquestions:\n" + GOOD_QUESTION,
        "final": "title: 结业\ninclude: [a, b]\ndraw: 5\n",
    }, {"rules.md": "# 规则\n\n## 七 {#step-7}\n"})
    log = ProblemLog(display_root=tmp_path)
    catalog = load_catalog(layout, log)
    problems = [str(p) for p in log]
    assert any(p.startswith("quizzes/final.yml:2:") and "题库 “b” 不存在" in p for p in problems), problems
    assert any(p.startswith("quizzes/final.yml:3:") and "要抽 5 题，但题库只有 1 题" in p for p in problems), problems
    assert [q.id for q in catalog.questions_of(catalog.banks["final"])] == ["talk"]

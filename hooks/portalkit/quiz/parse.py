"""Quiz bank YAML → `Bank`, with every problem reported (file, line, column, field).

Every text a reader sees as formatted text is read with `markdown=True` (description, prompt,
explain, hint, options and their feedback, order items, both sides of match pairs), so markup the
sanitizer would remove is an error. Titles, tags and blank answers are shown as escaped text."""

from __future__ import annotations

from pathlib import Path

from portalkit.fields import Fields, describe
from portalkit.problems import ProblemLog
from portalkit.quiz.model import BLANK, QUESTION_TYPES, TYPE_LABELS, Bank, Option, Question
from portalkit.yamlsource import Located, load_yaml

BANK_KEYS = ("title", "description", "pass_mark", "questions", "include", "tags", "draw")
QUESTION_KEYS = ("id", "type", "prompt", "explain", "see", "tags", "hint", "options", "answer",
                 "items", "pairs")
TYPE_KEYS = {
    "single": {"options", "answer"},
    "multiple": {"options", "answer"},
    "truefalse": {"answer"},
    "blank": {"answer"},
    "order": {"items"},
    "match": {"pairs"},
}


def load_bank(path: Path, log: ProblemLog) -> Bank | None:
    root = load_yaml(path, log)
    top = Fields.of(root, path, log, "", BANK_KEYS, "题库")
    if top is None:
        return None
    bank = Bank(id=path.stem, title=top.text("title", hint="例如 title: 阶段一 申请入党") or path.stem,
                source=str(path), key_lines={k: v[0] for k, v in (top.node.key_lines or {}).items()})
    bank.description = top.text("description", required=False, markdown=True) or ""
    bank.pass_mark = top.number("pass_mark", default=60, minimum=1, maximum=100) or 60
    bank.draw = top.number("draw", minimum=1)
    bank.include = top.text_list("include") or []
    bank.include_tags = top.text_list("tags") or []
    questions = top.get("questions")
    if bank.include and questions is not None:
        top.problem("questions", "组合题库（有 include）不能再列自己的题目：请二选一。")
    elif not bank.include and questions is None:
        top.missing("questions", "题库需要 questions 列表，或用 include 组合其他题库。")
    elif not bank.include and questions is not None:
        bank.questions = _questions(top, questions, bank.id, path, log)
    if not bank.include and (bank.include_tags or top.has("draw")):
        key = "tags" if bank.include_tags else "draw"
        top.problem(key, f"{key} 只用于组合题库（与 include 一起使用）；单个页面的抽题请写在 quiz 块的选项里。")
    top.done()
    return bank


def _questions(top: Fields, node: Located, bank_id: str, path: Path,
               log: ProblemLog) -> list[Question]:
    if not node.is_sequence:
        top.problem("questions", f"应为题目的列表（每题以“- id: ...”开头），实际是{describe(node.value)}。")
        return []
    result: list[Question] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(node.items):
        question = _question(item, f"questions[{i}]", bank_id, path, log)
        if question is None:
            continue
        if question.id in seen:
            log.add(path, question.line, 0, f"questions[{i}].id",
                    f"题目 id “{question.id}”重复（第 {seen[question.id]} 行已用过）：每题的 id 必须唯一。")
            continue
        seen[question.id] = question.line
        result.append(question)
    if not node.items:
        top.problem("questions", "题目列表是空的。")
    return result


def _question(node: Located, where: str, bank_id: str, path: Path,
              log: ProblemLog) -> Question | None:
    f = Fields.of(node, path, log, where, QUESTION_KEYS, "一道题")
    if f is None:
        return None
    qid = f.identifier("id", what="题目")
    qtype = f.text("type", hint=f"可选：{' | '.join(QUESTION_TYPES)}。")
    if qtype is not None and qtype not in QUESTION_TYPES:
        f.problem("type", f"未知的题型 “{qtype}”。可选：{' | '.join(QUESTION_TYPES)}。")
        qtype = None
    prompt = f.text("prompt", hint="题干。", markdown=True)
    explain = f.text("explain", hint="答题后显示的解析，说明依据。", markdown=True)
    see = f.text("see", hint="链接到规则所在页面和锚点，例如 procedures/stage-3.md#step-7。")
    q = Question(id=qid or "", type=qtype or "single", prompt=prompt or "", explain=explain or "",  # type: ignore[arg-type]
                 see=see or "", bank=bank_id, line=node.line,
                 see_line=f.get("see").line if f.has("see") else node.line)
    q.tags = f.text_list("tags") or []
    q.hint = f.text("hint", required=False, markdown=True) or ""
    if qtype is not None:
        for key in ("options", "answer", "items", "pairs"):
            if f.has(key) and key not in TYPE_KEYS[qtype]:
                f.problem(key, f"{TYPE_LABELS[qtype]}（{qtype}）不用 {key}。"
                               f"它需要：{'、'.join(sorted(TYPE_KEYS[qtype]))}。")
        _TYPE_READERS[qtype](f, q)
    f.done()
    return q if f.ok and qid else None


def _options(f: Fields, q: Question, minimum: int) -> None:
    node = f.get("options")
    if node is None:
        f.missing("options", "选项列表，每项是文字或 {text: ..., feedback: ...}。")
        return
    if not node.is_sequence:
        f.problem("options", f"应为选项列表，实际是{describe(node.value)}。")
        return
    seen: set[str] = set()
    for i, item in enumerate(node.items):
        key = f"options[{i}]"
        if item.is_mapping:
            of = Fields(item, f.path, f.log, f.field_name(key), ("text", "feedback"))
            text = of.text("text", markdown=True)
            feedback = of.text("feedback", required=False, markdown=True) or ""
            of.done()
            f.ok = f.ok and of.ok
        else:
            text, feedback = f.text_of(item, key, markdown=True), ""
        if text is None:
            continue
        if text in seen:
            f.problem(key, f"选项 “{text}” 重复。", item)
        seen.add(text)
        q.options.append(Option(text, feedback))
    if len(node.items) < minimum:
        f.problem("options", f"{TYPE_LABELS[q.type]}至少需要 {minimum} 个选项，实际只有 {len(node.items)} 个。")


def _answer_in_options(f: Fields, q: Question, answers: list[str], node: Located) -> None:
    texts = [o.text for o in q.options]
    for answer in answers:
        if answer not in texts:
            close = [t for t in texts if answer in t or t in answer]
            hint = f"是不是 “{close[0]}”？" if close else f"选项有：{'、'.join(texts)}。"
            f.problem("answer", f"答案 “{answer}” 不是任何一个选项的原文：答案要和选项一字不差。{hint}", node)


def _read_single(f: Fields, q: Question) -> None:
    q.type = "single"
    _options(f, q, 2)
    node = f.get("answer")
    if node is None:
        f.missing("answer", "写正确选项的原文。")
        return
    if node.is_sequence:
        f.problem("answer", "单选题只有一个答案：请写一个选项的原文，不要写列表（多个答案请用 type: multiple）。")
        return
    answer = f.text_of(node, "answer")
    if answer is not None:
        q.answer = [answer]
        _answer_in_options(f, q, q.answer, node)


def _read_multiple(f: Fields, q: Question) -> None:
    q.type = "multiple"
    _options(f, q, 3)
    node = f.get("answer")
    answers = f.text_list("answer", required=True, min_items=1, what="个答案")
    if answers is None or node is None:
        return
    if len(set(answers)) != len(answers):
        f.problem("answer", "答案里有重复的选项。", node)
    q.answer = answers
    _answer_in_options(f, q, answers, node)


def _read_truefalse(f: Fields, q: Question) -> None:
    q.type = "truefalse"
    node = f.get("answer")
    if node is None:
        f.missing("answer", "判断题写 answer: true（正确）或 answer: false（错误）。")
    elif not isinstance(node.value, bool):
        f.problem("answer", f"判断题的答案应为 true 或 false（不加引号），实际是{describe(node.value)}。")
    else:
        q.truth = node.value


def _read_blank(f: Fields, q: Question) -> None:
    q.type = "blank"
    if q.prompt and q.prompt.count(BLANK) != 1:
        f.problem("prompt", f"填空题的题干要有且只有一处空格 {BLANK}（四个下划线），"
                            f"实际有 {q.prompt.count(BLANK)} 处。")
    node = f.get("answer")
    if node is not None and not node.is_sequence:
        text = f.text_of(node, "answer")
        q.answer = [text] if text else []
    else:
        q.answer = f.text_list("answer", required=True, min_items=1, what="个可接受的答案") or []


def _read_order(f: Fields, q: Question) -> None:
    q.type = "order"
    items = f.text_list("items", required=True, min_items=2, what="项", markdown=True)
    if items and len(set(items)) != len(items):
        f.problem("items", "排序题的各项不能重复。")
    q.items = items or []


def _read_match(f: Fields, q: Question) -> None:
    q.type = "match"
    node = f.get("pairs")
    if node is None:
        f.missing("pairs", "连线题写 pairs，每项是 [左边, 右边]。")
        return
    if not node.is_sequence:
        f.problem("pairs", f"应为列表，每项是 [左边, 右边]，实际是{describe(node.value)}。")
        return
    for i, item in enumerate(node.items):
        if not item.is_sequence or len(item.items) != 2:
            f.problem(f"pairs[{i}]", "每一对应写成两项的列表：[左边, 右边]。", item)
            continue
        left, right = (f.text_of(item.items[0], f"pairs[{i}][0]", markdown=True),
                       f.text_of(item.items[1], f"pairs[{i}][1]", markdown=True))
        if left and right:
            q.pairs.append((left, right))
    for side, name in ((0, "左边"), (1, "右边")):
        values = [p[side] for p in q.pairs]
        if len(set(values)) != len(values):
            f.problem("pairs", f"连线题{name}的各项不能重复。")
    if len(node.items) < 2:
        f.problem("pairs", f"连线题至少需要 2 对，实际只有 {len(node.items)} 对。")


_TYPE_READERS = {
    "single": _read_single, "multiple": _read_multiple, "truefalse": _read_truefalse,
    "blank": _read_blank, "order": _read_order, "match": _read_match,
}

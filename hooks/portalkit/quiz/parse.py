"""Quiz bank YAML → `Bank`, with every problem reported (file, line, column, field).

Every text a reader sees as formatted text is read with `markdown=True` (description, prompt,
explain, hint, options and their feedback, order items, both sides of match pairs), so markup the
sanitizer would remove is an error. Titles, tags and blank answers are shown as escaped text."""

from __future__ import annotations

from pathlib import Path

from portalkit.fields import Fields, join
from portalkit.i18n import Messages
from portalkit.problems import ProblemLog
from portalkit.quiz.model import BLANK, QUESTION_TYPES, Bank, Option, Question
from portalkit.scoring import POINTS_MAX
from portalkit.yamlsource import Located, load_yaml, sentences

BANK_KEYS = ("title", "description", "pass_mark", "questions", "include", "tags", "draw",
             "time_limit", "points")
QUESTION_KEYS = ("id", "type", "prompt", "explain", "see", "tags", "hint", "options", "answer",
                 "items", "pairs", "points")
TYPE_KEYS = {
    "single": {"options", "answer"},
    "multiple": {"options", "answer"},
    "truefalse": {"answer"},
    "blank": {"answer"},
    "order": {"items"},
    "match": {"pairs"},
}
# How an option with feedback is written: YAML, the same in every language.
OPTION_EXAMPLE = "{text: ..., feedback: ...}"
POINTS_EXAMPLE = "{single: 1, multiple: 2}"
TYPE_CHOICES = " | ".join(QUESTION_TYPES)
TIME_LIMIT_MAX = 600  # minutes: a timed exam of more than ten hours is a typo


def type_label(qtype: str, messages: Messages) -> str:
    """The question type's name in error messages (quizerr.type.*); readers see the templates'."""
    return messages(f"quizerr.type.{qtype}")


def load_bank(path: Path, log: ProblemLog) -> Bank | None:
    m = log.messages
    root = load_yaml(path, log)
    top = Fields.of(root, path, log, "", BANK_KEYS, "quizerr.what.bank")
    if top is None:
        return None
    bank = Bank(id=path.stem, title=top.text("title", hint="quizerr.title_hint") or path.stem,
                source=str(path), key_lines={k: v[0] for k, v in (top.node.key_lines or {}).items()})
    bank.description = top.text("description", required=False, markdown=True) or ""
    bank.pass_mark = top.number("pass_mark", default=60, minimum=1, maximum=100) or 60
    bank.draw = top.number("draw", minimum=1)
    bank.time_limit = top.number("time_limit", minimum=1, maximum=TIME_LIMIT_MAX)
    bank.include = top.text_list("include") or []
    bank.include_tags = top.text_list("tags") or []
    bank.points = _type_points(top, path, log)
    questions = top.get("questions")
    if bank.include and questions is not None:
        top.problem("questions", m("quizerr.include_and_questions"))
    elif not bank.include and questions is None:
        top.missing("questions", "quizerr.questions_hint")
    elif not bank.include and questions is not None:
        bank.questions = _questions(top, questions, bank.id, path, log)
        for q in bank.questions:
            q.type_points = bank.points.get(q.type)
    if not bank.include and (bank.include_tags or top.has("draw")):
        key = "tags" if bank.include_tags else "draw"
        top.problem(key, m("quizerr.composed_only", key=key))
    top.done()
    return bank


def _type_points(top: Fields, path: Path, log: ProblemLog) -> dict[str, int]:
    """`points: {single: 1, multiple: 2}`: what a question of each type weighs (scoring.py)."""
    node = top.get("points")
    if node is None:
        return {}
    if not node.is_mapping:
        top.problem("points", log.messages("quizerr.points_not_map", types=TYPE_CHOICES, example=POINTS_EXAMPLE))
        return {}
    f = Fields(node, path, log, top.field_name("points"), QUESTION_TYPES)
    points = {t: n for t in QUESTION_TYPES if (n := f.number(t, minimum=1, maximum=POINTS_MAX)) is not None}
    f.done()
    top.ok = top.ok and f.ok
    return points


def _questions(top: Fields, node: Located, bank_id: str, path: Path,
               log: ProblemLog) -> list[Question]:
    if not node.is_sequence:
        top.problem("questions", log.messages("quizerr.questions_not_list", actual=top.describe(node.value)))
        return []
    result: list[Question] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(node.items):
        question = _question(item, f"questions[{i}]", bank_id, path, log)
        if question is None:
            continue
        if question.id in seen:
            log.add(path, question.line, 0, f"questions[{i}].id",
                    log.messages("quizerr.duplicate_id", id=question.id, line=seen[question.id]))
            continue
        seen[question.id] = question.line
        result.append(question)
    if not node.items:
        top.problem("questions", log.messages("quizerr.questions_empty"))
    return result


def _question(node: Located, where: str, bank_id: str, path: Path,
              log: ProblemLog) -> Question | None:
    m = log.messages
    f = Fields.of(node, path, log, where, QUESTION_KEYS, "quizerr.what.question")
    if f is None:
        return None
    qid = f.identifier("id", what="quizerr.noun.question")
    qtype = f.text("type", hint=lambda: m("quizerr.type_hint", types=TYPE_CHOICES))
    if qtype is not None and qtype not in QUESTION_TYPES:
        f.problem("type", m("quizerr.unknown_type", type=qtype, types=TYPE_CHOICES))
        qtype = None
    prompt = f.text("prompt", hint="quizerr.prompt_hint", markdown=True)
    explain = f.text("explain", hint="quizerr.explain_hint", markdown=True)
    see = f.text("see", hint="quizerr.see_hint")
    q = Question(id=qid or "", type=qtype or "single", prompt=prompt or "", explain=explain or "",  # type: ignore[arg-type]
                 see=see or "", bank=bank_id, line=node.line,
                 see_line=f.get("see").line if f.has("see") else node.line)
    q.tags = f.text_list("tags") or []
    q.hint = f.text("hint", required=False, markdown=True) or ""
    q.points = f.number("points", minimum=1, maximum=POINTS_MAX)
    if qtype is not None:
        for key in ("options", "answer", "items", "pairs"):
            if f.has(key) and key not in TYPE_KEYS[qtype]:
                f.problem(key, m("quizerr.key_not_used", label=type_label(qtype, m), type=qtype, key=key,
                                 needs=join(sorted(TYPE_KEYS[qtype]), m)))
        _TYPE_READERS[qtype](f, q)
    f.done()
    return q if f.ok and qid else None


def _options(f: Fields, q: Question, minimum: int) -> None:
    node = f.get("options")
    if node is None:
        f.missing("options", lambda: f.m("quizerr.options_hint", example=OPTION_EXAMPLE))
        return
    if not node.is_sequence:
        f.problem("options", f.m("quizerr.options_not_list", actual=f.describe(node.value)))
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
            f.problem(key, f.m("quizerr.duplicate_option", text=text), item)
        seen.add(text)
        q.options.append(Option(text, feedback))
    if len(node.items) < minimum:
        f.problem("options", f.m("quizerr.too_few_options", label=type_label(q.type, f.m), minimum=minimum,
                                 count=len(node.items)))


def _answer_in_options(f: Fields, q: Question, answers: list[str], node: Located) -> None:
    texts = [o.text for o in q.options]
    for answer in answers:
        if answer not in texts:
            close = [t for t in texts if answer in t or t in answer]
            m = f.m
            hint = m("quizerr.did_you_mean_option", option=close[0]) if close else \
                m("quizerr.options_are", options=join(texts, m))
            f.problem("answer", sentences(m, m("quizerr.answer_not_option", answer=answer), hint), node)


def _read_single(f: Fields, q: Question) -> None:
    q.type = "single"
    _options(f, q, 2)
    node = f.get("answer")
    if node is None:
        f.missing("answer", "quizerr.single_answer_hint")
        return
    if node.is_sequence:
        f.problem("answer", f.m("quizerr.single_answer_list"))
        return
    answer = f.text_of(node, "answer")
    if answer is not None:
        q.answer = [answer]
        _answer_in_options(f, q, q.answer, node)


def _read_multiple(f: Fields, q: Question) -> None:
    q.type = "multiple"
    _options(f, q, 3)
    node = f.get("answer")
    answers = f.text_list("answer", required=True, min_items=1, what="quizerr.what.answers")
    if answers is None or node is None:
        return
    if len(set(answers)) != len(answers):
        f.problem("answer", f.m("quizerr.duplicate_answer"), node)
    q.answer = answers
    _answer_in_options(f, q, answers, node)


def _read_truefalse(f: Fields, q: Question) -> None:
    q.type = "truefalse"
    node = f.get("answer")
    if node is None:
        f.missing("answer", "quizerr.truefalse_hint")
    elif not isinstance(node.value, bool):
        f.problem("answer", f.m("quizerr.truefalse_not_bool", actual=f.describe(node.value)))
    else:
        q.truth = node.value


def _read_blank(f: Fields, q: Question) -> None:
    q.type = "blank"
    if q.prompt and q.prompt.count(BLANK) != 1:
        f.problem("prompt", f.m("quizerr.blank_count", blank=BLANK, count=q.prompt.count(BLANK)))
    node = f.get("answer")
    if node is not None and not node.is_sequence:
        text = f.text_of(node, "answer")
        q.answer = [text] if text else []
    else:
        q.answer = f.text_list("answer", required=True, min_items=1, what="quizerr.what.accepted_answers") or []


def _read_order(f: Fields, q: Question) -> None:
    q.type = "order"
    items = f.text_list("items", required=True, min_items=2, markdown=True)
    if items and len(set(items)) != len(items):
        f.problem("items", f.m("quizerr.order_duplicate"))
    q.items = items or []


def _read_match(f: Fields, q: Question) -> None:
    q.type = "match"
    node = f.get("pairs")
    if node is None:
        f.missing("pairs", "quizerr.pairs_hint")
        return
    if not node.is_sequence:
        f.problem("pairs", f.m("quizerr.pairs_not_list", actual=f.describe(node.value)))
        return
    for i, item in enumerate(node.items):
        if not item.is_sequence or len(item.items) != 2:
            f.problem(f"pairs[{i}]", f.m("quizerr.pair_shape"), item)
            continue
        left, right = (f.text_of(item.items[0], f"pairs[{i}][0]", markdown=True),
                       f.text_of(item.items[1], f"pairs[{i}][1]", markdown=True))
        if left and right:
            q.pairs.append((left, right))
    for side, key in ((0, "quizerr.pairs_duplicate_left"), (1, "quizerr.pairs_duplicate_right")):
        values = [p[side] for p in q.pairs]
        if len(set(values)) != len(values):
            f.problem("pairs", f.m(key))
    if len(node.items) < 2:
        f.problem("pairs", f.m("quizerr.too_few_pairs", count=len(node.items)))


_TYPE_READERS = {
    "single": _read_single, "multiple": _read_multiple, "truefalse": _read_truefalse,
    "blank": _read_blank, "order": _read_order, "match": _read_match,
}

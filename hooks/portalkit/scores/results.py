"""Result files the exam page exports → attempts. FILE FORMAT (docs/reference, 成绩文件):

    {"format": "portal-exam-result", "version": 1, "site", "bank", "title",
     "learner": {"name", "org"}, "attempt", "questions": [{"bank", "id", "fp", "answer"}, …],
     "started", "handedIn" (ISO timestamps), "timeLimit" (minutes or null), "byClock",
     "score", "earned", "total", "passMark"}

or the progress page's export of all of them, {"format": "portal-exam-results", "version": 1,
"results": [result, …]}. Everything is untrusted: checked field by field and bounded; a file that
fails is refused whole with the field at fault, never quoted."""

from __future__ import annotations

import json
import re
from typing import Any

from portalkit.i18n import Messages
from portalkit.limits import LIMITS
from portalkit.scores.model import WEB, Attempt, Given

RESULT = "portal-exam-result"
RESULTS = "portal-exam-results"
_ID = re.compile(r"^[a-z0-9-]{1,100}$")
_QID = re.compile(r"^[a-z0-9-]{1,200}$")
_FP = re.compile(r"^[0-9a-f]{0,64}$")


class ResultError(Exception):
    """The file is no result the command can use; the message says which field and why."""


def _text(value: Any, limit: int) -> str | None:
    return value if isinstance(value, str) and len(value) <= limit else None


def _answer(value: Any) -> bool:
    limit = LIMITS["answer"]
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, str):
        return len(value) <= limit
    return isinstance(value, list) and len(value) <= 200 and all(isinstance(x, str) and len(x) <= limit for x in value)


def parse_results(data: bytes, source: str, m: Messages) -> list[Attempt]:
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ResultError(m("scores.not_json")) from None
    if isinstance(raw, dict) and raw.get("format") == RESULTS:
        if raw.get("version") != 1:
            raise ResultError(m("scores.bad_version", version=str(raw.get("version"))[:20]))
        items = raw.get("results")
        if not isinstance(items, list) or len(items) > LIMITS["resultFiles"]:
            raise ResultError(m("scores.bad_field", field="results"))
        return [_result(item, f"{source}#{i + 1}", m) for i, item in enumerate(items)]
    return [_result(raw, source, m)]


def _result(raw: Any, source: str, m: Messages) -> Attempt:
    def bad(name: str) -> ResultError:
        return ResultError(m("scores.bad_field", field=name))

    if not isinstance(raw, dict) or raw.get("format") != RESULT:
        raise ResultError(m("scores.not_result"))
    if raw.get("version") != 1:
        raise ResultError(m("scores.bad_version", version=str(raw.get("version"))[:20]))
    bank = raw.get("bank")
    if not isinstance(bank, str) or not _ID.match(bank):
        raise bad("bank")
    learner = raw.get("learner")
    name = _text(learner.get("name"), LIMITS["name"]) if isinstance(learner, dict) else None
    org = _text(learner.get("org"), LIMITS["org"]) if isinstance(learner, dict) else None
    if not name or not name.strip():
        raise bad("learner.name")
    if org is None:
        raise bad("learner.org")
    questions = raw.get("questions")
    if not isinstance(questions, list) or not 1 <= len(questions) <= 5000:
        raise bad("questions")
    given: list[Given] = []
    for i, q in enumerate(questions):
        if not isinstance(q, dict):
            raise bad(f"questions[{i}]")
        qbank, qid, fp = q.get("bank"), q.get("id"), q.get("fp")
        if not isinstance(qbank, str) or not _ID.match(qbank):
            raise bad(f"questions[{i}].bank")
        if not isinstance(qid, str) or not _QID.match(qid):
            raise bad(f"questions[{i}].id")
        if not isinstance(fp, str) or not _FP.match(fp):
            raise bad(f"questions[{i}].fp")
        if not _answer(q.get("answer")):
            raise bad(f"questions[{i}].answer")
        given.append(Given(qbank, qid, fp, q.get("answer")))
    times = {}
    for key in ("started", "handedIn"):
        value = raw.get(key)
        if value is not None and _text(value, 40) is None:
            raise bad(key)
        times[key] = value or ""
    limit = raw.get("timeLimit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= 600):
        raise bad("timeLimit")
    score = raw.get("score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
        raise bad("score")
    attempt_id = _text(raw.get("attempt"), 100) or ""
    return Attempt(source=source, name=name.strip(), org=org, bank=bank, mode=WEB, questions=given,
                   started=times["started"], handed_in=times["handedIn"], time_limit=limit,
                   by_clock=raw.get("byClock") is True, claimed=int(score) if score is not None else None,
                   attempt_id=attempt_id)

"""The rules looking forward (portalkit.ledger.forward) on the shared `ledger` vectors of
tests/datecheck_vectors.yml; the browser runtime runs the same vectors in tests/test_ledger_browser.py."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from portalkit.datecheck.parse import load_ruleset
from portalkit.ledger.forward import outlook, today_in_beijing
from portalkit.problems import ProblemLog

from conftest import ROOT

VECTORS = yaml.safe_load((Path(__file__).parent / "datecheck_vectors.yml").read_text("utf-8"))
RULESET = load_ruleset(ROOT / "rules" / "2014.yml", ProblemLog())
LEDGER = VECTORS["ledger"]
AS_OF = date.fromisoformat(LEDGER["as_of"])


def _iso(value: object) -> str | None:
    return None if value is None else str(value)


def run_vector(vector: dict):
    dates = {k: date.fromisoformat(str(v)) for k, v in vector["dates"].items() if v}
    events = {k: [date.fromisoformat(str(d)) for d in v] for k, v in vector.get("events", {}).items()}
    return outlook(RULESET, dates, AS_OF, events, vector.get("extension"))


def test_the_ledger_vectors_cover_every_stage_state_and_the_hard_dates() -> None:
    candidates = LEDGER["candidates"]
    assert {c["stage"] for c in candidates} >= {"", "applicant", "activist", "target", "probationary", "member",
                                                "cancelled"}
    states = {step[2] for c in candidates for step in c["steps"].values()}
    assert states == {"open", "overdue", "missing"}
    assert any(c.get("extended") for c in candidates)
    # a recurring date's column with nothing recorded (broken) and no such column (unknown, never broken)
    every = {r.id for r in RULESET.rules if r.kind == "every"}
    assert any(c.get("events") == {"assessment": [], "thought-report": []} and every <= set(c.get("broken", []))
               for c in candidates)
    assert any("activist" in c["dates"] and "target" in c["dates"] and not c.get("events")
               and not every & set(c.get("broken", [])) for c in candidates)
    assert any("-02-29" in str(v) for c in candidates for v in c["dates"].values())
    assert any(str(v).endswith("-01-31") for c in candidates for v in c["dates"].values())
    assert len({c["name"] for c in candidates}) == len(candidates)
    rules = {r.id for r in RULESET.rules}
    for c in candidates:
        assert set(c["steps"]) <= rules and set(c.get("broken", [])) <= rules, c["name"]


@pytest.mark.parametrize("vector", LEDGER["candidates"], ids=lambda v: v["name"])
def test_the_python_outlook_passes_every_vector(vector: dict) -> None:
    result = run_vector(vector)
    assert result.stage == vector["stage"]
    assert result.extended == vector.get("extended", False)
    got = {s.rule.id: [_iso(s.earliest), _iso(s.latest), s.state] for s in result.steps}
    assert got == {k: [_iso(v[0]), _iso(v[1]), v[2]] for k, v in vector["steps"].items()}
    assert sorted(f.rule for f in result.broken) == sorted(vector.get("broken", []))
    for rule, special in vector.get("special", {}).items():
        assert _iso(next(s.special for s in result.steps if s.rule.id == rule)) == special
    nxt = result.next
    assert (nxt.rule.id if nxt else None) == vector.get("next")
    if "days_left" in vector:
        assert nxt is not None and nxt.days_left == vector["days_left"]


def test_overdue_steps_come_first_then_the_nearest_deadline() -> None:
    vector = next(c for c in LEDGER["candidates"] if c["name"].startswith("an activist whose reports"))
    states = [s.state for s in run_vector(vector).steps]
    assert states == sorted(states, key=("overdue", "open", "missing").index)
    latest = [s.latest for s in run_vector(vector).steps if s.state == "open" and s.latest]
    assert latest == sorted(latest)


def test_today_is_the_date_in_beijing() -> None:
    from datetime import UTC

    assert today_in_beijing(datetime(2026, 6, 30, 15, 59, tzinfo=UTC)) == date(2026, 6, 30)
    assert today_in_beijing(datetime(2026, 6, 30, 16, 0, tzinfo=UTC)) == date(2026, 7, 1)

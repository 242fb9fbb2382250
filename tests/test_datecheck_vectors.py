"""The shared vectors (tests/datecheck_vectors.yml) through the Python evaluator of the date rules.
The browser runtime runs the same file in tests/test_datecheck_browser.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from portalkit.datecheck.evaluate import add_months, check_dossier, read_date
from portalkit.datecheck.model import RuleSet
from portalkit.datecheck.parse import load_ruleset
from portalkit.problems import ProblemLog

from conftest import ROOT

VECTORS = yaml.safe_load((Path(__file__).parent / "datecheck_vectors.yml").read_text("utf-8"))


def _ruleset() -> RuleSet:
    log = ProblemLog()
    ruleset = load_ruleset(ROOT / "rules" / "2014.yml", log)
    assert not log, [str(p) for p in log]
    return ruleset


RULESET = _ruleset()


def expected_findings(vector: dict, ruleset: RuleSet) -> dict[str, str]:
    """The vector's `expect`, completed: an unlisted rule is unknown if a date is missing (for a
    recurring duty, also its occurrences), else met."""
    given = {k for k, v in vector["dates"].items() if v}
    events = vector.get("events", {})

    def default(rule) -> str:
        if rule.kind == "every" and rule.event not in events:
            return "unknown"
        return "met" if {rule.from_, rule.to} <= given else "unknown"

    return {r.id: vector.get("expect", {}).get(r.id, default(r)) for r in ruleset.rules}


def dossier_input(vector: dict) -> tuple[dict[str, date], dict[str, list[date]], int | None]:
    dates = {k: date.fromisoformat(str(v)) for k, v in vector["dates"].items() if v}
    events = {k: [date.fromisoformat(str(d)) for d in v] for k, v in vector.get("events", {}).items()}
    return dates, events, vector.get("extension")


def test_there_are_enough_vectors_with_month_ends_and_leap_days() -> None:
    dossiers = VECTORS["dossiers"]
    assert len(dossiers) >= 40
    dates = [str(v) for d in dossiers for v in d["dates"].values()]
    assert sum("-02-29" in d for d in dates) >= 8
    assert sum(d.endswith(("-31", "-30")) for d in dates) >= 10
    assert len({d["name"] for d in dossiers}) == len(dossiers), "vector names must be unique"
    # every recurring duty met, broken and unknown; an extension; the unit's own rule
    every = {r.id for r in RULESET.rules if r.kind == "every"}
    outcomes = {(rule, status) for d in dossiers for rule, status in d.get("expect", {}).items() if rule in every}
    assert {s for _, s in outcomes} == {"met", "broken", "unknown"}
    assert {r for r, _ in outcomes} == every
    assert any(d.get("extension") for d in dossiers)
    assert any(d.get("events") == {"assessment": []} for d in dossiers), "a column with nothing recorded"


def test_vectors_name_only_rules_and_dates_that_exist() -> None:
    rules, dates = {r.id for r in RULESET.rules}, {d.id for d in RULESET.dates}
    for vector in VECTORS["dossiers"]:
        assert set(vector["dates"]) <= dates, vector["name"]
        assert set(vector.get("events", {})) <= {e.id for e in RULESET.events}, vector["name"]
        for key in ("expect", "bounds", "extended"):
            assert set(vector.get(key, {})) <= rules, (vector["name"], key)
        assert set(vector.get("expect", {}).values()) <= {"met", "warning", "broken", "unknown"}


@pytest.mark.parametrize("start,months,expected", VECTORS["add_months"], ids=lambda v: str(v))
def test_month_arithmetic_clamps_to_the_end_of_the_month(start: str, months: int, expected: str) -> None:
    assert add_months(date.fromisoformat(start), months).isoformat() == expected


@pytest.mark.parametrize("text,expected,message", VECTORS["parse"], ids=lambda v: str(v))
def test_dates_are_read_in_the_three_formats_and_errors_say_why(text: str, expected: str | None,
                                                                message: str) -> None:
    value, error = read_date(text)
    assert (value.isoformat() if value else None) == expected
    assert (message in error) if message else error == ""


@pytest.mark.parametrize("vector", VECTORS["dossiers"], ids=lambda v: v["name"])
def test_the_python_evaluator_passes_every_vector(vector: dict) -> None:
    dates, events, extension = dossier_input(vector)
    today = date.fromisoformat(VECTORS["today"])
    findings = {f.rule: f for f in check_dossier(RULESET, dates, events, extension, today)}
    assert {k: f.status for k, f in findings.items()} == expected_findings(vector, RULESET)
    for rule, bound in vector.get("bounds", {}).items():
        assert str(findings[rule].bound) == str(bound), rule
    for rule, bound in vector.get("extended", {}).items():
        assert str(findings[rule].extended) == str(bound), rule

"""Bounds on what readers type and what files the portal reads, defined once.

The browser runtime gets the same numbers (assets.py writes them into store.js), and the
Python readers of exported files use them too, so a file one side accepts the other accepts."""

from __future__ import annotations

LIMITS: dict[str, int] = {
    "name": 100,  # a run's subject (the person or meeting checked)
    "org": 100,  # a Party organisation's name
    "checker": 100,
    "note": 2000,
    "answer": 500,  # a typed answer to a fill-in question
    "text": 1000,  # item and section texts carried in an export
    "problem": 60,  # a checklist item's `problem:` wording, characters
    "items": 1000,  # items in one exported run
    "importBytes": 5 * 1024 * 1024,  # an imported or uploaded file
    "keptText": 100 * 1024,  # pasted text kept in storage as typed
    "attempts": 50,  # exam attempts kept per bank
}

"""Timestamps of results as people read them: Beijing time (UTC+8), minutes taken."""

from __future__ import annotations

import datetime

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def _parse(text: str) -> datetime.datetime | None:
    if not text:
        return None
    try:
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


def local_time(text: str) -> str:
    value = _parse(text)
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if value else ""


def duration_minutes(started: str, ended: str) -> float | str:
    a, b = _parse(started), _parse(ended)
    if not a or not b or b < a:
        return "—"
    return round((b - a).total_seconds() / 60, 1)

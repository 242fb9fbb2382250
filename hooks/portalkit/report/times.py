"""Times in exports: version 1 writes dates (YYYY-MM-DD), version 2 full ISO timestamps in UTC.

A report is read in China, so days are Beijing days (UTC+8, no daylight saving): a check saved at
2026-11-01T23:00:00Z happened on 2026-11-02. The browser twin uses the same fixed offset, not the
reader's time zone, so both give the same period for the same files."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_STAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})")


def is_date(text: str) -> bool:
    return _DATE.fullmatch(text) is not None and to_ms(text) is not None


FIRST_YEAR, LAST_YEAR = 1900, 9998  # days outside these cannot be shown in every zone and language


def out_of_range(text: str) -> bool:
    """A date or timestamp written correctly but of a year no report shows (year 1, year 10000)."""
    m = _DATE.match(text)
    return bool(m) and not FIRST_YEAR <= int(m[1]) <= LAST_YEAR


def to_ms(text: str) -> int | None:
    """Epoch milliseconds of a date (midnight in Beijing) or of a timestamp with a zone;
    None for anything else (a timestamp without a zone is ambiguous, so it is not guessed) and for
    years outside FIRST_YEAR–LAST_YEAR."""
    if out_of_range(text):
        return None
    try:
        if m := _DATE.fullmatch(text):
            moment = datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=BEIJING)
        elif m := _STAMP.fullmatch(text):
            zone = UTC if m[8] == "Z" else timezone(
                (1 if m[8][0] == "+" else -1) * timedelta(hours=int(m[8][1:3]), minutes=int(m[8][4:6])))
            millis = int((m[7] or "0")[:3].ljust(3, "0"))
            moment = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0),
                              millis * 1000, tzinfo=zone)
        else:
            return None
    except (ValueError, OverflowError):  # 2026-02-30, 25:00 …
        return None
    return (moment - _EPOCH) // timedelta(milliseconds=1)  # exact integer arithmetic


def beijing_day(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, BEIJING).strftime("%Y-%m-%d")


def beijing_minute(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, BEIJING).strftime("%Y-%m-%d %H:%M")


def beijing_today() -> date:
    """Today in Beijing: the report's date when none is given."""
    return datetime.now(BEIJING).date()

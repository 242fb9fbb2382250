"""Words the layout itself writes: ordinals of headings, dates, Chinese numbers, text widths."""

from __future__ import annotations

import datetime
import unicodedata

_DIGITS = "零一二三四五六七八九"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一; beyond 99 Arabic digits (no document numbers that many by hand)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")) + (_DIGITS[ones] if ones else "")


def ordinal(language: str, level: int, n: int) -> str:
    """The mark before a heading of `level`: 一、 （一） 1. （1） in Chinese (GB/T 9704 7.3.3);
    1. 1.1-style numbers are the content's business in English, which gets "1. " at every level."""
    if language != "zh":
        return f"{n}. "
    return (f"{cn_number(n)}、", f"（{cn_number(n)}）", f"{n}.", f"（{n}）")[min(level, 4) - 1]


def date_text(language: str, day: datetime.date) -> str:
    """2026年12月2日 (成文日期: Arabic numerals, no leading zeros); 2 December 2026."""
    if language == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def width(text: str) -> float:
    """Width in full-width characters: CJK and full-width forms count 1, everything else ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


# Characters no document format can hold (XML 1.0 forbids C0 controls other than tab and newlines)
_CONTROL = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF])


def plain(text: str) -> str:
    """The text without characters a document cannot hold (the writers' own guard: readers of
    untrusted files already drop them) and lone surrogates."""
    return text.translate(_CONTROL).encode("utf-8", "ignore").decode("utf-8") if text else text

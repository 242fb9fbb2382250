"""The deadlines as an iCalendar file (RFC 5545) that a phone or Outlook calendar imports.

Each pending step with a deadline is an all-day event on that day (DTSTART;VALUE=DATE, DTEND the
next day). Its UID is a hash of the edition, the candidate's full name and the rule, never of
the row or the date, so importing a newer export updates the events instead of adding
copies. Calendars sync to other services: the summary carries the name or only its initial
(张三 -> 张某), as the secretary chooses. Lines end in CRLF and are folded at 75 octets,
never inside a UTF-8 character."""

from __future__ import annotations

from datetime import datetime, timedelta

from portalkit.datecheck.model import RuleSet
from portalkit.i18n import ZH, Messages
from portalkit.ledger.table import Entry, step_name

PRODID = "-//portalkit//ledger//ZH"


def initial(name: str) -> str:
    """张三 -> 张某; John Smith -> J. S.; "" stays ""."""
    name = name.strip()
    if not name:
        return ""
    if name.isascii():
        return " ".join(part[0].upper() + "." for part in name.split())
    return name[0] + "某"


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Lines longer than 75 octets split before a character that would cross the limit; each
    continuation starts with a space (which counts in its 75)."""
    if len(line) <= 18 or len(line.encode("utf-8")) <= 75:  # 18 characters are at most 72 octets
        return line
    out: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += n
    out.append(current)
    return "\r\n".join(out)


def uid(edition: str, name: str, rule: str) -> str:
    """FNV-1a over the UTF-8 bytes, four times from different offsets (128 bits): the page computes
    the same with plain integer arithmetic, where crypto.subtle is missing (a site served over
    plain http on an intranet is not a secure context)."""
    data = f"{edition}\n{name}\n{rule}".encode()
    parts = []
    for seed in _SEEDS:
        h = seed
        for byte in data:
            h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
        parts.append(f"{h:08x}")
    return "".join(parts) + "@ledger.portalkit"


_SEEDS = (0x811C9DC5, 0x01000193, 0x9E3779B9, 0x7F4A7C15)


def calendar(entries: list[Entry], ruleset: RuleSet, stamp: datetime, full_names: bool,
             m: Messages = ZH) -> str:
    """`stamp`: when the file is made (UTC), the DTSTAMP of every event."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(m('ledger.ics_name'))}"]
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    for entry in entries:
        name = entry.candidate.name if full_names else initial(entry.candidate.name)
        for step in entry.outlook.steps:
            if step.latest is None or step.state == "missing":
                continue
            rule = step.rule
            summary = m("ledger.ics_summary", name=name, step=step_name(rule, m))
            description = m("ledger.ics_description", rule=rule.title, basis=rule.basis or "—")
            lines += ["BEGIN:VEVENT", f"UID:{uid(ruleset.id, entry.candidate.name, rule.id)}", f"DTSTAMP:{dtstamp}",
                      f"DTSTART;VALUE=DATE:{step.latest:%Y%m%d}",
                      f"DTEND;VALUE=DATE:{step.latest + timedelta(days=1):%Y%m%d}",
                      f"SUMMARY:{escape(summary)}", f"DESCRIPTION:{escape(description)}", "TRANSP:TRANSPARENT",
                      "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)

"""Text rules shared by the readers and, through tests/report_vectors, by the browser twin.

`normalize_org` is THE rule for organisation names (the browser's `normalizeOrg` implements the
same steps; tests/report_vectors/expected.json holds the cases both must pass)."""

from __future__ import annotations

import re
import unicodedata

from portalkit.report.model import NO_ORG

# Characters no report format can hold (XML 1.0 forbids C0 controls other than tab and newlines;
# openpyxl refuses them; lone surrogates cannot be encoded as UTF-8) and that never carry meaning
# in a name or a note: removed on reading, so every writer gets clean text.
# JS twin: /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udfff]/gu (the `u` flag makes
# the surrogate class match lone surrogates only).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

# Whitespace, spelled out rather than `\s`, because Python's and JavaScript's `\s` differ.
_WS = "\t\n\x0b\x0c\r \u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
# "CJK character": CJK radicals, punctuation, kana, Han ideographs (BMP and the supplementary planes).
_CJK = "\u2e80-\u2fff\u3001-\u303f\u3040-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_WS_RUN = re.compile(f"[{_WS}]+")
_WS_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[{_WS}]+(?=[{_CJK}])")


def clean_text(value: str) -> str:
    return _CONTROL.sub("", value)


# Invisible characters that change how a name shows, or only what it is made of: bidi controls
# (a right-to-left override made one organisation count twice) and zero-width characters.
# JS twin: INVISIBLE in assets/ui.js.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def normalize_org(value: object) -> str:
    """Invisible characters dropped (bidi controls, zero-width characters), NFKC (full-width
    letters, digits and spaces become ordinary ones), trim, drop whitespace between two CJK
    characters (第三 党支部 → 第三党支部), collapse other whitespace runs to one space; empty or
    not text → 未注明."""
    if not isinstance(value, str):
        return NO_ORG
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", clean_text(value)))
    text = _WS_BETWEEN_CJK.sub("", text.strip(_WS_CHARS))
    text = _WS_RUN.sub(" ", text)
    return text or NO_ORG


# Chinese numerals as they are written in names (第三十二党支部, 一支部); 〇 and 两 too.
_CN_NUMERAL = re.compile("[零〇一二两三四五六七八九十百千]+")
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_ARABIC = re.compile("[0-9]+")


def cn_numeral_value(run: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105; digits alone are read place by place (二〇二六 → 2026)."""
    if not any(c in _CN_UNIT for c in run):
        return int("".join(str(_CN_DIGIT[c]) for c in run))
    total = current = 0
    for char in run:
        if char in _CN_UNIT:
            total += (current or 1) * _CN_UNIT[char]  # 十二: a leading 十 means 一十
            current = 0
        else:
            current = _CN_DIGIT[char]
    return total + current


def org_key(name: str) -> str:
    """The key under which two spellings of one organisation meet: the normalised name with every
    number in Arabic digits without leading zeros, and no spaces (第3党支部, 第三党支部, 第 03 党支部
    → 第3党支部).
    Only for matching: names are shown as written (the roster's spelling, else the most frequent)."""
    text = _CN_NUMERAL.sub(lambda m: str(cn_numeral_value(m[0])), normalize_org(name))
    return _WS_RUN.sub("", _ARABIC.sub(lambda m: str(int(m[0])), text))


# str.strip takes a set of characters, not a class: expand the ranges of _WS once.
def _expand(spec: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            out.extend(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1))
            i += 3
        else:
            out.append(spec[i])
            i += 1
    return "".join(out)


_WS_CHARS = _expand(_WS)

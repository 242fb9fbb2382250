"""Message catalogs: every string a reader or an editor sees, in Simplified Chinese and English.

Catalogs live in `locales/<language>/<area>.yml`, one flat mapping per area (`quiz.yml` holds the
keys `quiz.*`, `errors-fields.yml` the keys `errors.fields.*`, …), so that each part of the
engine owns its file. A message is a Python/JavaScript format string with named fields:
`"还有 {n} 题没有作答。"`; `Messages("en")("quiz.unanswered", n=3)`.

A site chooses the language (the plugin's `language` option, by default the theme's language) and
may override single strings (`messages: {quiz.submit: 提交}`). A key missing from a language falls
back to Simplified Chinese, the catalog every key must have (a test keeps the two complete).

File-format words (CSV and xlsx column names, JSON keys, state names in CSV: what programs read
back) are not messages: they stay fixed whatever the language, and live beside their readers and
writers. Documents people read (the report's docx and md, printed papers, pages) speak the site's
language, from the catalogs."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from string import Formatter

from markupsafe import escape

LOCALES = Path(__file__).parent / "locales"
DEFAULT = "zh"
LANGUAGES = ("zh", "en")
_FORMATTER = Formatter()


def language_of(theme_language: str | None) -> str:
    """The catalog for a theme language: `zh`, `zh-Hans`, `zh_CN` → zh; anything else → en."""
    code = (theme_language or "").replace("_", "-").lower()
    return "zh" if code.startswith("zh") else "en"


@lru_cache(maxsize=8)
def catalog(language: str) -> dict[str, str]:
    """All messages of one language, read once per process, when a message is first asked for
    (never at import). libyaml reads the flat catalogs ten times faster than PyYAML's own
    parser, with the same result (a test holds it for every catalog)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    folder = LOCALES / language
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")):
        data = yaml.load(path.read_text("utf-8"), Loader=loader) or {}
        out.update({str(k): str(v) for k, v in data.items()})
    return out


def fields_of(message: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(message) if name}


def override_problems(overrides: Mapping[object, object], language: str = DEFAULT) -> list[tuple[str, str]]:
    """(key, what is wrong) for each string a site overrides (`messages:`) that would not work:
    a key no catalog has, a value that is not text, braces that do not pair, or a placeholder the
    message does not fill in (`{x}`, `{0}`, `{}`), which would stop the build with a traceback
    or show the braces to readers. Worded in `language`."""
    if not overrides:  # most sites: no catalog to read for this
        return []
    words = Messages(language)
    table = catalog(DEFAULT)
    problems = []
    for raw_key, value in overrides.items():
        key = str(raw_key)
        if key not in table:
            close = difflib.get_close_matches(key, table, n=1)
            hint = words("blocks.did_you_mean", name=close[0]) if close else ""
            problems.append((key, words("site.message_unknown", hint=hint).strip()))
        elif isinstance(value, bool) or not isinstance(value, str | int | float):
            problems.append((key, words("site.message_not_text")))
        else:
            try:
                parsed = [(name, spec, conversion) for _, name, spec, conversion in _FORMATTER.parse(str(value))
                          if name is not None]
            except ValueError as error:
                problems.append((key, words("site.message_braces", error=error)))
                continue
            # only plain {name}: a format spec ({n:0200000000d}) or conversion ({n!r}) can stop the
            # build or fill memory when the message is formatted
            fancy = next((f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
                          for name, spec, conversion in parsed
                          if spec or conversion or "." in name or "[" in name), None)
            if fancy is not None:
                problems.append((key, words("site.message_format", field=fancy)))
                continue
            used = {name for name, _, _ in parsed}
            allowed = fields_of(table[key])
            separator = words("blocks.list_separator")
            bad = separator.join(f"{{{name}}}" for name in sorted(used - allowed))
            if bad and allowed:
                problems.append((key, words("site.message_fields", bad=bad,
                                            allowed=separator.join(f"{{{name}}}" for name in sorted(allowed)))))
            elif bad:
                problems.append((key, words("site.message_no_fields", bad=bad)))
    return problems


class Messages:
    """Looks up and formats messages of one language, with a site's overrides."""

    def __init__(self, language: str = DEFAULT, overrides: Mapping[str, str] | None = None) -> None:
        self.language = language if language in LANGUAGES else DEFAULT
        self._overrides = {str(k): str(v) for k, v in (overrides or {}).items()}
        self._built: dict[str, str] | None = None
        self._subsets: dict[str, dict[str, str]] = {}
        self._escaped: dict[str, str] = {}

    @property
    def identity(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """Two Messages with the same identity say everything alike."""
        return self.language, tuple(sorted(self._overrides.items()))

    @property
    def _table(self) -> dict[str, str]:
        """The catalogs are read when a message is first needed: `ZH` below costs nothing at import."""
        if self._built is None:
            self._built = {**catalog(DEFAULT), **catalog(self.language), **self._overrides}
        return self._built

    def __call__(self, key: str, /, **fields: object) -> str:  # `/`: a message may have a field {key}
        message = self._table.get(key)
        if message is None:
            raise KeyError(f"no message {key!r} in the {self.language} catalog")
        return message.format_map(fields) if fields else message

    def raw(self, key: str) -> str:
        """The unformatted message (for the browser runtime, which fills in the fields itself)."""
        return self(key)

    def escaped(self, key: str, /) -> str:
        """A message without fields as HTML text; kept, since markup builders ask per question."""
        found = self._escaped.get(key)
        if found is None:
            found = self._escaped[key] = str(escape(self(key)))
        return found

    def subset(self, prefix: str) -> dict[str, str]:
        """Every message under `prefix` ("quiz."), keyed without it: what a runtime module needs.
        Built once per prefix (every block of a build asks again); treat the result as read-only."""
        found = self._subsets.get(prefix)
        if found is None:
            found = self._subsets[prefix] = {k[len(prefix):]: v for k, v in self._table.items() if k.startswith(prefix)}
        return found


ZH = Messages(DEFAULT)

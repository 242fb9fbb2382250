"""What a site chose for portalkit, in one typed object the core reads.

The options are the same for the MkDocs plugin (`plugins: [portalkit]`) and the Markdown
extension (`markdown_extensions: [portalkit]`); each adapter turns its own configuration into a
`Settings`, so the core never sees a generator's config. `python -m portalkit check` and
`report` read them from mkdocs.yml the same way (`site_settings`): the plugin's options when the
plugin is listed, otherwise the extension's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portalkit.i18n import DEFAULT, Messages, language_of, override_problems
from portalkit.problems import Problem

NAME = "portalkit"


@dataclass(frozen=True)
class Settings:
    language: str = DEFAULT  # a catalog: "zh" or "en"
    # The line under every quiz (which rules the questions follow): data of the site, "" = none.
    quiz_note: str = ""
    # The portal's own Chinese search setup: Material's worker fix and jieba dictionaries
    # resolved against mkdocs.yml. Off for every other site.
    search_fix: bool = False
    # YAML folders, relative to the project folder (mkdocs.yml's) or absolute
    quizzes_dir: str = "quizzes"
    checklists_dir: str = "checklists"
    rules_dir: str = "rules"
    # The self-inspection report's issuing unit, 主送机关 and roster (relative to mkdocs.yml), so
    # that a site sets them once; the report command's options win
    report_unit: str = ""
    report_to: str = ""
    report_roster: str = ""
    messages: Mapping[str, str] = field(default_factory=dict)  # single strings overridden
    # (key, what is wrong) for overrides that would not work; they are left out of `messages`,
    # and each adapter reports them before anything is built (see report_message_problems)
    message_problems: tuple[tuple[str, str], ...] = ()

    def catalog(self) -> Messages:
        return Messages(self.language, self.messages)

    @classmethod
    def from_options(cls, options: Mapping[str, Any], theme_language: str | None = None) -> Settings:
        """From the options a site wrote (plugin or extension); `language` defaults to the
        theme's language, and to Simplified Chinese when there is no theme."""
        language = options.get("language") or theme_language
        language = language_of(str(language)) if language else DEFAULT
        overrides = options.get("messages") or {}
        problems = tuple(override_problems(overrides, language))
        wrong = {key for key, _ in problems}
        return cls(
            language=language,
            quiz_note=str(options.get("quiz_note") or ""),
            search_fix=bool(options.get("search_fix", False)),
            quizzes_dir=str(options.get("quizzes_dir") or "quizzes"),
            checklists_dir=str(options.get("checklists_dir") or "checklists"),
            rules_dir=str(options.get("rules_dir") or "rules"),
            report_unit=str(options.get("report_unit") or "").strip(),
            report_to=str(options.get("report_to") or "").strip(),
            report_roster=str(options.get("report_roster") or "").strip(),
            messages={str(k): str(v) for k, v in overrides.items() if str(k) not in wrong},
            message_problems=problems,
        )

    def message_problem_list(self, config_file: Path | str | None, display: str = "mkdocs.yml") -> list[Problem]:
        """The overrides that would not work, as problems of mkdocs.yml at the line of each key."""
        text = ""
        if config_file:
            try:
                text = Path(config_file).read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
        return [Problem(display, _line_of_key(text, key), 0, f"messages.{key}", message)
                for key, message in self.message_problems]


def _line_of_key(text: str, key: str) -> int:
    """The line where mkdocs.yml writes `key:` (0 if not found: the option came from elsewhere)."""
    found = re.search(rf"^[ \t-]*['\"]?{re.escape(key)}['\"]?[ \t]*:", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 0


# -- mkdocs.yml without MkDocs (`check`, `report`) ------------------------------------------------
class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may use tags such as !ENV; the commands only need plain settings."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


CONFIG_BYTES = 1024 * 1024  # mkdocs.yml as the commands read it (a real one is a few KB)


class ConfigRefused(yaml.YAMLError):
    """mkdocs.yml holds what the commands do not read: more than CONFIG_BYTES, or aliases.
    `words(messages)` says so in the site's language."""

    def __init__(self, line: int = 0) -> None:
        super().__init__(f"line {line}: YAML anchors and aliases" if line else f"over {CONFIG_BYTES} bytes")
        self.line = line

    def words(self, messages: Messages) -> str:
        if self.line:
            return messages("site.config_alias", line=self.line)
        return messages("site.config_too_big", kb=CONFIG_BYTES // 1024)


def read_site_config(config_file: Path) -> Any:
    """mkdocs.yml as plain data (tags read as null), for the commands that read it before (or
    without) MkDocs: bounded, and without aliases of lists or mappings, which could make the
    settings expand without bound (an alias bomb hung even `--help`). Raises OSError, UnicodeDecodeError or
    yaml.YAMLError (ConfigRefused) for the caller to word."""
    from portalkit.yamlsource import expanding_alias

    with Path(config_file).open("rb") as handle:
        raw = handle.read(CONFIG_BYTES + 1)
    if len(raw) > CONFIG_BYTES:
        raise ConfigRefused()
    text = raw.decode("utf-8-sig")
    alias = expanding_alias(text)
    if alias is not None:
        raise ConfigRefused(alias[0])
    return yaml.load(text, Loader=_IgnoreTags)  # noqa: S506


def _entries(value: Any) -> list[tuple[str, dict[str, Any]]]:
    """`[a, {b: {...}}]` or `{a: {...}}` → [(name, options)]."""
    items = value.items() if isinstance(value, dict) else (
        (next(iter(e.items())) if isinstance(e, dict) and e else (e, None)) for e in (value or []))
    return [(str(name), opts if isinstance(opts, dict) else {}) for name, opts in items]


def is_portalkit(name: str) -> bool:
    """The extension as a site may name it: `portalkit` or `portalkit.extension`."""
    return name == NAME or name.startswith(NAME + ".")


def site_options(config: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """portalkit's options in a parsed mkdocs.yml, and whether the plugin is listed. The plugin's
    options win over the extension's, as in a build."""
    for name, options in _entries(config.get("plugins")):
        if name == NAME:
            return options, True
    for name, options in _entries(config.get("markdown_extensions")):
        if is_portalkit(name):
            return options, False
    return {}, False


def markdown_extensions(config: Mapping[str, Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The site's Markdown extensions and their options, without portalkit's own entry."""
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in config.get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if is_portalkit(str(name)):
            continue
        names.append(name)
        if isinstance(entry, dict):
            configs[name] = options or {}
    return names, configs


def site_settings(config: Mapping[str, Any]) -> Settings:
    theme = config.get("theme")
    theme_language = theme.get("language") if isinstance(theme, dict) else None
    options, _ = site_options(config)
    return Settings.from_options(options, theme_language or "en")

"""Jinja templates for the rendered blocks. A site overrides one by placing a file of the same
name in `<theme custom_dir>/portalkit/` (e.g. overrides/portalkit/quiz.html).

Every reader-visible string of a template comes from the site's message catalog through `t`:
`{{ t("tpl.quiz.count", n=5) }}`. The render functions pass the session's `t`; a template rendered
without one (a site's older override, a test) gets Simplified Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from portalkit.i18n import ZH, Messages

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


def template_text(messages: Messages) -> Any:
    """`t(key, **fields)` for templates: the message as HTML-safe text. Its fields are escaped
    unless they are markup themselves (`Markup`, or a `{% set %}` block of the template), so a
    sentence may hold a link or a `<code>` that the template builds."""
    def t(key: str, **fields: Any) -> Markup:
        message = Markup(messages.escaped(key))  # escaped once per build, not per call
        return message.format(**fields) if fields else message
    return t


class Templates:
    def __init__(self, override_dir: Path | str | None = None) -> None:
        override_dir = Path(override_dir) if override_dir else None
        loaders: list[jinja2.BaseLoader] = []
        self.override_dir = override_dir if override_dir and override_dir.is_dir() else None
        # read once: `overridden()` is asked on every block's render
        self._overrides = {p.name for p in self.override_dir.iterdir()} if self.override_dir else set()
        if self.override_dir:
            loaders.append(jinja2.FileSystemLoader(str(self.override_dir)))
        loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
        # A Templates lives for one build (a rebuild of `mkdocs serve` makes a new one), so its
        # templates never change under it: no file check on every block (auto_reload).
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders), autoescape=True, trim_blocks=False,
            lstrip_blocks=False, undefined=jinja2.StrictUndefined, auto_reload=False)
        self.env.globals["t"] = template_text(ZH)

    def overridden(self, name: str) -> bool:
        return name in self._overrides

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

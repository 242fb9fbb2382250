"""What a page hands the browser runtime, as element text of <template>s: each block's data
(`<template class="portal-data">`) and, once per page, the interface text its modules read
(`<template class="portal-text">`, one per catalog area: `ui`, `quiz`, …).

Not <script type="application/json">: Material's instant navigation re-creates every <script>
of the new page without its type, and would run the JSON as JavaScript. As element text, JSON
needs only `&` and `<` escaped (quotes stay, keeping pages smaller).

The interface text is the same for every block of a site: sent with each block it was half the
data of a quiz block and repeated on pages with several. assets/ui.js merges a page's text
templates into each block's `t`."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from portalkit.assets import MODULES, ON_DEMAND
from portalkit.i18n import Messages

# The catalog area each runtime module reads (quiz.js reads `quiz.*`); store.js shows no text.
# A block kind's areas are those of the modules it loads (portalkit.assets.MODULES).
_AREA_OF_MODULE: dict[str, str | tuple[str, ...]] = {
    "ui.js": "ui", "quiz.js": "quiz", "mistakes.js": "mistakes", "checklist.js": "checklist",
    "datecheck.js": "datecheck", "report.js": ("reportpage", "reportdoc"), "progress.js": "progress",
    "sheets.js": "sheets", "ledger.js": "ledger", "scores.js": "scorespage", "report-read.js": "report"}
# Messages the build writes itself (portalkit.datecheck.render's rule descriptions): not sent
_BUILD_ONLY = {"datecheck": ("unit_", "describe_", "detail_"), "ledger": ("help.",)}
# Areas a page reads only part of: the report command's reasons and notices, not its console lines
_PAGE_ONLY = {"report": ("signature.", "field.", "cut", "save_as_csv", "binary", "too_big", "empty", "json_",
                         "not_export", "bad_version", "bad.", "unknown_checklist", "csv_", "too_many_")}


def element_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def dump_json(data: Any) -> Markup:
    """The runtime's data as the text of a <template class="portal-data">."""
    return Markup(element_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"))))


def area_text(messages: Messages, area: str) -> dict[str, str]:
    """The messages of one area (`quiz.*`) without their prefix, as the runtime reads them."""
    words = messages.subset(area + ".")
    skip, only = _BUILD_ONLY.get(area), _PAGE_ONLY.get(area)
    if only:
        words = {k: v for k, v in words.items() if k.startswith(only)}
    return {k: v for k, v in words.items() if not k.startswith(skip)} if skip else words


@lru_cache(maxsize=64)
def _text_template(messages: Messages, area: str) -> str:
    # outside the block's excluded root: without data-search-exclude, Material's search would
    # index the JSON as the page's text
    return (f'<template class="portal-text" data-area="{area}" data-search-exclude>'
            f"{dump_json({area: area_text(messages, area)})}</template>")


def text_for(kind: str, already: set[str], messages: Messages) -> str:
    """The text templates a block of `kind` needs that this page does not have yet (`already`
    holds the areas the page has, and is updated)."""
    out = []
    _, scripts = MODULES.get(kind, ((), ()))
    scripts = scripts + ON_DEMAND.get(kind, ())
    found = (_AREA_OF_MODULE[name] for name in scripts if name in _AREA_OF_MODULE)
    for area in (a for areas in found for a in ((areas,) if isinstance(areas, str) else areas)):
        if area not in already:
            already.add(area)
            out.append(_text_template(messages, area))
    return "".join(out)

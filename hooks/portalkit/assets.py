"""The browser runtime: a shared store and page helpers plus one module per block kind, each
minified once per build and served as a cached file (never inlined into pages).

A page loads only what its blocks use: the first block of each kind on a page brings the
stylesheets and scripts of that kind (see `tags_for`), so a page without blocks loads none."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import rcssmin
import rjsmin

from portalkit.limits import LIMITS

SOURCE = Path(__file__).parent / "assets"
FOLDER = "assets/portalkit/"

# Block kind -> (stylesheets, scripts) in the order a page should load them.
MODULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "quiz": (("ui.css", "quiz.css"), ("store.js", "ui.js", "quiz.js")),
    "mistakes": (("ui.css", "quiz.css"), ("store.js", "ui.js", "quiz.js", "mistakes.js")),
    "checklist": (("ui.css", "checklist.css"), ("store.js", "ui.js", "checklist.js")),
    "datecheck": (("ui.css", "datecheck.css"), ("store.js", "ui.js", "dates.js", "datecheck.js")),
    "timelimits": ((), ()),
    "ledger": (("ui.css", "ledger.css"), ("store.js", "ui.js", "dates.js", "ledger.js")),
    "report": (("ui.css", "report.css"), ("ui.js", "report.js")),  # stores nothing
    "progress": (("ui.css", "progress.css"), ("store.js", "ui.js", "progress.js")),
    "scores": (("ui.css",), ("ui.js", "quiz.js", "scores.js")),  # stores nothing; marks as quiz.js does
}
# Modules a block loads only when the reader needs them (the spreadsheet reader once a file is
# opened), from the folder of the block's own script: a page that is only read loads less.
ON_DEMAND: dict[str, tuple[str, ...]] = {"ledger": ("sheets.js",), "report": ("report-read.js", "sheets.js"),
                                         "scores": ("sheets.js", "scores-sheet.js")}
FILES = tuple(sorted({name for css, js in MODULES.values() for name in css + js}
                     | {name for names in ON_DEMAND.values() for name in names}))


@lru_cache(maxsize=32)
def _minified(name: str, mtime_ns: int) -> str:
    text = (SOURCE / name).read_text("utf-8")
    if name in ("store.js", "sheets.js"):
        text = text.replace("/*LIMITS*/{}", json.dumps(LIMITS, separators=(",", ":")))
    return rjsmin.jsmin(text) if name.endswith(".js") else rcssmin.cssmin(text)


def files_for(kinds: Iterable[str]) -> tuple[str, ...]:
    """The runtime files blocks of these kinds load, at once or on demand."""
    return tuple(sorted({name for kind in kinds for name in (*MODULES.get(kind, ((), ()))[0],
                                                              *MODULES.get(kind, ((), ()))[1],
                                                              *ON_DEMAND.get(kind, ()))}))


def built_assets(kinds: Iterable[str] | None = None) -> dict[str, str]:
    """Site path -> minified text of every runtime file, or of those blocks of `kinds` load: a
    site ships no runtime for block kinds it does not use."""
    names = FILES if kinds is None else files_for(kinds)
    return {FOLDER + name: _minified(name, (SOURCE / name).stat().st_mtime_ns) for name in names}


def tags_for(kind: str, already: set[str], root: str) -> str:
    """The <link>/<script> tags a block of `kind` needs that this page has not loaded yet.

    They stand in the page body, before the block: Material's instant navigation re-creates
    the scripts of the page it swaps in, and a stylesheet before the block styles it before
    it is painted. `defer` keeps their order on a normal load; on instant navigation they may
    run in any order, which the modules allow for."""
    css, js = MODULES.get(kind, ((), ()))
    out = []
    for name in css + js:
        if name in already:
            continue
        already.add(name)
        url = root + FOLDER + name
        out.append(f'<link rel="stylesheet" href="{url}">' if name.endswith(".css")
                   else f'<script src="{url}" defer></script>')
    return "".join(out)

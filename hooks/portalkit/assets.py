"""The browser runtime: one JS and one CSS file for all blocks, minified once per build and
served as cached files (never inlined into pages)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import rcssmin
import rjsmin

SOURCE = Path(__file__).parent / "assets"
SCRIPTS = ["assets/portalkit/portal.js", "assets/portalkit/datecheck.js"]
STYLESHEETS = ["assets/portalkit/portal.css", "assets/portalkit/datecheck.css"]


@lru_cache(maxsize=8)
def _minified(name: str, mtime_ns: int) -> str:
    text = (SOURCE / name).read_text("utf-8")
    return rjsmin.jsmin(text) if name.endswith(".js") else rcssmin.cssmin(text)


def built_assets() -> dict[str, str]:
    out = {}
    for dest in SCRIPTS + STYLESHEETS:
        name = dest.rsplit("/", 1)[1]
        out[dest] = _minified(name, (SOURCE / name).stat().st_mtime_ns)
    return out

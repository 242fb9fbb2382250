"""A one-character fix to Material's search worker for Chinese queries.

Material splits each run of Han characters in a query into words it finds in the index,
but its loop tests only slices that end before the last character (`o < t.length`): a query
that is exactly one indexed word (发展对象, 政治审查) is cut into shorter words (发展 + 对),
and the step that uses the word ranks below every page that says 发展党员. Testing the slice
that ends at the last character too (`o <= t.length`) fixes it. Reported upstream as part of
Material's Chinese search issues; remove this when Material ships a fix.

Only for sites that opt in (the plugin's `search_fix: true`): other sites' search is left as
Material ships it.
"""

from __future__ import annotations

from pathlib import Path

BUGGY = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def patch_search_worker(site_dir: str | Path) -> bool | None:
    """True if a worker was patched (or already was), False if Material's worker no longer has
    the loop this fixes (the caller says so), None if the site has no search worker."""
    workers = sorted(Path(site_dir, "assets", "javascripts", "workers").glob("search.*.min.js"))
    done = False
    for worker in workers:
        text = worker.read_text("utf-8")
        if BUGGY in text:
            worker.write_text(text.replace(BUGGY, FIXED, 1), "utf-8")
            done = True
        elif FIXED in text:
            done = True
    return done if workers else None

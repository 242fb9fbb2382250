"""A one-character fix to Material's search worker for Chinese queries.

Material splits each run of Han characters in a query into words it finds in the index,
but its loop tests only slices that end before the last character (`o < t.length`): a query
that is exactly one indexed word (发展对象, 政治审查) is cut into shorter words (发展 + 对),
and the step that uses the word ranks below every page that says 发展党员. Testing the slice
that ends at the last character too (`o <= t.length`) fixes it. Reported upstream as part of
Material's Chinese search issues; remove this when Material ships a fix.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("portalkit")

BUGGY = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def patch_search_worker(site_dir: str | Path) -> bool:
    """Returns True if a worker was patched (or already was)."""
    workers = sorted(Path(site_dir, "assets", "javascripts", "workers").glob("search.*.min.js"))
    done = False
    for worker in workers:
        text = worker.read_text("utf-8")
        if BUGGY in text:
            worker.write_text(text.replace(BUGGY, FIXED, 1), "utf-8")
            done = True
        elif FIXED in text:
            done = True
    if workers and not done:
        log.info("Material 的搜索脚本已更新，未应用中文检索修正；请确认搜索“发展对象”能找到步骤 7。")
    return done

"""The portal's fix to Material's search worker for Chinese queries.

Material cuts each run of Han characters in a query into words of the index, with three faults
measured on this portal: words are joined as "接收* 预备党员" and get a second "*" later, so every
word but the last is reported missing ("缺少: 接收*"), neither highlighted nor counted; characters
that start no word of the index are dropped (推荐优秀团员 was searched as 推荐); and a piece of one
character (月, 内) matches every word it begins. Its loop also never tests the whole run
(`o < t.length`), so a query that is one word (发展对象) was split.

The build replaces the worker's call to its segmenter with `portalSegmentQuery`
(search_worker_fix.js, appended to the worker), which also takes jieba's zero-width spaces out of
the titles and snippets the worker sends to the page. Found by a pattern, not a version number:
every worker from Material 9.2 (the first that segments Chinese queries) to 9.8 has the call in
that shape (tests/test_search_fix.py holds it as each release writes it). When a worker lacks it
(before 9.2, or a later release that rewrote it), nothing is changed and the caller warns,
naming Material's version: the site builds, searched as Material ships it.

Only for sites that opt in (the plugin's `search_fix: true`): other sites' search is left as
Material ships it.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path

# `e=e.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* "))`
# in Material 9.x; the names of the minified function and variables vary between releases.
SEGMENTER_CALL = re.compile(
    r'(?P<arg>[A-Za-z_$][\w$]*)=>\[\.\.\.[A-Za-z_$][\w$]*\((?P=arg),this\.index\.invertedIndex\)\]\.join\("\* "\)')
MARKER = "self.portalSegmentQuery"


def material_version() -> str:
    """The installed Material's version, for the warning when its worker cannot be fixed."""
    try:
        return version("mkdocs-material")
    except PackageNotFoundError:
        return "?"


def worker_fix_script() -> str:
    return files("portalkit").joinpath("search_worker_fix.js").read_text("utf-8")


def fixed_worker(text: str) -> str | None:
    """The worker with the fix, the same text if it already has it, None if the call is gone."""
    if MARKER in text:
        return text
    fixed, count = SEGMENTER_CALL.subn(
        lambda m: f"{m['arg']}=>portalSegmentQuery({m['arg']},this.index.invertedIndex)", text, count=1)
    if count == 0:
        return None
    return fixed.rstrip("\n") + "\n" + worker_fix_script()


def patch_search_worker(site_dir: str | Path) -> bool | None:
    """True if a worker was patched (or already was), False if Material's worker no longer has
    the call this fixes (the caller says so), None if the site has no search worker."""
    workers = sorted(Path(site_dir, "assets", "javascripts", "workers").glob("search.*.min.js"))
    done = False
    for worker in workers:
        text = worker.read_text("utf-8")
        fixed = fixed_worker(text)
        if fixed is None:
            continue
        if fixed != text:
            worker.write_text(fixed, "utf-8")  # a file of the site MkDocs is writing
        done = True
    return done if workers else None

"""Gzipped copies of a built site's text files, for servers that send them as they are.

A small intranet server often compresses nothing: Material's CSS, JavaScript and the search
index then travel at four to seven times their gzipped size. nginx (`gzip_static on`) and IIS
(static compression) can serve `page.html.gz` for `page.html` to any browser that accepts gzip,
with no work per request. Brotli (`.br`) would need a compiled library that MkDocs does not
bring; gzip is in the standard library.

The copies are deterministic (no timestamp, no file name inside), so two builds of the same
input stay byte-identical.
"""

from __future__ import annotations

import gzip
from pathlib import Path

# Text that browsers fetch; images and fonts are compressed already, source maps only devtools read.
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest"})
# Below this, the gzip header and a second file cost more than they save.
MIN_BYTES = 1024


def precompress_site(site_dir: str | Path) -> int:
    """Writes `<file>.gz` beside each text file of the site that gzip makes smaller; returns how
    many. Symbolic links are left alone (they may point outside the site)."""
    written = 0
    for path in sorted(Path(site_dir).rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) < len(data):
            path.with_name(path.name + ".gz").write_bytes(packed)
            written += 1
    return written

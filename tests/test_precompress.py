"""The compressed copies that nginx (`gzip_static`, `brotli_static`) sends as they are: each one is
the file's exact bytes, none is written where it would not help, and none outlives a change."""

from __future__ import annotations

import gzip
import os
import random
import subprocess
import sys
from pathlib import Path

import brotli
import pytest

from portalkit.precompress import MIN_BYTES, precompress_site

from sites import write_site

DECOMPRESS = {".gz": gzip.decompress, ".br": brotli.decompress}


def copies_match(site: Path) -> dict[Path, set[str]]:
    """Which copies each text file has, after checking that every copy is its file's exact bytes."""
    found: dict[Path, set[str]] = {}
    for copy in sorted(site.rglob("*")):
        if copy.suffix in DECOMPRESS:
            original = copy.with_name(copy.name[: -len(copy.suffix)])
            assert DECOMPRESS[copy.suffix](copy.read_bytes()) == original.read_bytes(), copy
            found.setdefault(original, set()).add(copy.suffix)
    return found


def page(n: int) -> str:
    return "<!doctype html><title>页面</title>" + "".join(f"<p>第{i}段：发展对象的确定和考察。</p>" for i in range(n))


def test_both_copies_are_the_files_exact_bytes_and_only_where_they_help(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(page(200), "utf-8")
    (tmp_path / "assets" / "app.js").write_text("const portal = {};\n" * 200, "utf-8")
    (tmp_path / "search_index.json").write_text('{"docs": [' + ",".join(['{"t": "入党"}'] * 300) + "]}", "utf-8")
    (tmp_path / "small.css").write_text("a{color:red}" * 10, "utf-8")  # below MIN_BYTES
    noise = random.Random(7).randbytes(4096)  # text by name, but incompressible
    (tmp_path / "noise.txt").write_bytes(noise)
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + b"\0" * 4096)  # not text
    (tmp_path / "outside.html").symlink_to(tmp_path / "index.html")

    written = precompress_site(tmp_path)

    found = copies_match(tmp_path)
    expected = {tmp_path / "index.html", tmp_path / "assets" / "app.js", tmp_path / "search_index.json"}
    assert found == {path: {".gz", ".br"} for path in expected}
    assert written == 6
    assert len((tmp_path / "small.css").read_bytes()) < MIN_BYTES


def test_a_changed_file_gets_new_copies_and_a_shrunk_one_loses_them(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(page(200), "utf-8")
    (tmp_path / "about.html").write_text(page(100), "utf-8")
    precompress_site(tmp_path)
    (tmp_path / "index.html").write_text(page(300), "utf-8")
    (tmp_path / "about.html").write_text(page(1), "utf-8")  # now below MIN_BYTES: old copies are stale

    precompress_site(tmp_path)

    assert copies_match(tmp_path) == {tmp_path / "index.html": {".gz", ".br"}}
    assert not list(tmp_path.glob(".*.part")), "no temporary file left behind"


def test_two_runs_on_the_same_files_write_the_same_bytes(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(page(200), "utf-8")
    precompress_site(tmp_path)
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    os.utime(tmp_path / "index.html", (0, 0))
    precompress_site(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == first


@pytest.fixture
def precompressed_site(tmp_path: Path) -> Path:
    config = write_site(tmp_path, {"docs/index.md": "# 首页\n\n" + "发展对象的确定和考察。\n\n" * 100})
    config.write_text(config.read_text("utf-8").replace("plugins: [search, portalkit]",
                                                        "plugins: [search, {portalkit: {precompress: true}}]"), "utf-8")
    return config


def mkdocs_build(config: Path, *extra: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), *extra],
                   check=True, cwd=config.parent, env=env, capture_output=True)


def test_a_rebuild_into_the_old_site_folder_leaves_no_stale_copy(precompressed_site: Path) -> None:
    site = precompressed_site.parent / "site"
    mkdocs_build(precompressed_site, "--strict")
    before = copies_match(site)
    assert before[site / "index.html"] == {".gz", ".br"}
    assert any(path.suffix == ".css" for path in before) and any(path.suffix == ".js" for path in before)
    page_md = precompressed_site.parent / "docs" / "index.md"
    page_md.write_text("# 首页\n\n" + "接收预备党员。\n\n" * 150, "utf-8")

    # keeps the old files (MkDocs cleans nothing), and warns that it does: not --strict
    mkdocs_build(precompressed_site, "--dirty")

    assert "接收预备党员" in brotli.decompress((site / "index.html.br").read_bytes()).decode("utf-8")
    assert copies_match(site).keys() == before.keys()

"""The Lighthouse benchmark's server sends what nginx with `brotli_static` and `gzip_static` on
would: the .br copy to a browser that accepts br, else the .gz copy, else the file itself."""

from __future__ import annotations

import gzip
import importlib.util
import threading
import urllib.request
from collections.abc import Iterator

import brotli
import pytest

from portalkit.precompress import precompress_site

from conftest import ROOT

spec = importlib.util.spec_from_file_location("lighthouse_bench", ROOT / "benchmarks" / "lighthouse.py")
assert spec and spec.loader
lighthouse = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lighthouse)

PAGE = ("<!doctype html><title>阶段三</title>" + "<p>确定发展对象。</p>" * 300).encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("served")
    (site / "stage-3").mkdir()
    (site / "stage-3" / "index.html").write_bytes(PAGE)
    precompress_site(site)

    class Handler(lighthouse._Handler):
        served = lighthouse.collections.Counter()

        def __init__(self, *a: object, **kw: object) -> None:
            super().__init__(*a, directory=str(site), **kw)

    httpd = lighthouse._Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/stage-3/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(("accept", "coding", "decode"), [
    ("gzip, deflate, br, zstd", "br", brotli.decompress),
    ("gzip, deflate, br;q=0", "gzip", gzip.decompress),
    ("gzip", "gzip", gzip.decompress),
    ("", None, bytes),
])
def test_the_best_copy_the_browser_accepts(server: str, accept: str, coding: str | None, decode) -> None:
    request = urllib.request.Request(server, headers={"Accept-Encoding": accept})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers.get("Content-Encoding") == coding
        assert response.headers.get("Content-Type") == "text/html"
        assert decode(response.read()) == PAGE

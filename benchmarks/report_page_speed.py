"""Speed of the /// report page in Chromium: how long the page takes from being given 1,000
exported files to showing the whole report (budget, issue 9: ≤ 3 s).

Generates the files with benchmarks/report_speed.py's generator, builds the portal once, serves it
on 127.0.0.1, hands the files to the page's file input and times until the page announces the
report (`portal:report-ready`). Prints the median of a few runs.

Usage: python benchmarks/report_page_speed.py [--files 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from report_speed import generate

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 3.0
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        exports = tmp_path / "exports"
        exports.mkdir()
        # about one file per run: the generator writes mostly one-run JSON and CSV files
        generate(exports, runs=args.files, orgs=max(1, args.files // 20))
        files = sorted(str(p) for p in exports.rglob("*") if p.is_file())[: args.files]
        site = tmp_path / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                       check=True, cwd=ROOT)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/checks/report/"
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
            for _ in range(args.repeat):
                page = browser.new_page()
                page.goto(url)
                page.evaluate("document.addEventListener('portal:report-ready', "
                              "e => window.__done = performance.now())")
                page.locator("input.portal-rp__file").set_input_files(files)
                started = page.evaluate("performance.now()")
                page.wait_for_function("() => window.__done", timeout=120_000)
                times.append((page.evaluate("window.__done") - started) / 1000)
                runs = page.evaluate("document.querySelector('.portal-rp__status').textContent")
                page.close()
            browser.close()
        server.shutdown()
    median = statistics.median(times)
    print(f"{len(files)} files: {', '.join(f'{t:.2f}' for t in times)} s; median {median:.2f} s "
          f"(budget {BUDGET_SECONDS:.0f} s) — {runs}")
    return 0 if median <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())

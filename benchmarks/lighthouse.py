"""Lighthouse performance of every page type, mobile and desktop, served compressed as nginx
`gzip_static` serves the build's .gz copies (issue 17; budgets: mobile ≥ 90, desktop ≥ 98).

Builds the portal for the local server's address (instant navigation on), serves it from a
small server that sends `<file>.gz` to a browser that accepts gzip, and runs Lighthouse (from
the npm registry through npx, or the `lighthouse` found on PATH) with Debian's Chromium. Prints
the score, LCP and CLS of each run and a verdict per budget; exits 1 if one fails.

Usage: python benchmarks/lighthouse.py [--runs 1] [--pages ,procedures/stage-3/] [--port 8790]
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGETS = {"mobile": 90, "desktop": 98}
# One page of each type: plain pages, a rule page with tables, each block kind.
PAGES = {
    "home": "",
    "procedure": "procedures/stage-3/",
    "time limits table": "procedures/time-limits/",
    "quiz": "study/stage-3/",
    "final exam (drawn)": "study/final/",
    "mistakes": "study/mistakes/",
    "progress": "study/progress/",
    "checklist": "checks/dossier/",
    "date checker": "tools/datecheck/",
    "report page": "checks/report/",
    "scores": "tools/scores/",
    "ledger": "tools/ledger/",
}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Sends the build's .gz copy to a browser that accepts gzip (nginx gzip_static on)."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        packed = path.with_name(path.name + ".gz")
        if "gzip" in self.headers.get("Accept-Encoding", "") and packed.is_file():
            body = packed.open("rb")
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(packed.stat().st_size))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return body
        return super().send_head()


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def lighthouse_command() -> list[str]:
    found = shutil.which("lighthouse")
    return [found] if found else ["npx", "--yes", "lighthouse@12"]


def audit(url: str, form: str, out: Path) -> dict[str, float]:
    cmd = [*lighthouse_command(), url, "--quiet", "--only-categories=performance", "--output=json",
           f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}"]
    if form == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(cmd, check=True, env=env, capture_output=True, timeout=300)
    report = json.loads(out.read_text("utf-8"))
    audits = report["audits"]
    return {"score": round(report["categories"]["performance"]["score"] * 100),
            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "cls": audits["cumulative-layout-shift"]["numericValue"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page and form factor (median)")
    parser.add_argument("--pages", help="comma-separated paths (default: one page of each type)")
    parser.add_argument("--port", type=int, default=8790)
    args = parser.parse_args()
    pages = {p: p for p in args.pages.split(",")} if args.pages else PAGES
    url = f"http://127.0.0.1:{args.port}/"
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "PORTAL_SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                       check=True, cwd=ROOT, env=env)

        class Handler(_Handler):
            def __init__(self, *a: object, **kw: object) -> None:
                super().__init__(*a, directory=str(site), **kw)  # type: ignore[misc]

        server = _Server(("127.0.0.1", args.port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            for form, budget in BUDGETS.items():
                worst = 100
                for name, path in pages.items():
                    runs = [audit(url + path, form, Path(tmp) / "report.json") for _ in range(args.runs)]
                    score = statistics.median(r["score"] for r in runs)
                    lcp = statistics.median(r["lcp"] for r in runs)
                    cls = statistics.median(r["cls"] for r in runs)
                    worst = min(worst, score)
                    print(f"{form:7} {name:20} performance {score:3.0f}  LCP {lcp:.1f} s  CLS {cls:.3f}", flush=True)
                verdict = worst >= budget
                ok &= verdict
                word = "within budget" if verdict else "OVER BUDGET"
                print(f"{form}: lowest {worst:.0f}, budget ≥ {budget} — {word}")
        finally:
            server.shutdown()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Lighthouse performance of every page type, mobile and desktop, served compressed as nginx
`brotli_static` and `gzip_static` serve the build's .br and .gz copies (issue 17; budgets:
mobile ≥ 90, desktop ≥ 98).

Builds the portal for the local server's address (instant navigation on), serves it from a
small server that sends `<file>.br` or `<file>.gz` to a browser that accepts it, and runs Lighthouse (from
the npm registry through npx, or the `lighthouse` found on PATH) with Debian's Chromium. Prints
the score, LCP and CLS of each run and a verdict per budget; exits 1 if one fails.

Usage: python benchmarks/lighthouse.py [--runs 1] [--pages ,procedures/stage-3/] [--port 8790]
"""

from __future__ import annotations

import argparse
import collections
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


def accepted_encodings(header: str) -> set[str]:
    """The codings an Accept-Encoding header allows (`br;q=0` refuses br)."""
    accepted = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            accepted.add(name.strip().lower())
    return accepted


# The copy a server sends for each coding, best first (nginx with brotli_static and gzip_static on).
COPIES = (("br", ".br"), ("gzip", ".gz"))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Sends the build's .br or .gz copy to a browser that accepts it (nginx `brotli_static on`,
    `gzip_static on`)."""

    served: collections.Counter[str]  # responses by Content-Encoding, across requests

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        accepted = accepted_encodings(self.headers.get("Accept-Encoding", ""))
        for coding, suffix in COPIES:
            packed = path.with_name(path.name + suffix)
            if coding in accepted and packed.is_file():
                body = packed.open("rb")
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", coding)
                self.send_header("Content-Length", str(packed.stat().st_size))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                self.served[coding] += 1
                return body
        self.served["identity"] += 1
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


def load_average() -> str:
    """Lighthouse's simulated throttling scales the CPU work it observes: on a busy machine that
    work takes longer and the scores drop, so every figure is printed with the load beside it."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1,
                        help="runs per page and form factor (median shown; the verdict takes the lowest run)")
    parser.add_argument("--pages", help="comma-separated paths (default: one page of each type)")
    parser.add_argument("--forms", default=",".join(BUDGETS), help="mobile, desktop or both (the default)")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON report of every run in this folder")
    parser.add_argument("--port", type=int, default=8790)
    args = parser.parse_args()
    pages = {p: p for p in args.pages.split(",")} if args.pages else PAGES
    forms = {form: BUDGETS[form] for form in args.forms.split(",")}
    url = f"http://127.0.0.1:{args.port}/"
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "PORTAL_SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                       check=True, cwd=ROOT, env=env)

        class Handler(_Handler):
            served: collections.Counter[str] = collections.Counter()

            def __init__(self, *a: object, **kw: object) -> None:
                super().__init__(*a, directory=str(site), **kw)  # type: ignore[misc]

        server = _Server(("127.0.0.1", args.port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        reports = args.reports or Path(tmp)
        reports.mkdir(parents=True, exist_ok=True)
        print(f"load average (1, 5, 15 min) at start: {load_average()}", flush=True)
        try:
            for form, budget in forms.items():
                worst = 100
                for name, path in pages.items():
                    runs = []
                    for n in range(args.runs):
                        slug = (path.strip("/").replace("/", "-") or "home") + f"-{form}-{n + 1}.json"
                        runs.append(audit(url + path, form, reports / slug))
                    scores = [r["score"] for r in runs]
                    worst = min(worst, *scores)
                    print(f"{form:7} {name:20} performance {statistics.median(scores):3.0f}"
                          f" (runs {' '.join(f'{s:.0f}' for s in scores)})"
                          f"  LCP {statistics.median(r['lcp'] for r in runs):.1f} s"
                          f"  CLS {statistics.median(r['cls'] for r in runs):.3f}"
                          f"  load {load_average()}", flush=True)
                verdict = worst >= budget
                ok &= verdict
                word = "within budget" if verdict else "OVER BUDGET"
                print(f"{form}: lowest run {worst:.0f}, budget ≥ {budget} — {word}", flush=True)
        finally:
            server.shutdown()
        print("responses by Content-Encoding: " + ", ".join(f"{k} {v}" for k, v in sorted(Handler.served.items())))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

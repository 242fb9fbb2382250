"""`scores` of a cohort: 2,000 learners × 20 questions (one result file each, drawn from the final
test's pool with right and wrong answers) re-marked, analysed and written in ≤ 3 s; and the
/// scores page doing the same in Chromium (the results in two files of the progress page's
export format, 1,000 each) in ≤ 3 s from choosing the files to the tables shown.

Prints the median of the rounds and a verdict per budget; exits 1 if one is over.

Usage: python benchmarks/scores_speed.py [--learners 2000] [--repeat 3] [--no-page]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 3.0


def write_results(folder: Path, learners: int) -> None:
    from portalkit.catalog import load_catalog
    from portalkit.problems import ProblemLog
    from portalkit.project import ProjectLayout
    from portalkit.scoring import fingerprint

    catalog = load_catalog(ProjectLayout.from_config_file(ROOT / "mkdocs.yml", "docs"), ProblemLog())
    pool = catalog.questions_of(catalog.banks["final"])
    rng = random.Random(1)
    for n in range(learners):
        branch = folder / f"第{n % 47 + 1}党支部"
        branch.mkdir(exist_ok=True)
        questions = []
        for q in rng.sample(pool, 20):
            right = rng.random() < 0.7
            answer: object = None
            if q.type == "single":
                answer = q.answer[0] if right else next(o.text for o in q.options if o.text not in q.answer)
            elif q.type == "multiple":
                answer = list(q.answer) if right else [q.options[0].text]
            elif q.type == "truefalse":
                answer = q.truth if right else not q.truth
            elif q.type == "blank":
                answer = q.answer[0] if right else "不知道"
            elif q.type == "order":
                answer = list(q.items) if right else list(reversed(q.items))
            else:
                answer = [p[1] for p in q.pairs] if right else [""] * len(q.pairs)
            questions.append({"bank": q.bank, "id": q.id, "fp": fingerprint(q), "answer": answer})
        result = {"format": "portal-exam-result", "version": 1, "site": "portal:bench", "bank": "final",
                  "title": "结业测试", "learner": {"name": f"学员{n}", "org": branch.name}, "attempt": f"a{n}",
                  "questions": questions, "started": "2026-12-01T01:00:00Z", "handedIn": "2026-12-01T01:25:00Z",
                  "timeLimit": 30, "byClock": False, "score": 0, "earned": 0, "total": 20, "passMark": 80}
        (branch / f"{n}.json").write_text(json.dumps(result, ensure_ascii=False), "utf-8")


def page_seconds(folder: Path, tmp: Path, repeat: int) -> list[float]:
    """Builds the site, serves it, and times the scores page on the same results."""
    import functools
    import http.server
    import subprocess
    import threading

    from playwright.sync_api import sync_playwright

    results = [json.loads(p.read_text("utf-8")) for p in sorted(folder.rglob("*.json"))]
    bundles = []
    for i in range(0, len(results), 1000):
        path = tmp / f"results-{i}.json"
        path.write_text(json.dumps({"format": "portal-exam-results", "version": 1, "results": results[i:i + 1000]},
                                   ensure_ascii=False), "utf-8")
        bundles.append(str(path))
    site = tmp / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                   check=True, capture_output=True, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/tools/scores/"
    times = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            for _ in range(repeat):
                page = browser.new_page()
                page.goto(url)
                started = time.perf_counter()
                page.locator(".portal-sp__file").set_input_files(bundles)
                page.locator(".portal-sp__out table").first.wait_for(timeout=60_000)
                times.append(time.perf_counter() - started)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-page", action="store_true", help="the command only")
    args = parser.parse_args()
    from portalkit.scores.cli import run

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "成绩"
        folder.mkdir()
        write_results(folder, args.learners)
        for i in range(args.repeat):
            started = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()) as out:
                status = run([folder], Path(tmp) / f"out{i}", ROOT / "mkdocs.yml")
            times.append(time.perf_counter() - started)
            if status != 0:
                print(out.getvalue()[-2000:])
                return 1
        page = [] if args.no_page else page_seconds(folder, Path(tmp), args.repeat)
    failed = False
    for what, measured in (("scores command", times), ("/// scores page", page)):
        if not measured:
            continue
        median = statistics.median(measured)
        failed |= median > BUDGET_S
        print(f"{what}, {args.learners} learners × 20 questions: median {median:.2f} s of {len(measured)} "
              f"(budget {BUDGET_S:.0f} s): {'ok' if median <= BUDGET_S else 'OVER BUDGET'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

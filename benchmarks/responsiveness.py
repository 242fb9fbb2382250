"""Wall-clock budgets that tests must not assert (a busy machine is not a broken program):

- the date checker reading a 4 MB branch batch in Chromium: no task longer than 250 ms while it
  reads, nor when the page opens again afterwards (Long Tasks API);
- the report page reading a 5 MB CSV export (about 600 runs with their notes): no task longer
  than 200 ms from the file being chosen to the report being shown;
- `import` of a workbook whose sheet claims to reach XFD1048576: answered (read or refused) in
  under 5 s.

The tests check the behaviour (the page paints and answers while it reads; the import reads only
its bounds); this script holds the times. Prints one verdict per budget and exits 1 if one fails.

Usage: python benchmarks/responsiveness.py [--megabytes 4] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LONG_TASK_BUDGET_MS = 250
REPORT_TASK_BUDGET_MS = 200
IMPORT_BUDGET_S = 5.0
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
COLUMNS = ["姓名", "申请日期", "收到申请书日期", "谈话日期", "确定积极分子日期", "指定培养联系人日期",
           "确定发展对象日期", "政审结论日期", "培训开始日期", "培训结束日期", "预审日期", "支部大会日期",
           "决议上报日期", "党委谈话日期", "审批日期", "宣誓日期", "预备期满日期", "考察日期", "思想汇报日期"]
RECURRING = 2  # the last columns hold several dates each, as a ledger keeps them
# Long tasks from the moment a file is chosen, kept across the reload (buffered) for the second visit.
WATCH = """window.__tasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([e.startTime, e.duration]); })
    .observe({type: 'longtask', buffered: true});"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def batch(path: Path, megabytes: float) -> int:
    """Made-up candidates, dates in the three formats the checker reads (as the test's batch)."""
    rnd = random.Random(8)
    lines, size, n = [",".join(COLUMNS)], 0, 0
    while size < megabytes * 1_000_000:
        n += 1
        cells = [f"人员{n}"]
        for i, _ in enumerate(COLUMNS[1:], 1):
            days = []
            for _ in range(rnd.randint(2, 5) if i > len(COLUMNS) - 1 - RECURRING else 1):
                y, m, d = rnd.randint(1990, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
                days.append(rnd.choice((f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}年{m}月{d}日")))
            cells.append("；".join(days))
        lines.append(",".join(cells))
        size += len(lines[-1].encode()) + 2
    path.write_text("\r\n".join(lines) + "\r\n", "utf-8")
    return n


@contextlib.contextmanager
def _watched_pages(site: Path, path: str) -> Iterator[Callable[[], Any]]:
    """Opens pages of the built `site` at `path` from a local server in Chromium, each recording
    its long tasks in window.__tasks (WATCH)."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{path}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)

            def open_page() -> Any:
                page = browser.new_page()
                page.add_init_script(WATCH)
                page.goto(url)
                return page

            yield open_page
            browser.close()
    finally:
        server.shutdown()


def datecheck_long_tasks(site: Path, file: Path, rows: int, repeat: int) -> tuple[list[float], list[float]]:
    """The longest task while the batch is read, and on the next visit, per round (ms)."""
    reading, reopening = [], []
    with _watched_pages(site, "tools/datecheck/") as open_page:
        for _ in range(repeat):
            page = open_page()
            page.locator(".portal-dc__form input").first.wait_for()
            started = page.evaluate("performance.now()")
            page.locator(".portal-dc__file").set_input_files(str(file))
            page.locator(".portal-dc__bsum").filter(has_text=f"共 {rows} 人").wait_for(timeout=180_000)
            tasks = page.evaluate("window.__tasks")
            reading.append(max((d for s, d in tasks if s >= started - 1), default=0.0))
            page.reload()
            page.locator(".portal-dc__form input").first.wait_for()
            page.wait_for_timeout(300)
            reopening.append(max((d for _, d in page.evaluate("window.__tasks")), default=0.0))
            page.close()
    return reading, reopening


def report_export(path: Path, megabytes: float) -> int:
    """One branch's CSV export (version 2) of many runs of the dossier list, written by the vectors'
    writer as the site writes it."""
    sys.path.insert(0, str(ROOT / "tests" / "report_vectors"))
    from make_vectors import RunSpec, export_csv, site_checklists

    site, rnd, runs, size = site_checklists(), random.Random(16), [], 0
    items = [it["id"] for it in site["dossier"]["items"]]
    while size < megabytes * 1_000_000:
        n = len(runs) + 1
        marks = {i: ("issue", f"第{n}人：材料缺页，需补齐") for i in rnd.sample(items, 3)}
        runs.append(RunSpec("dossier", f"r-{n:05d}", f"发展对象{n}", f"机关第{n % 47 + 1}党支部", "", checker="核查人",
                            created="2026-10-01", updated="2026-10-02T00:00:00.000Z", marks=marks))
        size += 8400  # bytes a run of 28 items takes in the export
    path.write_text(export_csv(site, runs, 2), "utf-8-sig")
    return len(runs)


def report_long_tasks(site: Path, file: Path, runs: int, repeat: int) -> list[float]:
    """The longest task from choosing the export to the report being shown, per round (ms)."""
    longest = []
    with _watched_pages(site, "checks/report/") as open_page:
        for _ in range(repeat):
            page = open_page()
            page.evaluate("document.addEventListener('portal:report-ready', e => window.__runs = e.detail.runs)")
            started = page.evaluate("performance.now()")
            page.locator(".portal-rp__file").set_input_files(str(file))
            page.wait_for_function(f"() => window.__runs === {runs}", timeout=180_000)
            page.wait_for_timeout(300)
            longest.append(max((d for s, d in page.evaluate("window.__tasks") if s >= started - 1), default=0.0))
            page.close()
    return longest


def huge_claim_import_seconds(repeat: int) -> list[float]:
    from openpyxl import Workbook

    from portalkit.exchange import xlsx_read
    from portalkit.exchange.importer import import_workbook
    from portalkit.i18n import ZH

    book = Workbook()
    sheet = book.active
    sheet.append(["题型", "题干", "正确答案", "解析", "see"])
    for i in range(5):
        sheet.append(["判断题", f"第 {i} 题", "对", "e", "rules.md"])
    sheet["XFD1048576"] = "far away"
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        # refused for the bound it claims, or read within it: either answer's time counts
        with contextlib.suppress(xlsx_read.Unreadable):
            import_workbook(data, "huge.xlsx", "huge", ZH)
        times.append(time.perf_counter() - started)
    return times


def verdict(name: str, values: list[float], budget: float, unit: str) -> bool:
    worst = max(values)
    ok = worst <= budget
    shown = ", ".join(f"{v:.0f}" if unit == "ms" else f"{v:.2f}" for v in values)
    print(f"{name}: {shown} {unit} (median {statistics.median(values):.2f}); budget {budget:g} {unit} "
          f"— {'within budget' if ok else 'OVER BUDGET'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    args = parser.parse_args()
    results = [verdict("import of a sheet claiming XFD1048576", huge_claim_import_seconds(args.repeat),
                       IMPORT_BUDGET_S, "s")]
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if not args.site:
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"),
                            "-d", str(site)], check=True, cwd=ROOT,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        file = Path(tmp) / "batch.csv"
        rows = batch(file, args.megabytes)
        reading, reopening = datecheck_long_tasks(site, file, rows, args.repeat)
        export = Path(tmp) / "export.csv"
        runs = report_export(export, 5)
        report_tasks = report_long_tasks(site, export, runs, args.repeat)
    results.append(verdict(f"date checker, longest task while reading {args.megabytes:g} MB ({rows} rows)",
                           reading, LONG_TASK_BUDGET_MS, "ms"))
    results.append(verdict("date checker, longest task when the page opens again", reopening,
                           LONG_TASK_BUDGET_MS, "ms"))
    results.append(verdict(f"report page, longest task while reading a 5 MB export ({runs} runs)", report_tasks,
                           REPORT_TASK_BUDGET_MS, "ms"))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Are `report` and `import` linear in their input? (issue 15: no hostile or honest input may make
them quadratic.) Times each at a base size, 10× and 100× it, in this process after a warm-up run
(start-up is a fixed cost, not work per item), and compares the time per item: the verdict is that
at 10× and at 100× they are within 1.5× of each other.

- report: BASE exports (JSON and CSV as branches hand them in, benchmarks/report_speed.py), read,
  aggregated and written as the command does (report.cli.main);
- import: a question list of BASE questions in the exam platforms' layout, read, checked by the
  bank loader and turned into YAML (exchange.importer.import_workbook).

Usage: python benchmarks/linearity.py [--base 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).parent))
from report_speed import generate  # noqa: E402

from portalkit.exchange.importer import import_workbook  # noqa: E402
from portalkit.i18n import ZH  # noqa: E402
from portalkit.report.cli import Request  # noqa: E402
from portalkit.report.cli import main as report_main  # noqa: E402
from portalkit.site import open_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SPREAD = 1.5  # time per item at 10× and at 100× the base, at most this far apart


def question_list(count: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "题目"
    sheet.append(["题型", "题干", "选项A", "选项B", "选项C", "选项D", "正确答案", "解析", "see", "tags"])
    for i in range(count):
        kind = i % 3
        if kind == 0:
            sheet.append(["单选题", f"第 {i} 题：入党积极分子经过多长时间的培养教育和考察？", "半年以上", "一年以上",
                          "两年以上", "三年以上", "B", "《细则》第十三条：一年以上。",
                          "procedures/stage-3.md#step-7", "时限"])
        elif kind == 1:
            sheet.append(["多选题", f"第 {i} 题：哪些属于入党材料？", "入党申请书", "思想汇报", "政审材料", "购物小票",
                          "ABC", "见入党材料一览。", "procedures/documents.md", "材料"])
        else:
            sheet.append(["判断题", f"第 {i} 题：预备期从支部大会通过之日算起。", "", "", "", "", "对",
                          "《细则》第二十八条。", "procedures/stage-5.md", "时限|程序"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(work: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def report_run(folder: Path, out: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        status = report_main([folder], out, ROOT / "mkdocs.yml", request=Request(date="2026-12-02"))
    assert status in (0, 1), status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [args.base, args.base * 10, args.base * 100]
    ok = True
    pages = open_site(ROOT / "mkdocs.yml").catalog.pages
    with tempfile.TemporaryDirectory(prefix="portalkit-linear-") as scratch:
        report_per, import_per = [], []
        for size in sizes:
            folder = Path(scratch) / f"runs-{size}"
            folder.mkdir()
            generate(folder, size, max(5, size // 20))
            report_run(folder, Path(scratch) / "warm")  # imports and caches: not work per run
            seconds = timed(lambda f=folder: report_run(f, Path(scratch) / "out"), args.repeat)
            report_per.append(seconds / size)
            print(f"report  {size:>6} runs      {seconds:7.2f} s   {seconds / size * 1000:7.3f} ms per run")
        for size in sizes:
            data = question_list(size)
            import_workbook(question_list(10), "warm.xlsx", "warm", ZH, pages=pages)
            seconds = timed(lambda d=data: import_workbook(d, "list.xlsx", "linear", ZH, pages=pages), args.repeat)
            import_per.append(seconds / size)
            print(f"import  {size:>6} questions {seconds:7.2f} s   {seconds / size * 1000:7.3f} ms per question")
    print("verdicts:")
    for name, per in (("report", report_per), ("import", import_per)):
        spread = max(per[1:]) / min(per[1:])
        within = spread <= SPREAD
        ok &= within
        print(f"  {'within budget' if within else 'OVER BUDGET':13}  {name}: time per item at 10× and 100× "
              f"{per[1] * 1000:.3f} and {per[2] * 1000:.3f} ms, {spread:.2f}× apart (budget {SPREAD}×)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

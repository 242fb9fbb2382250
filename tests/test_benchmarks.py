"""`make bench` (benchmarks/build_speed.py), run small: the README shows it, so a test runs it.
Its figures are the machine's; this checks that it runs and reports each of them."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_the_build_benchmark_runs_and_reports_every_figure() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/build_speed.py", "--pages", "3", "--blocks", "2", "--runs", "2",
         "--check-questions", "40"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    # a 3-page site may well be over the budgets made for 100 pages: the verdict is the machine's
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    out = result.stdout
    assert "3 pages × 2 quiz blocks" in out and "per block:" in out and "budget 0.3 ms" in out
    assert "time in portalkit's own code, with the blocks:" in out and "two identical builds differ by" in out
    assert "runtime JS+CSS gzipped per page" in out and "40 questions in" in out
    verdicts = [line for line in out.splitlines() if line.startswith(("  within budget", "  OVER BUDGET"))]
    assert len(verdicts) == 5, out
    assert out.rstrip().endswith("all within budget" if result.returncode == 0 else "OVER BUDGET")


def test_the_linearity_benchmark_runs_small_and_gives_its_two_verdicts() -> None:
    result = subprocess.run([sys.executable, "benchmarks/linearity.py", "--base", "3", "--repeat", "1"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
    assert "report     300 runs" in result.stdout and "import     300 questions" in result.stdout
    verdicts = [line for line in result.stdout.splitlines() if line.startswith(("  within budget", "  OVER BUDGET"))]
    assert len(verdicts) == 2, result.stdout

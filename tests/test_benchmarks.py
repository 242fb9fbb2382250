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
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "3 pages × 2 quiz blocks" in out and "per block:" in out and "budget 0.3 ms" in out
    assert "time in portalkit's own code:" in out and "two identical builds without it" in out
    assert "runtime JS+CSS gzipped per page" in out and "portalkit check: 40 questions" in out

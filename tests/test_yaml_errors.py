"""YAML syntax errors: the message names where an unclosed quote or bracket was opened, and
`mkdocs serve` prints the summary line after every failed rebuild, not only the first."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from portalkit.problems import ProblemLog
from portalkit.yamlsource import load_yaml

from sites import write_site

# The example: a quote opened on line 13 is only noticed at the end of the file (line 16).
UNCLOSED_QUOTE = """\
title: 测试题库
questions:
  - id: talk
    type: truefalse
    prompt: 收到申请书后一个月内谈话。
    answer: true
    explain: 《细则》第七条。
    see: rules.md#step-7
  - id: majority
    type: truefalse
    prompt: 赞成票按实到会人数计算。
    answer: false
    explain: "按应到会人数计算。
    see: rules.md#vote
    tags: [表决]
"""

UNCLOSED_BRACKET = """\
title: 测试题库
questions:
  - id: talk
    type: single
    prompt: 收到申请书后多久内谈话？
    options: [一个月内, 三个月内
    answer: 一个月内
    explain: 《细则》第七条。
"""

BANK = """\
title: 测试题库
questions:
  - id: talk
    type: truefalse
    prompt: 收到申请书后一个月内谈话。
    answer: true
    explain: 《细则》第七条。
    see: rules.md#step-7
"""


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "quizzes" / "bank.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    log = ProblemLog(display_root=tmp_path)
    assert load_yaml(path, log) is None
    return [str(p) for p in log]


def test_an_unclosed_quote_names_the_line_where_it_opened(tmp_path: Path) -> None:
    [problem] = _problems(tmp_path, UNCLOSED_QUOTE)
    assert problem.startswith("quizzes/bank.yml:16:"), problem  # where PyYAML noticed it
    assert "引号从第 13 行第 14 列开始，到这里还没有闭合" in problem, problem


def test_an_unclosed_bracket_names_the_line_where_it_opened(tmp_path: Path) -> None:
    [problem] = _problems(tmp_path, UNCLOSED_BRACKET)
    assert problem.startswith("quizzes/bank.yml:7:"), problem
    assert "方括号列表没有闭合，或缺少逗号" in problem
    assert "方括号“[”从第 6 行第 14 列开始" in problem, problem


def test_an_unclosed_brace_is_translated_and_located(tmp_path: Path) -> None:
    [problem] = _problems(tmp_path, UNCLOSED_BRACKET.replace("[一个月内, 三个月内", "{text: 一个月内"))
    assert "花括号没有闭合，或缺少逗号" in problem and "花括号“{”从第 6 行第 14 列开始" in problem, problem


def test_a_quote_that_runs_on_to_the_next_quote_is_pointed_at(tmp_path: Path) -> None:
    """A double-quoted text may span lines: the quote opened on line 7 pairs with the quote in
    line 13's text, and YAML fails only there."""
    text = BANK.replace("explain: 《细则》第七条。", 'explain: "《细则》第七条。') + (
        "  - id: majority\n    type: truefalse\n    prompt: 赞成票按实到会人数计算。\n    answer: false\n"
        '    explain: 按"应到会"人数计算。\n    see: rules.md#vote\n')
    [problem] = _problems(tmp_path, text)
    assert problem.startswith("quizzes/bank.yml:13:"), problem
    assert "第 7 行的引号可能没有闭合" in problem, problem


@pytest.mark.parametrize("line", ["\tsee: rules.md#step-7\n", "    see: rules.md#step-7\n\ttags: [x]\n"])
def test_a_tab_is_named_in_chinese(tmp_path: Path, line: str) -> None:
    [problem] = _problems(tmp_path, BANK.replace("    see: rules.md#step-7\n", line))
    assert "制表符" in problem and "请用空格缩进" in problem, problem


def test_an_error_on_the_line_it_began_adds_nothing(tmp_path: Path) -> None:
    [problem] = _problems(tmp_path, "title: a: b\n")
    assert problem.startswith("quizzes/bank.yml:1:") and "从第" not in problem, problem


# -- mkdocs serve ----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Output:
    """Collects a process's merged output on a thread, so waiting never blocks on a pipe."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self._queue.put(line)

    def wait_for(self, pattern: str, count: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while sum(1 for line in self.lines if re.search(pattern, line)) < count:
            if time.monotonic() > deadline or (self.process.poll() is not None and self._queue.empty()):
                pytest.fail(f"no {count}× {pattern!r} in the output of mkdocs serve:\n{self.text()}")
            with contextlib.suppress(queue.Empty):
                self.lines.append(self._queue.get(timeout=0.5))

    def text(self) -> str:
        while not self._queue.empty():
            self.lines.append(self._queue.get())
        return "".join(self.lines)


def test_mkdocs_serve_prints_the_summary_after_every_failed_rebuild(tmp_path: Path) -> None:
    """MkDocs prints a build error's message only once per process; the same count of errors in a
    second rebuild used to leave the log without its summary."""
    config = write_site(tmp_path, {"quizzes/basics.yml": BANK, "docs/index.md": "/// quiz | basics\n///\n"})
    bank = tmp_path / "quizzes" / "basics.yml"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{_free_port()}"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output = _Output(process)
        output.wait_for(r"Serving on", 1)
        rebuild_failed = r"An error happened during the rebuild"
        summary = r"内容有 1 个错误（见上面的 ERROR 行），已停止构建"
        bank.write_text(BANK.replace("explain: 《细则》第七条。", 'explain: "《细则》第七条。'), "utf-8")
        output.wait_for(rebuild_failed, 1)
        bank.write_text(BANK.replace("see: rules.md#step-7", "see: [rules.md#step-7"), "utf-8")
        output.wait_for(rebuild_failed, 2)
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = output.text()
    assert "引号从第 7 行第 14 列开始" in text and "方括号“[”从第 8 行第 10 列开始" in text, text
    assert len(re.findall(summary, text)) == 2, text
    assert "Traceback" not in text

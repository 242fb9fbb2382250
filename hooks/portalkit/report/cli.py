"""`python -m portalkit report PATH... -o OUTDIR [-f mkdocs.yml]`.

Exit status: 0 when every file was read, 1 when any file was refused (the report is still written
from every good file), 2 when the command could not run as asked (no site configuration, a PATH
that does not exist, no files, an output folder that cannot be written). Never a traceback."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from portalkit.checklist.model import Checklist
from portalkit.report.aggregate import aggregate
from portalkit.report.model import Report
from portalkit.report.read import read_paths
from portalkit.report.write_docx import write_docx
from portalkit.report.write_markdown import write_markdown
from portalkit.report.write_xlsx import write_xlsx

OUTPUTS: tuple[tuple[str, Callable[[Report, Path], None]], ...] = (
    ("report.docx", write_docx), ("report.xlsx", write_xlsx), ("report.md", write_markdown))


class _Stop(Exception):
    """Ends the command with status 2 and a message."""


def load_site_checklists(config_file: Path) -> dict[str, Checklist]:
    """The site's checklists, found as `check` finds them: the layout from mkdocs.yml and
    portalkit's options in it (ProjectLayout.of_site) and the same loader (load_catalog)."""
    # imported here: the catalog pulls in the page index and the Markdown pipeline, which reading
    # and writing reports never need
    from portalkit.catalog import load_catalog
    from portalkit.problems import ProblemLog
    from portalkit.project import ProjectLayout
    from portalkit.settings import read_site_config

    if not config_file.is_file():
        raise _Stop(f"找不到 {config_file}：请在站点文件夹（mkdocs.yml 所在处）运行，或用 -f 指定。")
    config_file = config_file.resolve()
    try:
        config = read_site_config(config_file) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise _Stop(f"无法读取 {config_file}：{error}") from None
    if not isinstance(config, dict):
        raise _Stop(f"{config_file} 不是 MkDocs 的配置文件。")
    layout, settings = ProjectLayout.of_site(config_file, config)
    log = ProblemLog(display_root=layout.root, messages=settings.catalog())
    catalog = load_catalog(layout, log)
    folder = layout.checklists_dir.name + "/"
    broken = sorted(name for name in catalog.unreadable if name.startswith(folder))
    if broken:
        shown = layout.folder_name(layout.checklists_dir) + "/"
        lines = [p.text(log.messages) for p in log.errors if p.file.startswith(shown)]
        raise _Stop("\n".join([*lines, f"清单有错误（{'、'.join(broken)}），请改正后再汇总："
                                       "运行 python -m portalkit check 查看全部问题。"]))
    if not catalog.checklists:
        raise _Stop(f"站点没有清单（{layout.checklists_dir}）。")
    return catalog.checklists


def main(paths: list[Path], outdir: Path, config_file: Path) -> int:
    # file names and reasons come from the files: a console that cannot show a character (a GBK
    # console on Windows) gets a replacement mark, not a traceback
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    try:
        return _run(paths, outdir, config_file)
    except _Stop as stop:
        print(stop)
        return 2
    except Exception as error:  # noqa: BLE001  (a command-line tool answers in words, not a traceback)
        print(f"汇总时出错：{type(error).__name__}：{error}。请把这条信息和所用的文件告诉网站维护人员。")
        return 2


def _run(paths: list[Path], outdir: Path, config_file: Path) -> int:
    started = time.perf_counter()
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise _Stop("\n".join(f"找不到 {p}。" for p in missing))
    if outdir.exists() and not outdir.is_dir():
        raise _Stop(f"{outdir} 已存在且不是文件夹：-o 请指定放报告的文件夹。")
    checklists = load_site_checklists(config_file)
    read = read_paths(paths, checklists, exclude=[outdir])
    if not read.files:
        raise _Stop(f"{'、'.join(p.as_posix() for p in paths)} 中没有文件。")
    report = aggregate(read, checklists)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        for name, write in OUTPUTS:
            target = outdir / name
            partial = outdir / f".{name}.tmp"  # a file open in Word keeps its old content, never half of a new one
            try:
                write(report, partial)
                partial.replace(target)
            finally:
                partial.unlink(missing_ok=True)
    except OSError as error:
        raise _Stop(f"无法写入 {getattr(error, 'filename', None) or outdir}：{error.strerror or error}"
                    "（文件是否正在 Word 或 Excel 中打开？）") from None
    status = 1 if report.refused else 0
    try:
        _summary(report, outdir, time.perf_counter() - started)
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into `head`: the report is written, the rest goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return status


def _summary(report: Report, outdir: Path, elapsed: float) -> None:
    orgs = f"党组织 {len(report.orgs)} 个"
    if report.unnamed_runs:
        orgs += f"，另有 {report.unnamed_runs} 条未注明党组织"
    line = f"读取文件 {len(report.files)} 个：计入核查记录 {len(report.runs)} 条（{orgs}）"
    if report.duplicates:
        line += f"，{len(report.duplicates)} 条出现在多个文件中，只计一次"
    line += f"；不符合 {len(report.rectification)} 项次，未查完的记录 {len(report.incomplete)} 条。"
    print(line)
    if report.refused:
        print(f"未能读取 {len(report.refused)} 个文件（未计入报告）：")
        for refusal in report.refused:
            print(f"  {refusal.file}：{refusal.reason}")
    if report.notices:
        print("读取时截断的内容：")
        for notice in report.notices:
            print(f"  {notice.file}：{notice.message}")
    print(f"已写出 {'、'.join((outdir / name).as_posix() for name, _ in OUTPUTS)}（用时 {elapsed:.1f} 秒）。")

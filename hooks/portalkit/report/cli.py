"""`python -m portalkit report PATH... -o OUTDIR [-f mkdocs.yml]`.

Exit status: 0 when every file was read, 1 when any file was refused (the report is still written
from every good file), 2 when the command could not run as asked (no site configuration, a PATH
that does not exist, no files, an output folder that cannot be written). Never a traceback."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from portalkit.checklist.model import Checklist
from portalkit.i18n import Messages
from portalkit.report.aggregate import aggregate
from portalkit.report.model import Report
from portalkit.report.read import read_paths
from portalkit.report.write_docx import write_docx
from portalkit.report.write_markdown import write_markdown
from portalkit.report.write_xlsx import write_xlsx
from portalkit.site import SiteConfigError, open_site, tolerant_console

OUTPUTS: tuple[tuple[str, Callable[[Report, Path], None]], ...] = (
    ("report.docx", write_docx), ("report.xlsx", write_xlsx), ("report.md", write_markdown))


class _Stop(Exception):
    """Ends the command with status 2 and a message."""


def site_messages(config_file: Path) -> Messages:
    """The language of the site's build (portalkit's `language` option, else the theme's), so that
    the command speaks it from its first line; the default language when mkdocs.yml cannot be read
    (load_site_checklists then says why)."""
    from portalkit.settings import read_site_config, site_settings

    try:
        config = read_site_config(config_file)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return Messages()
    return site_settings(config).catalog() if isinstance(config, dict) else Messages()


def load_site_checklists(config_file: Path, messages: Messages | None = None) -> dict[str, Checklist]:
    """The site's checklists, found as `check` finds them: the layout from mkdocs.yml and
    portalkit's options in it (ProjectLayout.of_site) and the same loader (load_catalog)."""
    try:
        site = open_site(config_file, messages or Messages())
    except SiteConfigError as error:
        raise _Stop(str(error)) from None
    layout, log, catalog = site.layout, site.log, site.catalog
    folder = layout.checklists_dir.name + "/"
    broken = sorted(name for name in catalog.unreadable if name.startswith(folder))
    if broken:
        shown = layout.folder_name(layout.checklists_dir) + "/"
        lines = [p.text(log.messages) for p in log.errors if p.file.startswith(shown)]
        names = log.messages("fields.separator").join(broken)
        raise _Stop("\n".join([*lines, log.messages("report.broken_checklists", names=names)]))
    if not catalog.checklists:
        raise _Stop(log.messages("report.no_checklists", folder=layout.checklists_dir))
    return catalog.checklists


def main(paths: list[Path], outdir: Path, config_file: Path, messages: Messages | None = None) -> int:
    """`messages`: the command's language; by default the site's (site_messages)."""
    tolerant_console()
    m = messages or Messages()
    try:
        m = messages or site_messages(config_file)
        return _run(paths, outdir, config_file, m)
    except _Stop as stop:
        print(stop)
        return 2
    except Exception as error:  # noqa: BLE001  (a command-line tool answers in words, not a traceback)
        print(m("report.crashed", kind=type(error).__name__, error=error))
        return 2


def _run(paths: list[Path], outdir: Path, config_file: Path, m: Messages) -> int:
    started = time.perf_counter()
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise _Stop("\n".join(m("report.path_missing", path=p) for p in missing))
    if outdir.exists() and not outdir.is_dir():
        raise _Stop(m("report.outdir_not_folder", path=outdir))
    checklists = load_site_checklists(config_file, m)
    read = read_paths(paths, checklists, exclude=[outdir], messages=m)
    if not read.files:
        raise _Stop(m("report.no_files", paths=m("fields.separator").join(p.as_posix() for p in paths)))
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
        raise _Stop(m("report.write_failed", file=getattr(error, "filename", None) or outdir,
                      error=error.strerror or error)) from None
    status = 1 if report.refused else 0
    try:
        _summary(report, outdir, time.perf_counter() - started, m)
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into `head`: the report is written, the rest goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return status


def _summary(report: Report, outdir: Path, elapsed: float, m: Messages) -> None:
    orgs = m("report.summary.orgs", count=len(report.orgs))
    if report.unnamed_runs:
        orgs += m("report.summary.unnamed", count=report.unnamed_runs)
    line = m("report.summary.read", files=len(report.files), runs=len(report.runs), orgs=orgs)
    if report.duplicates:
        line += m("report.summary.duplicates", count=len(report.duplicates))
    line += m("report.summary.end", issues=len(report.rectification), incomplete=len(report.incomplete))
    print(line)
    if report.refused:
        print(m("report.summary.refused", count=len(report.refused)))
        for refusal in report.refused:
            print("  " + m("report.summary.file", file=refusal.file, reason=refusal.reason))
    if report.notices:
        print(m("report.summary.notices"))
        for notice in report.notices:
            print("  " + m("report.summary.file", file=notice.file, reason=notice.message))
    written = m("fields.separator").join((outdir / name).as_posix() for name, _ in OUTPUTS)
    print(m("report.summary.written", files=written, seconds=f"{elapsed:.1f}"))

"""`python -m portalkit report PATH... -o OUTDIR [-f mkdocs.yml] [--unit U] [--date D] [--to T]
[--problems N] [--roster FILE]`.

Exit status: 0 when every file was read, 1 when any file was refused (the report is still written
from every good file), 2 when the command could not run as asked (no site configuration, a PATH
that does not exist, no files, an output folder that cannot be written). Never a traceback."""

from __future__ import annotations

import datetime
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from portalkit.checklist.model import Checklist
from portalkit.i18n import Messages
from portalkit.outputs import OutputSet, WriteError
from portalkit.report.aggregate import aggregate
from portalkit.report.document import DEFAULT_PROBLEMS, Options
from portalkit.report.model import Report
from portalkit.report.read import read_paths
from portalkit.report.roster import Roster
from portalkit.report.text import normalize_org
from portalkit.report.times import beijing_today
from portalkit.report.write_docx import write_docx
from portalkit.report.write_markdown import write_markdown, write_notes
from portalkit.report.write_xlsx import write_xlsx
from portalkit.site import SiteConfigError, open_site, tolerant_console
from portalkit.yamlsource import gc_paused

OUTPUTS = ("report.docx", "report.xlsx", "report.md")  # and the working notes, named in the site's language


@dataclass(frozen=True)
class Request:
    """The command's options as given (None: not given; the site's plugin options, else the defaults)."""

    unit: str | None = None
    date: str | None = None  # YYYY-MM-DD
    to: str | None = None
    problems: int | None = None
    roster: Path | None = None


def _writers(report: Report, options: Options, m: Messages) -> list[tuple[str, Callable[[Path], None]]]:
    return [("report.docx", lambda path: write_docx(report, path, options, m)),
            ("report.xlsx", lambda path: write_xlsx(report, path, m)),
            ("report.md", lambda path: write_markdown(report, path, options, m)),
            (m("reportdoc.notes_file"), lambda path: write_notes(report, path, m))]


def _options(request: Request, config_file: Path, m: Messages) -> tuple[Options, Path | None]:
    """The report's options: the command's, else the site's plugin options, else the defaults."""
    from portalkit.settings import read_site_config, site_settings

    try:
        config = read_site_config(config_file)
        settings = site_settings(config) if isinstance(config, dict) else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        settings = None
    unit = request.unit if request.unit is not None else settings.report_unit if settings else ""
    to = request.to if request.to is not None else settings.report_to if settings else ""
    roster = request.roster
    if roster is None and settings and settings.report_roster:
        roster = config_file.parent / settings.report_roster
    day = beijing_today()
    if request.date is not None:
        try:
            day = datetime.date.fromisoformat(request.date.strip())
        except ValueError:
            raise _Stop(m("report.bad_date", value=request.date)) from None
    problems = DEFAULT_PROBLEMS if request.problems is None else request.problems
    if not 0 <= problems <= 100:
        raise _Stop(m("report.bad_problems", value=problems))
    return Options(date=day, unit=normalize_org(unit) if unit.strip() else "",
                   to=normalize_org(to) if to.strip() else "", problems=problems), roster


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


def main(paths: list[Path], outdir: Path, config_file: Path, messages: Messages | None = None, *,
         request: Request | None = None) -> int:
    """`messages`: the command's language; by default the site's (site_messages)."""
    tolerant_console()
    m = messages or Messages()
    try:
        m = messages or site_messages(config_file)
        return _run(paths, outdir, config_file, m, request or Request())
    except _Stop as stop:
        print(stop)
        return 2
    except Exception as error:  # noqa: BLE001  (a command-line tool answers in words, not a traceback)
        print(m("report.crashed", kind=type(error).__name__, error=error))
        return 2


def _run(paths: list[Path], outdir: Path, config_file: Path, m: Messages, request: Request) -> int:
    started = time.perf_counter()
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise _Stop("\n".join(m("report.path_missing", path=p) for p in missing))
    if outdir.exists() and not outdir.is_dir():
        raise _Stop(m("report.outdir_not_folder", path=outdir))
    options, roster_path = _options(request, config_file, m)
    checklists = load_site_checklists(config_file, m)
    roster = _roster(roster_path, m) if roster_path else None
    # the report's own files are never read back as exports; anything else in OUTDIR is an input like any other
    own = [outdir / name for name in (*OUTPUTS, m("reportdoc.notes_file"))]
    # runs, rows, cells and XML: many objects, no cycles; a collector walking them all again and
    # again made the work grow faster than the input (a report of 100,000 rows took minutes)
    with gc_paused():
        read = read_paths(paths, checklists, exclude=own, messages=m)
        if not read.files:
            raise _Stop(m("report.no_files", paths=m("fields.separator").join(p.as_posix() for p in paths)))
        report = aggregate(read, checklists, roster)
        try:  # the whole set from this run, or every old file as it was (a file open in Word included)
            with OutputSet(outdir, m) as out:
                for name, write in _writers(report, options, m):
                    out.add(name, write)
        except WriteError as error:
            raise _Stop(str(error)) from None
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
    if report.from_folder:
        print(m("report.summary.from_folder", count=report.from_folder))
    if report.unmatched:
        print(m("report.summary.unmatched", names=m("fields.separator").join(report.unmatched)))
    print(m("report.summary.notes", file=(outdir / m("reportdoc.notes_file")).as_posix()))
    written = m("fields.separator").join((outdir / name).as_posix() for name in OUTPUTS)
    print(m("report.summary.written", files=written, seconds=f"{elapsed:.1f}"))


def _roster(path: Path, m: Messages) -> Roster:
    from portalkit.report.roster import RosterError, load_roster

    try:
        return load_roster(path, m)
    except RosterError as error:
        raise _Stop(str(error)) from None

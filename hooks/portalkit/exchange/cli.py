"""`python -m portalkit export BANK... --format xlsx|moodle -o FILE [-f mkdocs.yml]` and
`python -m portalkit import FILE.xlsx -o quizzes/ID.yml [--see PAGE#ANCHOR] [--force] [-f mkdocs.yml]`.

Exit status: 0 when everything was exported or imported; 1 when some questions or rows were
refused (each one is listed, and the file is still written from the rest); 2 when the command
could not run as asked (no site configuration, an unknown bank, a file that is no workbook, an
existing output without --force). Never a traceback."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from portalkit.exchange.site import Site, Stop, load_site, pool_ids
from portalkit.i18n import ZH, Messages
from portalkit.inputs import InputError, InputFile, read_input
from portalkit.outputs import WriteError, write_file
from portalkit.problems import Problem
from portalkit.quiz.model import Bank, Question
from portalkit.site import tolerant_console

if TYPE_CHECKING:
    from portalkit.exchange.importer import Imported

FORMATS = ("xlsx", "moodle")
SUFFIXES = {".xlsx": "xlsx", ".xml": "moodle"}


def add_parsers(commands: argparse._SubParsersAction, m: Messages = ZH) -> None:  # type: ignore[type-arg]
    export = commands.add_parser("export", help=m("exchange.help.export"))
    export.add_argument("banks", nargs="+", metavar="BANK", help=m("exchange.help.banks"))
    export.add_argument("--format", choices=FORMATS, help=m("exchange.help.format"))
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                        help=m("exchange.help.export_output"))
    export.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help=m("exchange.help.config"))
    imp = commands.add_parser("import", help=m("exchange.help.import"))
    imp.add_argument("workbook", type=Path, metavar="FILE.xlsx", help=m("exchange.help.workbook"))
    imp.add_argument("-o", "--output", type=Path, required=True, metavar="quizzes/ID.yml",
                     help=m("exchange.help.import_output"))
    imp.add_argument("--see", default="", metavar="PAGE#ANCHOR", help=m("exchange.help.see"))
    imp.add_argument("--force", action="store_true", help=m("exchange.help.force"))
    imp.add_argument("--partial", action="store_true", help=m("exchange.help.partial"))
    imp.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help=m("exchange.help.config"))


def guarded(run: Callable[[], int]) -> int:
    """Runs a command: its Stop is status 2 with its message; any other failure, status 2 with a
    sentence instead of a traceback; output into a closed pipe is dropped."""
    tolerant_console()
    try:
        return run()
    except Stop as stop:
        print(stop)
        return 2
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:  # noqa: BLE001  (a command-line tool answers in words, not a traceback)
        print(ZH("exchange.crashed", error=f"{type(error).__name__}: {error}"))
        return 2


def write_atomic(path: Path, data: bytes | Callable[[Path], None], m: Messages) -> None:
    """One file through portalkit.outputs (whole or not at all; a symlinked target refused)."""
    try:
        write_file(path, data, m)
    except WriteError as error:
        raise Stop(str(error)) from None


def _banks(site: Site, names: list[str]) -> list[Bank]:
    banks: list[Bank] = []
    for name in names:
        bank = site.bank(name)
        if bank not in banks:
            banks.append(bank)
    return banks


def _report_bank_problems(site: Site, banks: list[Bank]) -> bool:
    lines = site.problems_of(pool_ids(banks))
    for line in lines:
        print(line)
    if lines:
        print(site.messages("exchange.bank_errors"))
    return bool(lines)


# ------------------------------------------------------------------ export
def export_main(args: argparse.Namespace) -> int:
    return guarded(lambda: _export(args.banks, args.format, args.output, args.config_file))


def _export(names: list[str], fmt: str | None, output: Path, config_file: Path) -> int:
    site = load_site(config_file)
    m = site.messages
    fmt = fmt or SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        raise Stop(m("exchange.which_format", path=output))
    if output.is_dir():
        raise Stop(m("exchange.output_is_folder", path=output))
    banks = _banks(site, names)
    troubled = _report_bank_problems(site, banks)
    questions: list[Question] = []
    seen: set[tuple[str, str]] = set()
    for bank in banks:
        for q in site.questions(bank):
            if (q.bank, q.id) not in seen:
                seen.add((q.bank, q.id))
                questions.append(q)
    if not questions:
        raise Stop(m("exchange.no_questions", banks=m("fields.separator").join(b.id for b in banks)))
    refused = 0
    if fmt == "xlsx":
        from portalkit.exchange.xlsx_write import write_xlsx

        refusals: list = []
        write_atomic(output, lambda p: refusals.extend(write_xlsx(banks, questions, p, m)), m)
        for refusal in refusals:
            q = refusal.question
            print(Problem(site.log.rel(site.catalog.banks[q.bank].source), q.line, 0, q.id,
                          refusal.message).text(m))
        refused = len(refusals)
    else:
        from portalkit.exchange.moodle import moodle_xml

        xml = moodle_xml(questions, m, {b.id: b.title for b in site.catalog.banks.values()})
        _check_xml(xml, m)
        write_atomic(output, xml, m)
        ordering = sum(1 for q in questions if q.type == "order")
        if ordering:
            print(m("exchange.moodle_ordering_note", count=ordering))
    print(m("exchange.exported", count=len(questions) - refused, banks=len(banks), path=output.as_posix()))
    if refused:
        print(m("exchange.refused_questions", count=refused))
    return 1 if refused or troubled else 0


def _check_xml(xml: bytes, m: Messages) -> None:
    """The exporter's last guard: XML that does not parse back (a character XML 1.0 forbids) is
    never written and called done."""
    import defusedxml.ElementTree as SafeET

    try:
        SafeET.fromstring(xml)
    except SafeET.ParseError as error:
        raise Stop(m("exchange.broken_output", error=error)) from None


# ------------------------------------------------------------------ import
def import_main(args: argparse.Namespace) -> int:
    return guarded(lambda: _import(args.workbook, args.output, args.see, args.force, args.config_file,
                                   partial=args.partial))


def partial_path(workbook: Path, bank_id: str) -> Path:
    """Where `--partial` puts the rows that could be read: beside the workbook, named so that no
    loader takes it for a bank (`.yml.txt`)."""
    return workbook.with_name(f"{bank_id}.partial.yml.txt")


def _import(workbook: Path, output: Path, default_see: str, force: bool, config_file: Path, *,
            partial: bool = False) -> int:
    from portalkit.exchange.importer import import_workbook
    from portalkit.exchange.layout import SHEET_BANKS
    from portalkit.exchange.xlsx_read import Unreadable
    from portalkit.fields import ID_PATTERN
    from portalkit.limits import LIMITS

    site = load_site(config_file)
    m = site.messages
    bank_id = output.stem
    if output.suffix not in (".yml", ".yaml") or not ID_PATTERN.match(bank_id):
        raise Stop(m("exchange.bad_output_name", path=output))
    if output.is_dir() or (output.exists() and not force):
        raise Stop(m("exchange.output_exists", path=output))
    if output.is_symlink():
        raise Stop(m("outputs.symlink", path=output, target=os.readlink(output)))
    if not workbook.is_file():
        raise Stop(m("exchange.no_workbook", path=workbook))
    if default_see:
        problem = site.catalog.pages.check_target(default_see, m)
        if problem:
            raise Stop(m("exchange.bad_default_see", see=default_see, problem=problem))
    try:
        data = read_input(InputFile(workbook.as_posix(), workbook), LIMITS["sheetBytes"], m)
    except InputError as error:
        raise Stop(m("exchange.cannot_read", path=workbook, error=str(error).rstrip("。."))) from None
    try:
        imported = import_workbook(data, workbook.name, bank_id, m, pages=site.catalog.pages,
                                   default_see=default_see)
    except Unreadable as error:
        raise Stop(f"{workbook.as_posix()}: {m('problems.error')}: {error}") from None
    shown = workbook.as_posix()
    for notice in imported.notices:
        print(f"{shown}: {m('problems.warning')}: {notice}")
    for p in sorted(imported.problems, key=lambda p: (p.sheet == SHEET_BANKS, p.row, len(p.column), p.column)):
        where = f"{shown}[{p.sheet}]" if p.sheet == SHEET_BANKS else shown
        where += f":{p.row}" + (f":{p.column}" if p.column else "")
        print(f"{where}: {m('problems.error')}: {m('problems.field', field=p.field)}{p.message}")
    rows = len({(p.sheet, p.row) for p in imported.problems})
    if imported.yaml_text is not None and len(imported.yaml_text.encode("utf-8")) > LIMITS["bankBytes"]:
        print(m("exchange.bank_too_big", limit=LIMITS["bankBytes"] // (1024 * 1024)))
        return 1
    if imported.problems and output.exists():
        # a live bank is replaced only by a list without a bad row: never by fewer questions
        print(m("exchange.bank_kept", path=output.as_posix(), count=rows))
        if partial and imported.yaml_text is not None:
            return _write_partial(workbook, bank_id, imported, site, m)
        return 1
    if imported.yaml_text is None:
        print(m("exchange.nothing_imported", path=output.as_posix()))
        return 1
    write_atomic(output, imported.yaml_text.encode("utf-8"), m)
    print(m("exchange.imported", count=imported.count, path=output.as_posix()))
    if rows:
        print(m("exchange.refused_rows", count=rows))
    return 1 if imported.problems else 0


def _write_partial(workbook: Path, bank_id: str, imported: Imported, site: Site, m: Messages) -> int:
    target = partial_path(workbook, bank_id)
    folders = [site.layout.quizzes_dir, site.layout.checklists_dir, site.layout.rules_dir, site.layout.docs_dir]
    if any(target.resolve().is_relative_to(folder) for folder in folders):
        print(m("exchange.partial_in_content", path=target.as_posix()))
        return 1
    write_atomic(target, (imported.yaml_text or "").encode("utf-8"), m)
    print(m("exchange.partial_written", count=imported.count, path=target.as_posix()))
    return 1

"""`python -m portalkit ledger FILE -o OUT.xlsx [--ics OUT.ics] [--as-of YYYY-MM-DD]`.

Reads the branch's ledger (xlsx or CSV) through portalkit.inputs and portalkit.sheets, applies the
rules of the site's rules file looking forward (portalkit.ledger.forward) and writes the ledger
table as a workbook, and the deadlines as a calendar file when asked. It loads only the rules
file, not the site's banks and pages.

Exit status: 0 when written; 1 when written but some cells could not be read (each named by
row and column; the rest of the row is used); 2 when nothing could be written."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

from portalkit.exchange.cli import guarded
from portalkit.exchange.site import Stop
from portalkit.i18n import ZH, Messages


def add_parser(commands: argparse._SubParsersAction, m: Messages = ZH) -> None:  # type: ignore[type-arg]
    ledger = commands.add_parser("ledger", help=m("ledger.help.command"))
    ledger.add_argument("file", type=Path, metavar="FILE", help=m("ledger.help.file"))
    ledger.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.xlsx", help=m("ledger.help.output"))
    ledger.add_argument("--ics", type=Path, metavar="OUT.ics", help=m("ledger.help.ics"))
    ledger.add_argument("--names", choices=("initials", "full"), default="initials", help=m("ledger.help.names"))
    ledger.add_argument("--as-of", metavar="YYYY-MM-DD", help=m("ledger.help.as_of"))
    ledger.add_argument("--edition", default="2014", help=m("ledger.help.edition"))
    ledger.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help=m("ledger.help.config"))


def main(args: argparse.Namespace) -> int:
    return guarded(lambda: run(args.file, args.output, args.ics, args.as_of, args.edition, args.config_file,
                               args.names == "full"))


def _rules(config_file: Path, edition: str):  # -> tuple[RuleSet, Messages]
    from portalkit.datecheck.parse import load_ruleset
    from portalkit.problems import ProblemLog
    from portalkit.project import ProjectLayout
    from portalkit.site import SiteConfigError, read_config

    try:
        path, config = read_config(config_file)
    except SiteConfigError as error:
        raise Stop(str(error)) from None
    layout, settings = ProjectLayout.of_site(path, config)
    m = settings.catalog()
    rules_file = layout.rules_dir / f"{edition}.yml"
    if not rules_file.is_file():
        raise Stop(m("ledger.no_rules", file=rules_file))
    log = ProblemLog(display_root=layout.root, messages=m)
    ruleset = load_ruleset(rules_file, log)
    if ruleset is None or log.errors:
        raise Stop("\n".join([m("ledger.rules_errors"), *(str(p) for p in log.errors)]))
    return ruleset, m


def run(file: Path, output: Path, ics: Path | None, as_of: str | None, edition: str, config_file: Path,
        full_names: bool = False) -> int:
    from portalkit import inputs, outputs, sheets
    from portalkit.ledger.forward import today_in_beijing
    from portalkit.ledger.ics import calendar
    from portalkit.ledger.read import read_ledger
    from portalkit.ledger.table import build
    from portalkit.ledger.workbook import write_workbook
    from portalkit.limits import LIMITS

    ruleset, m = _rules(config_file, edition)
    try:
        today = date.fromisoformat(as_of) if as_of else today_in_beijing()
    except ValueError:
        raise Stop(m("ledger.bad_as_of", value=as_of)) from None
    found = inputs.find_inputs([file], m)
    if not found.files:
        reason = found.skipped[0].reason if found.skipped else ""
        raise Stop(m("ledger.not_a_file", file=file, reason=reason))
    source = found.files[0]
    try:
        grids = sheets.read_grids(inputs.read_input(source, LIMITS["sheetBytes"], m), m)
    except (inputs.InputError, sheets.SheetError) as error:
        raise Stop(m("ledger.unreadable", file=source.display, reason=error)) from None
    ledger = read_ledger(grids, ruleset, m)
    if ledger is None:
        raise Stop(m("ledger.no_header", file=source.display))
    sheet = m("ledger.sheet", name=ledger.sheet) if ledger.sheet else ""
    print(m("ledger.read", file=source.display, sheet=sheet, row=ledger.header_row, n=len(ledger.candidates)))
    print(m("ledger.understood", columns=m("ledger.list_sep").join(ledger.understood.values())))
    if ledger.unknown:
        print(m("ledger.not_understood", columns=m("ledger.list_sep").join(ledger.unknown)))
    problems = [p for c in ledger.candidates for p in c.problems]
    for p in problems:
        print(m("ledger.cell_problem", file=source.display, row=p.row, column=p.column, header=p.header,
                message=p.message))
    entries = build(ledger.candidates, ruleset, today)
    try:
        outputs.write_file(output, lambda path: write_workbook(path, entries, ruleset, m), m)
        print(m("ledger.written", file=output))
        if ics is not None:
            text = calendar(entries, ruleset, datetime.now(UTC), full_names, m)
            outputs.write_file(ics, text.encode("utf-8"), m)
            print(m("ledger.ics_written", file=ics, n=text.count("BEGIN:VEVENT"),
                    names=m("ledger.ics_full" if full_names else "ledger.ics_initials")))
    except outputs.WriteError as error:
        raise Stop(str(error)) from None
    soon = sum(1 for e in entries if e.outlook.next and e.outlook.next.state == "open"
               and e.outlook.next.days_left is not None and e.outlook.next.days_left <= 30)
    print(m("ledger.summary", day=today.isoformat(), overdue=sum(1 for e in entries if e.outlook.overdue),
            soon=soon, broken=sum(1 for e in entries if e.outlook.broken)))
    if problems:
        print(m("ledger.problems", n=len(problems)))
        return 1
    return 0

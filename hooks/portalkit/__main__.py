"""Command line: `python -m portalkit check [-f mkdocs.yml]`, `python -m portalkit report PATH... -o OUTDIR`,
`python -m portalkit assets [-o docs/assets/portalkit]`,
`python -m portalkit paper BANK -o OUT`, `python -m portalkit export BANK... -o FILE`,
`python -m portalkit import FILE.xlsx -o quizzes/ID.yml`.

Help texts are in the language of the site in the current folder (or of `-f`), as its build is."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portalkit.i18n import ZH, Messages
from portalkit.outputs import OutputSet, WriteError


def _site_messages(argv: list[str]) -> Messages:
    """The language of mkdocs.yml (the one `-f` names, or the current folder's); Chinese when
    there is none or it cannot be read."""
    config_file = Path("mkdocs.yml")
    for i, arg in enumerate(argv):
        if arg in ("-f", "--config-file") and i + 1 < len(argv):
            config_file = Path(argv[i + 1])
        elif arg.startswith("--config-file="):
            config_file = Path(arg.partition("=")[2])
    try:
        from portalkit.settings import read_site_config, site_settings

        config = read_site_config(config_file)
        return site_settings(config).catalog() if isinstance(config, dict) else ZH
    except Exception:  # noqa: BLE001  (only the help's language depends on it)
        return ZH


def write_assets(folder: Path) -> list[Path]:
    """The minified runtime files, as the plugin serves them, written into `folder` (which the
    blocks' tags expect at `<docs_dir>/assets/portalkit/`)."""
    from portalkit.assets import FOLDER, built_assets

    with OutputSet(folder) as out:
        for name, text in built_assets().items():
            out.add(name.removeprefix(FOLDER), text)
    return out.written


def main(argv: list[str] | None = None) -> int:
    """Runs one command. Ctrl-C ends it with one line, never a traceback: portalkit.outputs has
    either committed the command's whole set of files (then the interrupt waited for it) or left
    every old file as it was."""
    argv = sys.argv[1:] if argv is None else argv
    m = _site_messages(argv)
    try:
        return _dispatch(argv, m)
    except KeyboardInterrupt as interrupt:
        key = "outputs.interrupted_after" if getattr(interrupt, "committed", False) else "outputs.interrupted"
        print(m(key), file=sys.stderr)
        return 130


def _dispatch(argv: list[str], m: Messages) -> int:
    parser = argparse.ArgumentParser(prog="python -m portalkit", description=m("check.cli_description"))
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help=m("check.cli_check_help"))
    check.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help=m("check.cli_config_help"))
    report = commands.add_parser("report", help=m("report.cli_help"))
    report.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=m("report.cli_paths_help"))
    report.add_argument("-o", "--output", type=Path, required=True, metavar="OUTDIR",
                        help=m("report.cli_output_help"))
    report.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                        help=m("check.cli_config_help"))
    report.add_argument("--unit", metavar="UNIT", help=m("report.cli_unit_help"))
    report.add_argument("--date", metavar="YYYY-MM-DD", help=m("report.cli_date_help"))
    report.add_argument("--to", metavar="ADDRESSEE", help=m("report.cli_to_help"))
    report.add_argument("--problems", type=int, metavar="N", help=m("report.cli_problems_help"))
    report.add_argument("--roster", type=Path, metavar="FILE", help=m("report.cli_roster_help"))
    assets = commands.add_parser("assets", help=m("plugin.assets_help"))
    assets.add_argument("-o", "--output", type=Path, default=Path("docs/assets/portalkit"), metavar="DIR",
                        help=m("plugin.assets_output_help"))
    from portalkit.exchange.cli import add_parsers as add_exchange_parsers
    from portalkit.ledger.cli import add_parser as add_ledger_parser
    from portalkit.paper.cli import add_parser as add_paper_parser
    from portalkit.scores import cli as scores_cli

    add_paper_parser(commands, m)
    add_exchange_parsers(commands, m)
    add_ledger_parser(commands, m)
    scores_cli.add_parser(commands, m)
    args = parser.parse_args(argv)
    if args.command == "ledger":
        from portalkit.ledger.cli import main as run_ledger

        return run_ledger(args)
    if args.command == "scores":
        return scores_cli.main(args)
    if args.command == "paper":
        from portalkit.paper.cli import main as run_paper

        return run_paper(args)
    if args.command in ("export", "import"):
        from portalkit.exchange.cli import export_main, import_main

        return (export_main if args.command == "export" else import_main)(args)
    if args.command == "report":
        from portalkit.report.cli import Request
        from portalkit.report.cli import main as run_report

        return run_report(args.paths, args.output, args.config_file,
                          request=Request(unit=args.unit, date=args.date, to=args.to, problems=args.problems,
                                          roster=args.roster))
    if args.command == "assets":
        try:
            written = write_assets(args.output)
        except WriteError as error:
            print(error)
            return 2
        print(m("plugin.assets_written", n=len(written), folder=args.output.as_posix()))
        return 0
    from portalkit.check import main as run_check

    return run_check(args.config_file)


if __name__ == "__main__":
    sys.exit(main())

"""`python -m portalkit scores PATH... -o OUTDIR [--roster FILE] [--attempt best|last] [-f mkdocs.yml]`.

Reads result files (the exam page's JSON, one result or the progress page's export of several)
and filled answer sheets (`paper`'s {bank}-答题卡.xlsx), in the given files and folders, through
portalkit.inputs; marks every answer again against the site's banks (portalkit.scores.mark); writes
成绩汇总.xlsx, 培训考试情况.docx and 培训考试情况.md as one set through portalkit.outputs.

Listed on the console: files refused (with the reason, never their content), results whose stated
score differs from the re-marked one, questions not marked because the bank changed, cells of an
answer sheet that cannot be read, possible namesakes.

Exit status: 0 when every file was read, 1 when any file was refused (the rest are still counted),
2 when the command could not run as asked. Never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portalkit.i18n import ZH, Messages
from portalkit.limits import LIMITS

OUTPUTS = ("成绩汇总.xlsx", "培训考试情况.docx", "培训考试情况.md")  # and the working notes, in the site's language


def add_parser(commands: argparse._SubParsersAction, m: Messages = ZH) -> None:  # type: ignore[type-arg]
    scores = commands.add_parser("scores", help=m("scores.help.command"))
    scores.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=m("scores.help.paths"))
    scores.add_argument("-o", "--output", type=Path, required=True, metavar="OUTDIR", help=m("scores.help.output"))
    scores.add_argument("--roster", type=Path, metavar="FILE", help=m("scores.help.roster"))
    scores.add_argument("--attempt", choices=("best", "last"), default="best", help=m("scores.help.attempt"))
    scores.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help=m("scores.help.config"))


def main(args: argparse.Namespace) -> int:
    from portalkit.exchange.cli import guarded

    return guarded(lambda: run(args.paths, args.output, args.config_file, roster=args.roster, attempt=args.attempt))


def run(paths: list[Path], outdir: Path, config_file: Path, *, roster: Path | None = None,
        attempt: str = "best") -> int:
    from portalkit.exchange.site import Stop, load_site
    from portalkit.inputs import InputError, find_inputs, read_input
    from portalkit.outputs import OutputSet, WriteError
    from portalkit.paper.sources import SourceTitles
    from portalkit.scores.analysis import build_cohort
    from portalkit.scores.answer_sheet import SheetProblem, read_answer_sheet
    from portalkit.scores.mark import Marker
    from portalkit.scores.model import Attempt
    from portalkit.scores.results import ResultError, parse_results
    from portalkit.sheets import SheetError, read_grids

    site = load_site(config_file)
    m = site.messages
    notes: list[str] = []

    def note(line: str) -> None:
        """What the trainer should know about the files: on the console, and in the notes file
        beside the document (never in it)."""
        print(line)
        notes.append(line)

    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise Stop(m("scores.skipped", file=path.as_posix(), reason=m("scores.neither")))
    unreached_from: list[str] = []
    loaded = None
    if roster is not None:
        from portalkit.report.roster import RosterError, load_roster

        try:
            loaded = load_roster(roster, m)
        except RosterError as error:
            raise Stop(m("scores.roster_bad", error=error)) from None
        unreached_from = [o.name for o in loaded.grass_roots]
    outputs = [outdir / name for name in OUTPUTS]
    found = find_inputs(paths, m, exclude=outputs)
    refused = 0
    for skipped in found.skipped:
        note(m("scores.skipped", file=skipped.display, reason=skipped.reason))
        refused += 1
    attempts: list[Attempt] = []
    for file in found.files:
        try:
            data = read_input(file, max(LIMITS["sheetBytes"], LIMITS["importBytes"]), m)
        except InputError as error:
            note(m("scores.refused", file=file.display, reason=error))
            refused += 1
            continue
        try:
            if data[:2] == b"PK" or file.path.suffix.lower() in (".xlsx", ".csv"):
                got, cell_notes = read_answer_sheet(read_grids(data, m), file.display, m)
                for cell_note in cell_notes:
                    note(m("scores.cell_note", file=file.display, message=cell_note.message))
                attempts += got
            else:
                attempts += parse_results(data, file.display, m)
        except (ResultError, SheetProblem, SheetError) as error:
            note(m("scores.refused", file=file.display, reason=error))
            refused += 1
    known = []
    for a in attempts:
        if a.bank not in site.catalog.banks:
            note(m("scores.refused", file=a.source, reason=m("scores.unknown_bank", bank=a.bank)))
            refused += 1
        else:
            known.append(a)
    if not known:
        print(m("scores.none"))
        return 2 if not refused else 1
    questions = {f"{q.bank}/{q.id}": q for b in site.catalog.banks.values() if not b.composed for q in b.questions}
    marker = Marker(site.catalog.banks, questions)
    marked = [marker.mark(a) for a in known]
    from portalkit.report.text import org_key

    def org_of(name: str) -> str:
        found_org = loaded.find(name) if loaded is not None else None
        return org_key(found_org.name if found_org is not None else name)

    cohort = build_cohort(marked, attempt=attempt, org_of=org_of)
    for x in marked:
        a = x.attempt
        if x.score_differs:
            note(m("scores.score_differs", file=a.source, name=a.name, org=a.org, claimed=a.claimed, score=x.score))
        if x.unmarked:
            note(m("scores.unmarked", file=a.source, name=a.name, org=a.org, count=len(x.unmarked),
                    questions=m("fields.separator").join(x.unmarked[:10])))
    for name, orgs in cohort.namesakes:
        note(m("scores.namesake", name=name, orgs=m("fields.separator").join(orgs)))

    from portalkit.exchange.offsite import OffsiteText
    from portalkit.scores.document import build_document
    from portalkit.scores.write_xlsx import write_scores_xlsx

    sources = SourceTitles(site.layout.docs_dir, m("paper.source_sep"))
    text = OffsiteText(m)
    titles = {b.id: b.title for b in site.catalog.banks.values()}

    def prompt(key: str) -> str:
        return text.plain(questions[key].prompt) if key in questions else key

    def source(key: str) -> str:
        return sources.of(questions[key].see) if key in questions and questions[key].see else ""

    tested = {org_of(x.attempt.org) for x in cohort.counted}
    if loaded is not None:  # an organisation the roster knows is named as the roster spells it
        for org in cohort.orgs:
            found_org = loaded.find(org.name)
            if found_org is not None:
                tested.add(org_key(found_org.name))
                org.name = found_org.name
    unreached = [name for name in unreached_from if org_key(name) not in tested]
    document = build_document(cohort, m, language=m.language, titles=titles, prompt=prompt, source=source,
                              unreached=unreached, attempt=attempt)
    from portalkit.officialdoc.write_docx import write_docx
    from portalkit.officialdoc.write_markdown import render_markdown
    from portalkit.report.write_markdown import escape

    try:
        with OutputSet(outdir, m) as out:
            out.add(OUTPUTS[0], lambda p: write_scores_xlsx(p, cohort, titles=titles, prompt=prompt, source=source,
                                                             unreached=unreached))
            out.add(OUTPUTS[1], lambda p: write_docx(document, p))
            out.add(OUTPUTS[2], render_markdown(document, escape))
            out.add(m("scores.notes_file"), "# " + escape(m("scores.notes_title")) + "\n\n"
                    + ("".join(f"- {escape(line)}\n" for line in notes) or escape(m("scores.notes_none")) + "\n"))
    except WriteError as error:
        raise Stop(str(error)) from None
    print(m("scores.written", people=len({x.learner for x in cohort.counted}), attempts=len(marked),
            files=m("fields.separator").join(p.as_posix() for p in outputs)))
    sys.stdout.flush()
    return 1 if refused else 0

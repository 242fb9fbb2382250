"""`python -m portalkit paper BANK -o OUT [--draw N] [--variants A,B] [--separate-draws] [--seed S]
[-f mkdocs.yml]`.

Writes into the folder OUT, as one set (portalkit.outputs), one paper per variant (`BANK-A.html`,
`BANK-B.html`), one answer key for all of them (`BANK-key.html`) and the answer sheet
`BANK-答题卡.xlsx` that `scores` marks. Variants are parallel (paper/compose.py): the same N questions
(`--draw`; a composed bank such as the final test draws its own `draw:` by default) in different
orders with shuffled options, or with `--separate-draws` separate draws with as many questions of
each type from each bank. Without `--seed` a seed is chosen and printed: given again, it gives
byte for byte the same files.

Exit status: 0 when written; 1 when written but the bank has errors (its questions with errors
are not on the paper); 2 when the command could not run as asked. Never a traceback."""

from __future__ import annotations

import argparse
import re
import secrets
from pathlib import Path

from portalkit.exchange.cli import guarded
from portalkit.exchange.site import Stop, load_site, pool_ids
from portalkit.i18n import ZH, Messages
from portalkit.outputs import OutputSet, WriteError
from portalkit.paper.compose import compose_set
from portalkit.paper.render import PaperWriter
from portalkit.paper.sources import SourceTitles
from portalkit.scores.answer_sheet import SHEET, write_answer_sheet

# a variant's name is part of a file name: letters (any script), digits, - and _
_VARIANT = re.compile(r"^[^\W_][\w-]{0,15}\Z")
KEY = "key"


def add_parser(commands: argparse._SubParsersAction, m: Messages = ZH) -> None:  # type: ignore[type-arg]
    paper = commands.add_parser("paper", help=m("paper.help.command"))
    paper.add_argument("bank", metavar="BANK", help=m("paper.help.bank"))
    paper.add_argument("-o", "--output", type=Path, required=True, metavar="OUT", help=m("paper.help.output"))
    paper.add_argument("--draw", type=int, metavar="N", help=m("paper.help.draw"))
    paper.add_argument("--variants", default="A", metavar="A,B", help=m("paper.help.variants"))
    paper.add_argument("--separate-draws", action="store_true", help=m("paper.help.separate_draws"))
    paper.add_argument("--seed", metavar="S", help=m("paper.help.seed"))
    paper.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help=m("paper.help.config"))


def main(args: argparse.Namespace) -> int:
    return guarded(lambda: _run(args.bank, args.output, args.draw, args.variants, args.seed, args.config_file,
                                args.separate_draws))


def _variants(spec: str, m: Messages) -> list[str]:
    names = [n.strip() for n in re.split(r"[,，、]", spec)]
    for name in names:
        if not _VARIANT.match(name) or name.lower() == KEY:
            raise Stop(m("paper.bad_variant", name=name))
    if len({n.casefold() for n in names}) != len(names):  # A and a are one file on Windows and macOS disks
        raise Stop(m("paper.duplicate_variant", variants=spec))
    return names


def _run(name: str, outdir: Path, draw: int | None, variants_spec: str, seed: str | None,
         config_file: Path, separate_draws: bool = False) -> int:
    site = load_site(config_file)
    m = site.messages
    variants = _variants(variants_spec, m)
    if seed is not None and (not seed.strip() or len(seed) > 100 or not seed.isprintable()):
        raise Stop(m("paper.bad_seed"))
    if outdir.exists() and not outdir.is_dir():
        raise Stop(m("paper.output_is_file", path=outdir))
    bank = site.bank(name)
    pool = site.questions(bank)
    if not pool:
        raise Stop(m("exchange.no_questions", banks=bank.id))
    if draw is None and bank.composed and bank.draw:
        draw = min(bank.draw, len(pool))
    if draw is not None and not 1 <= draw <= len(pool):
        raise Stop(m("paper.bad_draw", draw=draw, count=len(pool)))
    lines = site.problems_of(pool_ids([bank]))
    for line in lines:
        print(line)
    if lines:
        print(m("exchange.bank_errors"))
    chosen_seed = seed if seed is not None else str(secrets.randbelow(900_000) + 100_000)
    composed = compose_set(pool, bank=bank, names=variants, seed=chosen_seed, draw=draw,
                           separate_draws=separate_draws)
    writer = PaperWriter(bank, m, sources=SourceTitles(site.layout.docs_dir, m("paper.source_sep")))
    written: list[Path] = []
    try:
        with OutputSet(outdir, m) as out:  # papers, key and answer sheet: one whole set, or none
            for variant in composed:
                written.append(out.add(f"{bank.id}-{variant.name}.html", writer.paper(variant)))
            written.append(out.add(f"{bank.id}-{KEY}.html", writer.key(composed, chosen_seed)))
            written.append(out.add(f"{bank.id}-{SHEET}.xlsx",
                                   lambda p: write_answer_sheet(p, bank, composed, chosen_seed, m)))
    except WriteError as error:
        raise Stop(str(error)) from None
    print(m("paper.written", count=composed[0].count, variants=len(composed),
            files=m("fields.separator").join(p.as_posix() for p in written)))
    if seed is None:
        print(m("paper.seed_chosen", seed=chosen_seed))
    return 1 if lines else 0

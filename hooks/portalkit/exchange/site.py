"""The site the trainer commands (`paper`, `export`, `import`) work on: its banks, found exactly as
`python -m portalkit check` finds them (the layout and options from mkdocs.yml through
`ProjectLayout.of_site`, the same loader `load_catalog`), and the language of their messages
(the site's `Settings`, by default its theme's language; Simplified Chinese without a site)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portalkit.catalog import Catalog
from portalkit.i18n import Messages
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.quiz.model import Bank, Question
from portalkit.site import SiteConfigError, open_site


class Stop(Exception):
    """Ends a command with status 2 (it could not run as asked) and a message."""


@dataclass
class Site:
    layout: ProjectLayout
    messages: Messages
    catalog: Catalog
    log: ProblemLog

    def bank(self, name: str) -> Bank:
        """A bank by its id, or by its file (`quizzes/stage-3.yml`, as a shell glob gives it)."""
        m = self.messages
        path = Path(name)
        bank_id = path.stem if path.suffix in (".yml", ".yaml") else name
        bank = self.catalog.banks.get(bank_id)
        if bank is not None:
            return bank
        folder = self.layout.quizzes_dir.name
        if f"{folder}/{bank_id}" in self.catalog.unreadable:
            raise Stop("\n".join([*self.problems_of([bank_id]), m("exchange.bank_unreadable", bank=bank_id)]))
        known = m("fields.separator").join(sorted(self.catalog.banks))
        raise Stop(m("exchange.unknown_bank", bank=name, known=known or "—"))

    def questions(self, bank: Bank) -> list[Question]:
        """A plain bank's questions; a composed bank's pool (the questions it includes)."""
        return self.catalog.questions_of(bank)

    def problems_of(self, bank_ids: list[str]) -> list[str]:
        """The errors `check` reports for these banks' files, as `check` words them."""
        shown = {self.log.rel(self.layout.quizzes_dir / f"{b}.yml") for b in bank_ids}
        shown |= {self.log.rel(self.layout.quizzes_dir / f"{b}.yaml") for b in bank_ids}
        return [p.text(self.messages) for p in sorted(set(self.log.errors)) if p.file in shown]


def load_site(config_file: Path) -> Site:
    try:
        site = open_site(config_file)
    except SiteConfigError as error:
        raise Stop(str(error)) from None
    return Site(layout=site.layout, messages=site.messages, catalog=site.catalog, log=site.log)


def pool_ids(banks: list[Bank]) -> list[str]:
    """The banks whose files hold the given banks' questions, each once, in order."""
    out: list[str] = []
    for bank in banks:
        for bid in [bank.id, *bank.include]:
            if bid not in out:
                out.append(bid)
    return out

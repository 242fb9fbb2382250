"""All content of one site, loaded and cross-checked once per build (or per `check`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from portalkit.pages import PageIndex
from portalkit.problems import Problem, ProblemLog
from portalkit.project import ProjectLayout
from portalkit.richtext import markdown_links

if TYPE_CHECKING:
    from portalkit.checklist.model import Checklist
    from portalkit.datecheck.model import RuleSet
    from portalkit.quiz.model import Bank, Question


@dataclass
class Catalog:
    pages: PageIndex
    banks: dict[str, Bank] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    rulesets: dict[str, RuleSet] = field(default_factory=dict)  # rules/<edition>.yml
    # "quizzes/stage-1" etc.: files whose errors are already reported; blocks using them add none
    unreadable: set[str] = field(default_factory=set)

    def questions_of(self, bank: Bank) -> list[Question]:
        """A composed bank's pool: the questions of the banks it includes, filtered by tags."""
        if not bank.composed:
            return bank.questions
        pool = [q for bid in bank.include if bid in self.banks
                for q in self.banks[bid].questions]
        if bank.include_tags:
            pool = [q for q in pool if set(bank.include_tags) & set(q.tags)]
        return pool


@dataclass
class ContentCache:
    """Content files read by earlier builds of this process (`mkdocs serve` rebuilds), with the
    problems each one had. A file is read again when it, or a file read with it, changed (time,
    size or inode); the cross-checks (links, compositions) run again at every build. Kept by the
    MkDocs plugin; one-off commands go without."""

    context: tuple[object, ...] = ()
    entries: dict[Path, tuple[tuple[object, ...], Any, list[Problem]]] = field(default_factory=dict)
    reads: int = 0  # files parsed by the last build: what a rebuild costs

    def load(self, path: Path, companions: tuple[Path, ...], loader: Callable[[Path, ProblemLog], Any],
             log: ProblemLog) -> Any:
        stamp = tuple(_stamp(p) for p in (path, *companions))
        found = self.entries.get(path)
        if found is not None and found[0] == stamp:
            log.items.extend(found[2])
            return found[1]
        first = len(log.items)
        loaded = loader(path, log)
        self.reads += 1
        self.entries[path] = (stamp, loaded, log.items[first:])
        return loaded


def _stamp(path: Path) -> tuple[object, ...]:
    try:
        st = path.stat()
    except OSError:
        return (None,)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def load_catalog(layout: ProjectLayout, log: ProblemLog, cache: ContentCache | None = None) -> Catalog:
    catalog = Catalog(pages=PageIndex.scan(layout.docs_dir))
    if cache is not None:
        # problems are kept as text: a cache from another language or folder is of no use
        context = (log.display_root, log.messages.identity, layout.root)
        if cache.context != context:
            cache.context, cache.entries = context, {}
        cache.reads = 0
    for kind, folder, target in (
        ("fields.kind.bank", layout.quizzes_dir, catalog.banks),
        ("fields.kind.checklist", layout.checklists_dir, catalog.checklists),
        ("fields.kind.rules", layout.rules_dir, catalog.rulesets),
    ):
        paths = yaml_files(folder)
        if paths:  # a kind's reader is imported for a site that has such files
            loader, companion_folder = _reader(kind)
        for path in paths:
            if not _valid_id(path, kind, log):
                continue
            if cache is None:
                loaded = loader(path, log)
            else:
                # rules/<edition>.yml is read with rules/local/<edition>.yml
                companions = (path.parent / companion_folder / path.name,) if companion_folder else ()
                loaded = cache.load(path, companions, loader, log)
            if loaded is not None:
                target[loaded.id] = loaded
            else:
                catalog.unreadable.add(f"{folder.name}/{path.stem}")
    for bank in catalog.banks.values():
        _check_bank_links(bank, catalog, log)
        _check_composition(bank, catalog, layout.quizzes_dir.name, log)
    for checklist in catalog.checklists.values():
        for item in checklist.items:
            _check_target(catalog.pages, checklist.source, item.see_line, "see", item.see, log)
            for link in markdown_links(item.help):
                _check_target(catalog.pages, checklist.source, item.line, "help", link, log)
    # date-check rules (rules/<edition>.yml): the same `see:` and Markdown link checks
    for ruleset in catalog.rulesets.values():
        for rule in ruleset.rules:
            source = ruleset.local_source if rule.local else ruleset.source
            _check_target(catalog.pages, source, rule.see_line, f"{rule.id}.see", rule.see, log)
            for link in markdown_links(rule.message):
                _check_target(catalog.pages, source, rule.line, f"{rule.id}.message", link, log)
        for link in markdown_links(ruleset.notes):
            _check_target(catalog.pages, ruleset.source, ruleset.notes_line, "notes", link, log)
        for link in markdown_links(ruleset.local_notes):
            _check_target(catalog.pages, ruleset.local_source, 0, "notes", link, log)
    return catalog


def _reader(kind: str) -> tuple[Callable[[Path, ProblemLog], Any], str]:
    """The loader of one kind of content file, and the folder of its companion files ("" for none)."""
    if kind == "fields.kind.bank":
        from portalkit.quiz.parse import load_bank

        return load_bank, ""
    if kind == "fields.kind.checklist":
        from portalkit.checklist.parse import load_checklist

        return load_checklist, ""
    from portalkit.datecheck.parse import LOCAL_FOLDER, load_ruleset

    return load_ruleset, LOCAL_FOLDER


def _valid_id(path: Path, kind: str, log: ProblemLog) -> bool:
    """`kind`: the message key naming what the file holds."""
    from portalkit.fields import ID_PATTERN

    if ID_PATTERN.match(path.stem):
        return True
    log.add(path, message=log.messages("fields.bad_file_name", name=path.name, kind=log.messages(kind)))
    return False


def _check_target(pages: PageIndex, source: str, line: int, field_name: str, target: str,
                  log: ProblemLog) -> None:
    if not target:
        return
    problem = pages.check_target(target, log.messages)
    if problem:
        log.add(source, line, 0, field_name, problem)


def _check_bank_links(bank: Bank, catalog: Catalog, log: ProblemLog) -> None:
    for q in bank.questions:
        _check_target(catalog.pages, bank.source, q.see_line, f"{q.id}.see", q.see, log)
        for text in (q.prompt, q.explain, q.hint):
            for link in markdown_links(text):
                _check_target(catalog.pages, bank.source, q.line, q.id, link, log)


def _check_composition(bank: Bank, catalog: Catalog, folder: str, log: ProblemLog) -> None:
    """`folder`: the name of the banks' folder (quizzes by default)."""
    if not bank.composed:
        return
    m = log.messages

    def problem(key: str, message: str) -> None:
        log.add(bank.source, bank.key_lines.get(key, 0), 0, key, message)

    for bid in bank.include:
        other = catalog.banks.get(bid)
        if other is None and f"{folder}/{bid}" in catalog.unreadable:
            continue  # its own errors are reported
        if other is None:
            known = m("fields.separator").join(sorted(b for b in catalog.banks if b != bank.id))
            problem("include", m("quizerr.include_unknown", bank=bid, folder=folder, known=known))
        elif other.composed:
            problem("include", m("quizerr.include_composed", bank=bid))
    pool = catalog.questions_of(bank)
    if not pool:
        problem("include", m("quizerr.include_empty"))
    elif bank.draw and bank.draw > len(pool):
        problem("draw", m("quizerr.draw_too_many", draw=bank.draw, count=len(pool)))

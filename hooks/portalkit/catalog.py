"""All content of one site, loaded and cross-checked once per build (or per `check`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from portalkit.checklist.model import Checklist
from portalkit.checklist.parse import load_checklist
from portalkit.datecheck.model import RuleSet
from portalkit.datecheck.parse import load_ruleset
from portalkit.pages import PageIndex
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.quiz.model import Bank, Question
from portalkit.quiz.parse import load_bank
from portalkit.richtext import markdown_links


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


def yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def load_catalog(layout: ProjectLayout, log: ProblemLog) -> Catalog:
    catalog = Catalog(pages=PageIndex.scan(layout.docs_dir))
    for kind, folder, loader, target in (
        ("题库", layout.quizzes_dir, load_bank, catalog.banks),
        ("清单", layout.checklists_dir, load_checklist, catalog.checklists),
        ("时限规则", layout.rules_dir, load_ruleset, catalog.rulesets),
    ):
        for path in yaml_files(folder):
            if not _valid_id(path, kind, log):
                continue
            loaded = loader(path, log)
            if loaded is not None:
                target[loaded.id] = loaded
            else:
                catalog.unreadable.add(f"{folder.name}/{path.stem}")
    for bank in catalog.banks.values():
        _check_bank_links(bank, catalog, log)
        _check_composition(bank, catalog, log)
    for checklist in catalog.checklists.values():
        for item in checklist.items:
            _check_target(catalog.pages, checklist.source, item.see_line, "see", item.see, log)
            for link in markdown_links(item.help):
                _check_target(catalog.pages, checklist.source, item.line, "help", link, log)
    # date-check rules (rules/<edition>.yml): the same `see:` and Markdown link checks
    for ruleset in catalog.rulesets.values():
        for rule in ruleset.rules:
            _check_target(catalog.pages, ruleset.source, rule.see_line, f"{rule.id}.see", rule.see, log)
            for link in markdown_links(rule.message):
                _check_target(catalog.pages, ruleset.source, rule.line, f"{rule.id}.message", link, log)
        for link in markdown_links(ruleset.notes):
            _check_target(catalog.pages, ruleset.source, ruleset.notes_line, "notes", link, log)
    return catalog


def _valid_id(path: Path, kind: str, log: ProblemLog) -> bool:
    from portalkit.fields import ID_PATTERN

    if ID_PATTERN.match(path.stem):
        return True
    log.add(path, message=f"文件名 “{path.name}” 不能作{kind}的 id：只能用小写英文字母、数字和连字符，"
                          "例如 stage-1.yml。")
    return False


def _check_target(pages: PageIndex, source: str, line: int, field_name: str, target: str,
                  log: ProblemLog) -> None:
    if not target:
        return
    problem = pages.check_target(target)
    if problem:
        log.add(source, line, 0, field_name, problem)


def _check_bank_links(bank: Bank, catalog: Catalog, log: ProblemLog) -> None:
    for q in bank.questions:
        _check_target(catalog.pages, bank.source, q.see_line, f"{q.id}.see", q.see, log)
        for text in (q.prompt, q.explain, q.hint):
            for link in markdown_links(text):
                _check_target(catalog.pages, bank.source, q.line, q.id, link, log)


def _check_composition(bank: Bank, catalog: Catalog, log: ProblemLog) -> None:
    if not bank.composed:
        return
    def problem(key: str, message: str) -> None:
        log.add(bank.source, bank.key_lines.get(key, 0), 0, key, message)

    for bid in bank.include:
        other = catalog.banks.get(bid)
        if other is None and f"quizzes/{bid}" in catalog.unreadable:
            continue  # its own errors are reported
        if other is None:
            known = "、".join(sorted(b for b in catalog.banks if b != bank.id))
            problem("include", f"题库 “{bid}” 不存在（quizzes/{bid}.yml）。已有：{known}。")
        elif other.composed:
            problem("include", f"“{bid}” 本身是组合题库，不能再被组合：请直接列出它包含的题库。")
    pool = catalog.questions_of(bank)
    if not pool:
        problem("include", "组合后没有任何题目（检查 include 和 tags）。")
    elif bank.draw and bank.draw > len(pool):
        problem("draw", f"要抽 {bank.draw} 题，但题库只有 {len(pool)} 题。")

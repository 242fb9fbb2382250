"""One build's (or one `check`'s) state: the catalog, the page being converted, block usage,
and a cache of rendered blocks. Created anew for every build, never kept in module globals."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from portalkit import assets
from portalkit.catalog import Catalog, load_catalog
from portalkit.checklist.render import render_checklist, render_report_page
from portalkit.datecheck.render import render_datecheck, render_timelimits
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.quiz.model import QuizBlockOptions
from portalkit.quiz.render import render_mistakes, render_quiz
from portalkit.richtext import ROOT_TOKEN, PageUrl, RichText, default_page_url, root_prefix
from portalkit.templating import Templates

BLOCK_KINDS = ("quiz", "checklist", "mistakes", "datecheck", "timelimits", "report")
_BLOCK_LINE = re.compile(r"^\s*/{3,}\s*([\w-]+)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LITERAL_BLOCK = re.compile(r"<p>\s*/{3,}\s*(" + "|".join(BLOCK_KINDS) + r")\b")

QUIZ_OPTIONS = ("mode", "draw", "tags", "shuffle")


@dataclass
class CurrentPage:
    src: str  # relative to docs/
    url: str
    block_lines: list[int] = field(default_factory=list)
    block_kinds: list[str] = field(default_factory=list)
    blocks_seen: int = 0
    uid: int = 0
    assets: set[str] = field(default_factory=set)  # runtime files this page already loads


class PortalSession:
    def __init__(self, layout: ProjectLayout, *, page_url: PageUrl = default_page_url,
                 site_name: str = "", override_dir: Any = None, render: bool = True) -> None:
        self.layout = layout
        self.render_output = render  # False in `check`: validate blocks, skip their HTML
        self.log = ProblemLog(display_root=layout.root)
        self.catalog: Catalog = load_catalog(layout, self.log)
        self.text = RichText(page_url)
        self.templates = Templates(override_dir)
        self.store = "portal:" + hashlib.sha1(site_name.encode()).hexdigest()[:8]
        self.used: set[tuple[str, str]] = set()
        self.page: CurrentPage | None = None
        self._rendered: dict[tuple[Any, ...], str] = {}

    # -- pages -------------------------------------------------------------------------------
    def begin_page(self, src: str, url: str, markdown: str) -> None:
        """Remembers the lines of this page's block openers: Blocks reports no line numbers,
        and its blocks arrive in document order."""
        lines: list[int] = []
        kinds: list[str] = []
        in_fence = False
        for number, line in enumerate(markdown.splitlines(), 1):
            if _FENCE.match(line):
                in_fence = not in_fence
            elif not in_fence:
                m = _BLOCK_LINE.match(line)
                if m and m.group(1) in BLOCK_KINDS:
                    lines.append(number)
                    kinds.append(m.group(1))
        self.page = CurrentPage(src, url, lines, kinds)

    def end_page(self, html: str) -> None:
        """A block Blocks could not parse would stay on the page as literal `///` text."""
        if self.page is None:
            return
        for m in _LITERAL_BLOCK.finditer(html):
            self.page_problem(f"“/// {m.group(1)}” 块没有被识别，会原样显示在页面上。"
                              "请检查块的写法：第一行 /// 类型 | id，选项缩进四个空格，最后一行 ///。",
                              line=self._line_of_literal(m.group(1)))
        self.page = None

    def _line_of_literal(self, kind: str) -> int:
        """The first opener of this kind: Blocks gives no position for a block it skipped."""
        assert self.page is not None
        for line, block_kind in zip(self.page.block_lines, self.page.block_kinds, strict=True):
            if block_kind == kind:
                return line
        return 0

    def page_problem(self, message: str, *, line: int | None = None, field_name: str = "") -> None:
        src = self.page.src if self.page else "?"
        self.log.add(self.layout.docs_dir / src, line if line is not None else self._block_line(),
                     0, field_name, message)

    def _block_line(self) -> int:
        if self.page is None or not self.page.block_lines:
            return 0
        index = min(self.page.blocks_seen, len(self.page.block_lines)) - 1
        return self.page.block_lines[max(index, 0)]

    # -- blocks ------------------------------------------------------------------------------
    def render_block(self, kind: str, argument: str | None, options: dict[str, Any]) -> str:
        if self.page is not None:
            self.page.blocks_seen += 1
            self.page.uid += 1
        html = getattr(self, f"_render_{kind}")(argument, options)
        if html is None:
            return '<p class="portal-error">（此处的内容块有错误，见构建输出。）</p>'
        prefix = root_prefix(self.page.url) if self.page else ""
        uid = f"q{self.page.uid}" if self.page else "q0"
        tags = assets.tags_for(kind, self.page.assets, prefix) if self.page and self.render_output else ""
        return tags + html.replace(ROOT_TOKEN, prefix).replace("@@uid@@", uid)

    def _known_id(self, kind: str, argument: str | None, known: dict[str, Any],
                  folder: str) -> str | None:
        if not argument:
            self.page_problem(f"{kind} 块缺少 id：应写成 /// {kind} | id，"
                              f"id 是 {folder}/ 下 YAML 文件的文件名（不含 .yml）。")
            return None
        if f"{folder}/{argument}" in self.catalog.unreadable:
            self.used.add((kind, argument))
            return None  # the file's own errors are reported; a second message would mislead
        if argument not in known:
            close = difflib.get_close_matches(argument, known, n=1)
            hint = f"是不是 {close[0]}？" if close else f"已有：{'、'.join(sorted(known)) or '（无）'}。"
            self.page_problem(f"找不到 {folder}/{argument}.yml。{hint}")
            return None
        self.used.add((kind, argument))
        return argument

    def _no_options(self, kind: str, options: dict[str, Any]) -> bool:
        for key in options:
            self.page_problem(f"{kind} 块没有选项，不认识 “{key}”。", field_name=key)
        return not options

    def _render_quiz(self, argument: str | None, options: dict[str, Any]) -> str | None:
        bank_id = self._known_id("quiz", argument, self.catalog.banks, "quizzes")
        parsed = self._quiz_options(options)
        if bank_id is None or parsed is None:
            return None
        bank = self.catalog.banks[bank_id]
        questions = self.catalog.questions_of(bank)
        if parsed.draw and parsed.draw > len(questions):
            self.page_problem(f"要抽 {parsed.draw} 题，但题库 {bank_id} 只有 {len(questions)} 题。",
                              field_name="draw")
            return None
        key = ("quiz", bank_id, parsed.mode, parsed.draw, tuple(parsed.tags), parsed.shuffle)
        return self._cached(key, lambda: render_quiz(bank, questions, parsed, self.text, self.templates,
                                                     self.store))

    def _quiz_options(self, options: dict[str, Any]) -> QuizBlockOptions | None:
        result = QuizBlockOptions()
        ok = True
        for key, value in options.items():
            if key not in QUIZ_OPTIONS:
                close = difflib.get_close_matches(key, QUIZ_OPTIONS, n=1)
                hint = f"是不是 {close[0]}？" if close else f"可用的选项：{'、'.join(QUIZ_OPTIONS)}。"
                self.page_problem(f"quiz 块不认识选项 “{key}”。{hint}", field_name=key)
                ok = False
            elif key == "mode" and value not in ("practice", "exam"):
                self.page_problem(f"mode 应为 practice（练习）或 exam（考试），实际是 “{value}”。",
                                  field_name="mode")
                ok = False
            elif key == "draw" and (isinstance(value, bool) or not isinstance(value, int)
                                    or value < 1):
                self.page_problem(f"draw 应为正整数（每次抽几题），实际是 “{value}”。", field_name="draw")
                ok = False
            elif key == "shuffle" and not isinstance(value, bool):
                self.page_problem(f"shuffle 应为 true 或 false，实际是 “{value}”。", field_name="shuffle")
                ok = False
            elif key == "tags":
                tags = [value] if isinstance(value, str) else value
                if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                    self.page_problem("tags 应为标签列表，例如 tags: [时限, 表决]。", field_name="tags")
                    ok = False
                else:
                    result.tags = tags
            else:
                setattr(result, key, value)
        return result if ok else None

    def _cached(self, key: tuple[Any, ...], render: Callable[[], str]) -> str:
        """Each (block kind, id, options) is rendered once per build; `check` renders nothing."""
        if not self.render_output:
            return ""
        if key not in self._rendered:
            self._rendered[key] = render()
        return self._rendered[key]

    def _render_checklist(self, argument: str | None, options: dict[str, Any]) -> str | None:
        cid = self._known_id("checklist", argument, self.catalog.checklists, "checklists")
        if cid is None or not self._no_options("checklist", options):
            return None
        return self._cached(("checklist", cid), lambda: render_checklist(
            self.catalog.checklists[cid], self.text, self.templates, self.store))

    def _render_mistakes(self, argument: str | None, options: dict[str, Any]) -> str | None:
        if argument:
            self.page_problem("mistakes 块不需要 id：写成 /// mistakes 即可。")
            return None
        if not self._no_options("mistakes", options):
            return None
        return self._cached(("mistakes",), lambda: render_mistakes(
            self.catalog, self.text, self.templates, self.store))

    def _render_report(self, argument: str | None, options: dict[str, Any]) -> str | None:
        if argument:
            self.page_problem("report 块不需要 id：写成 /// report 即可，它汇总本站所有清单的导出文件。")
            return None
        if not self._no_options("report", options):
            return None
        return self._cached(("report",), lambda: render_report_page(
            self.catalog.checklists, self.templates, self.store))

    # -- date checker (rules/<edition>.yml) ---------------------------------------------------
    def _render_datecheck(self, argument: str | None, options: dict[str, Any]) -> str | None:
        edition = self._known_id("datecheck", argument, self.catalog.rulesets, "rules")
        if edition is None or not self._no_options("datecheck", options):
            return None
        return self._cached(("datecheck", edition), lambda: render_datecheck(
            self.catalog.rulesets[edition], self.text, self.templates, self.store))

    def _render_timelimits(self, argument: str | None, options: dict[str, Any]) -> str | None:
        edition = self._known_id("timelimits", argument, self.catalog.rulesets, "rules")
        if edition is None or not self._no_options("timelimits", options):
            return None
        return self._cached(("timelimits", edition), lambda: render_timelimits(
            self.catalog.rulesets[edition], self.text, self.templates))

    # -- end of build ------------------------------------------------------------------------
    def report_unused(self) -> None:
        for kind, folder, known in (("quiz", "quizzes", self.catalog.banks),
                                    ("checklist", "checklists", self.catalog.checklists)):
            for item_id, item in known.items():
                if (kind, item_id) not in self.used:
                    self.log.add(item.source, message=f"没有任何页面使用它：在页面里加上 /// {kind} | "
                                                      f"{item_id}，或删除 {folder}/{item_id}.yml。",
                                 warning=True)
        for edition, ruleset in self.catalog.rulesets.items():
            if ("datecheck", edition) not in self.used and ("timelimits", edition) not in self.used:
                self.log.add(ruleset.source, message=f"没有任何页面使用它：在页面里加上 /// datecheck | {edition}"
                                                     f" 或 /// timelimits | {edition}，或删除 rules/{edition}.yml。",
                             warning=True)

"""One build's (or one `check`'s) state: the catalog, the page being converted, block usage,
and a cache of rendered blocks. Created anew for every build, never kept in module globals.

The session knows no site generator. An adapter (the MkDocs plugin, the Markdown extension)
creates it with the site's `Settings` and `Messages` and says how links are written on a page
(`UrlLinks` or `SourceLinks`, below)."""

from __future__ import annotations

import difflib
import hashlib
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import yaml

from portalkit import assets
from portalkit.catalog import Catalog, ContentCache, load_catalog
from portalkit.i18n import ZH, Messages
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.richtext import ROOT_TOKEN, PageUrl, RichText, default_page_url, root_prefix
from portalkit.settings import Settings
from portalkit.templating import Templates
from portalkit.yamlsource import problem_of, sentences

if TYPE_CHECKING:
    from portalkit.quiz.model import QuizBlockOptions

# Each block kind's renderer is imported by the first block of that kind: a site imports, and
# builds, nothing for the kinds its pages do not use.

BLOCK_KINDS = ("quiz", "checklist", "mistakes", "datecheck", "timelimits", "report", "progress", "ledger", "scores")
_BLOCK_LINE = re.compile(r"^\s*/{3,}\s*([\w-]+)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_BLOCK_USE = re.compile(r"^\s*/{3,}\s*(quiz|checklist)\s*\|\s*([\w-]+)")
_TITLE = re.compile(r"^#\s+(.+?)(?:\s*\{[^}]*\})?\s*$")
_OPTION_LINE = re.compile(r"^ {4,}\S")  # pymdownx.blocks' RE_INDENT_YAML_LINE, line by line
_OPTION_KEY = re.compile(r"^\s*([\w-]+)\s*:(?:\s|$)")
_LITERAL_OPENER = re.compile(r"<p>\s*/{3,}\s*([\w-]+)")  # a block no extension took, left as text

QUIZ_OPTIONS = ("mode", "draw", "tags", "shuffle", "time_limit", "hand_in")
# A site link as RichText writes it (ROOT_TOKEN + target), inside an HTML attribute of the markup
# or anywhere else (the runtime's JSON, where a quote inside a string is escaped: `href=\"`).
_ATTRIBUTE_LINK = re.compile(r'((?:href|src)=")' + re.escape(ROOT_TOKEN))
_DATA_LINK = re.compile(re.escape(ROOT_TOKEN) + r'([^"\\#?\s]*)')


@dataclass
class CurrentPage:
    src: str  # relative to docs/
    url: str | None  # relative to the site root; None where there is no site (plain Markdown)
    block_lines: list[int] = field(default_factory=list)
    blocks_seen: int = 0
    uid: int = 0
    source: list[str] = field(default_factory=list)  # the page's lines, kept when it has blocks
    openers: list[tuple[int, str]] = field(default_factory=list)  # (line, kind as written), any kind
    assets: set[str] = field(default_factory=set)  # runtime files this page already loads
    may_have_blocks: bool = True  # False: no `///` anywhere in its source
    texts: set[str] = field(default_factory=set)  # interface text areas it already has


class Links(Protocol):
    """How a block writes links to site pages (`see:`, links in texts) and its runtime's tags."""

    def target(self, src: str) -> str:
        """What follows ROOT_TOKEN for a page (`procedures/stage-3.md`), once per build."""

    def place(self, html: str, page: CurrentPage) -> tuple[str, str]:
        """The block's HTML with its links resolved for `page`, and the prefix for asset URLs."""


@dataclass(frozen=True)
class UrlLinks:
    """Links relative to the page's URL, as the browser follows them. For MkDocs, which leaves
    raw HTML as written: the adapter knows each page's URL (`page_url`)."""

    page_url: PageUrl = default_page_url

    def target(self, src: str) -> str:
        return self.page_url(src)

    def place(self, html: str, page: CurrentPage) -> tuple[str, str]:
        prefix = root_prefix(page.url or "")
        return html.replace(ROOT_TOKEN, prefix), prefix


@dataclass(frozen=True)
class SourceLinks:
    """Links relative to the page's source file, to `.md` files and to `assets/` under docs/,
    as a Markdown author writes them. Zensical rewrites every relative `href`/`src` in a page's
    HTML, raw HTML included, as relative to the source file (`../stage-3.md#step-7` from
    `study/x.md` becomes `../../stage-3/#step-7`): a link written relative to the page's URL would
    gain one `../` there. The runtime's JSON is not HTML and is never rewritten: links in it are
    resolved here, relative to the page's URL, when the generator gives one (`use_directory_urls`
    as the site's). Without a generator (plain Python-Markdown) every link stays a `.md` path."""

    use_directory_urls: bool = True

    def target(self, src: str) -> str:
        return src

    def url_of(self, src: str) -> str:
        if self.use_directory_urls:
            return default_page_url(src)
        return src[: -len(".md")] + ".html" if src.endswith(".md") else src

    def place(self, html: str, page: CurrentPage) -> tuple[str, str]:
        prefix = "../" * page.src.count("/")
        if page.url is None:
            return html.replace(ROOT_TOKEN, prefix), prefix
        if ROOT_TOKEN in html:
            html = _ATTRIBUTE_LINK.sub(lambda m: m.group(1) + prefix, html)
            url_prefix = root_prefix(page.url)
            html = _DATA_LINK.sub(lambda m: url_prefix + self.url_of(m.group(1)), html)
        return html, prefix


@dataclass
class RenderCache:
    """Quiz blocks rendered by earlier builds of this process (`mkdocs serve` rebuilds), kept by
    the MkDocs plugin beside its ContentCache. A block's HTML is taken again only when every bank
    it was rendered from is the very object this build loaded (the content cache hands out the
    same object for a file that did not change, a new one for a file that did), under the same
    `context` (the pages' URLs, the language and overrides, the site's name and quiz note); a
    drawn block, whose text names other pages, and a site that overrides the quiz's templates
    are rendered every time. Entries no block used in a build are dropped after it."""

    context: tuple[object, ...] = ()
    entries: dict[tuple[Any, ...], tuple[tuple[object, ...], str]] = field(default_factory=dict)
    used: set[tuple[Any, ...]] = field(default_factory=set)
    renders: int = 0  # blocks the last build rendered: what a rebuild costs

    def begin(self, context: tuple[object, ...]) -> None:
        if context != self.context:
            self.context, self.entries = context, {}
        self.used, self.renders = set(), 0

    def html(self, key: tuple[Any, ...], sources: tuple[object, ...], render: Callable[[], str]) -> str:
        self.used.add(key)
        found = self.entries.get(key)
        if found is not None and len(found[0]) == len(sources) \
                and all(a is b for a, b in zip(found[0], sources, strict=True)):
            return found[1]
        html = render()
        self.renders += 1
        self.entries[key] = (sources, html)
        return html

    def finish(self) -> None:
        self.entries = {key: entry for key, entry in self.entries.items() if key in self.used}


class PortalSession:
    def __init__(self, layout: ProjectLayout, *, links: Links | None = None,
                 site_name: str = "", override_dir: Any = None, render: bool = True,
                 messages: Messages | None = None, settings: Settings | None = None,
                 content_cache: ContentCache | None = None, render_cache: RenderCache | None = None) -> None:
        self.layout = layout
        self.settings = settings or Settings()
        self.messages = messages or (settings.catalog() if settings else ZH)
        self.links: Links = links or UrlLinks()
        self.render_output = render  # False in `check`: validate blocks, skip their HTML
        self.log = ProblemLog(display_root=layout.root, messages=self.messages)
        self.catalog: Catalog = load_catalog(layout, self.log, content_cache)
        self.text = RichText(self.links.target)
        self.templates = Templates(override_dir)
        self.store = "portal:" + hashlib.sha1(site_name.encode()).hexdigest()[:8]
        self.used: set[tuple[str, str]] = set()
        self.kinds: set[str] = set()  # block kinds on some page: the runtime the site ships
        self.page: CurrentPage | None = None
        self._rendered: dict[tuple[Any, ...], str] = {}
        # across builds only where the quiz's markup is the portal's own (see RenderCache)
        self.render_cache = render_cache if not (self.templates.overridden("quiz.html")
                                                 or self.templates.overridden("question.html")) else None
        self._block_pages: dict[tuple[str, str], list[tuple[str, str]]] | None = None

    # -- pages -------------------------------------------------------------------------------
    def begin_page(self, src: str, url: str | None, markdown: str) -> None:
        """Remembers the lines of this page's block openers: Blocks reports no line numbers,
        and its blocks arrive in document order."""
        lines: list[int] = []
        in_fence = False
        if "///" not in markdown:  # most pages: no block to look for, line by line
            self.page = CurrentPage(src, url, lines, may_have_blocks=False)
            return
        source = markdown.splitlines()
        openers: list[tuple[int, str]] = []
        for number, line in enumerate(source, 1):
            if _FENCE.match(line):
                in_fence = not in_fence
            elif not in_fence and (m := _BLOCK_LINE.match(line)):
                openers.append((number, m.group(1)))
                if m.group(1) in BLOCK_KINDS:
                    lines.append(number)
        self.page = CurrentPage(src, url, lines, source=source, openers=openers)

    def end_page(self, html: str) -> None:
        """A block Blocks could not parse would stay on the page as literal `///` text."""
        if self.page is None:
            return
        for m in _LITERAL_OPENER.finditer(html) if "///" in html else ():
            kind = m.group(1).lower()
            if kind in BLOCK_KINDS:
                line = self._line_of_opener(m.group(1))
                self.page_problem(sentences(self.messages, self.messages("blocks.unparsed", kind=kind),
                                            self._options_problem(line)), line=line)
            elif close := difflib.get_close_matches(kind, BLOCK_KINDS, n=1, cutoff=0.75):
                # a misspelt kind of ours (`/// quizz | x`); other kinds may be another extension's
                self.page_problem(self.messages("blocks.unknown_kind", kind=m.group(1), name=close[0]),
                                  line=self._line_of_opener(m.group(1)))
        self.page = None

    def _line_of_opener(self, word: str) -> int:
        """The first line (outside code fences) that opens a block named `word`: Blocks gives no
        position for a block it skipped."""
        return next((line for line, kind in self.page.openers if kind == word), 0) if self.page else 0

    def _option_lines(self, opener: int) -> list[tuple[int, str]]:
        """(line number, text) of the options under the block that opens at line `opener`: the
        lines right below it indented by four spaces or more, as Blocks reads them."""
        out: list[tuple[int, str]] = []
        source = self.page.source if self.page else []
        for number in range(opener + 1, len(source) + 1):
            if not _OPTION_LINE.match(source[number - 1]):
                break
            out.append((number, source[number - 1]))
        return out

    def _options_problem(self, opener: int) -> str:
        """Why Blocks refused a block's options (it says nothing): a YAML error, or options that
        are not `key: value` lines. "" when the options are not the cause."""
        lines = self._option_lines(opener) if opener else []
        if not lines:
            return ""
        m = self.messages
        try:
            value = yaml.safe_load(textwrap.dedent("\n".join(text for _, text in lines)))
        except yaml.YAMLError as error:
            offset, what = problem_of(error, m)
            line = lines[min(offset, len(lines) - 1)][0] if offset is not None else opener + 1
            return m("blocks.options_yaml", line=line, what=what)
        return "" if isinstance(value, dict) else m("blocks.options_not_mapping")

    def _duplicate_options(self) -> None:
        """YAML keeps the last of two equal keys without a word; an editor meant one of them."""
        lines = self._option_lines(self._block_line())
        if not lines:
            return
        indent = min(len(text) - len(text.lstrip()) for _, text in lines)
        seen: dict[str, int] = {}
        for number, text in lines:
            key = _OPTION_KEY.match(text)
            if key is None or len(text) - len(text.lstrip()) != indent:
                continue
            if key.group(1) in seen:
                self.page_problem(self.messages("blocks.duplicate_option", option=key.group(1),
                                                first=seen[key.group(1)]), line=number, field_name=key.group(1))
            seen.setdefault(key.group(1), number)

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
        self.kinds.add(kind)
        if self.page is not None:
            self.page.blocks_seen += 1
            self.page.uid += 1
            if options:  # two equal keys arrive as one
                self._duplicate_options()
        from portalkit.runtime_data import text_for

        html = getattr(self, f"_render_{kind}")(argument, options)
        if html is None:
            return f'<p class="portal-error">{self.messages("blocks.placeholder")}</p>'
        if self.page is None:
            words = text_for(kind, set(), self.messages) if self.render_output else ""
            return words + html.replace(ROOT_TOKEN, "").replace("@@uid@@", "q0")
        html, prefix = self.links.place(html, self.page)
        if self.render_output:
            html = (assets.tags_for(kind, self.page.assets, prefix) + text_for(kind, self.page.texts, self.messages)
                    + html)
        return html.replace("@@uid@@", f"q{self.page.uid}")

    def _known_id(self, kind: str, argument: str | None, known: dict[str, Any],
                  folder: Path) -> str | None:
        m = self.messages
        if not argument:
            self.page_problem(m("blocks.missing_id", kind=kind, folder=self.layout.folder_name(folder)))
            return None
        if f"{folder.name}/{argument}" in self.catalog.unreadable:
            self.used.add((kind, argument))
            return None  # the file's own errors are reported; a second message would mislead
        if argument in known:
            self.used.add((kind, argument))
            return argument
        close = difflib.get_close_matches(argument, known, n=1)
        hint = (m("blocks.did_you_mean", name=close[0]) if close else
                m("blocks.known_ids", names=self._list(sorted(known)) or m("blocks.none")))
        self.page_problem(m("blocks.not_found", folder=self.layout.folder_name(folder), id=argument, hint=hint))
        return None

    def _list(self, names: list[str] | tuple[str, ...]) -> str:
        return self.messages("blocks.list_separator").join(names)

    def _no_options(self, kind: str, options: dict[str, Any]) -> bool:
        for key in options:
            self.page_problem(self.messages("blocks.no_options", kind=kind, option=key), field_name=key)
        return not options

    def _bare(self, kind: str, argument: str | None, options: dict[str, Any]) -> bool:
        """A block of one per site (`/// progress`) takes no id and no option: each is a problem."""
        if argument:
            self.page_problem(self.messages(f"blocks.{kind}_no_id"))
            return False
        return self._no_options(kind, options)

    def _render_quiz(self, argument: str | None, options: dict[str, Any]) -> str | None:
        from portalkit.quiz.render import render_quiz

        bank_id = self._known_id("quiz", argument, self.catalog.banks, self.layout.quizzes_dir)
        parsed = self._quiz_options(options)
        if bank_id is None or parsed is None:
            return None
        bank = self.catalog.banks[bank_id]
        questions = self.catalog.questions_of(bank)
        if parsed.draw and parsed.draw > len(questions):
            self.page_problem(self.messages("blocks.draw_too_many", draw=parsed.draw, bank=bank_id,
                                            count=len(questions)), field_name="draw")
            return None
        if bank.time_limit and parsed.mode != "exam":
            self.page_problem(self.messages("blocks.time_limit_bank_practice", bank=bank_id,
                                            minutes=bank.time_limit), field_name="mode")
            return None
        key = ("quiz", bank_id, parsed.mode, parsed.draw, tuple(parsed.tags), parsed.shuffle,
               parsed.time_limit, parsed.hand_in)
        drawn = (parsed.draw or bank.draw or 0) < len(questions) and bool(parsed.draw or bank.draw)
        if drawn:  # the no-JavaScript note links to other pages: one rendering per page
            key += (self.page.src if self.page else None,)
        def render() -> str:
            return render_quiz(bank, questions, parsed, self.text, self.templates, self.store, self.messages,
                               self.settings.quiz_note, self._study_pages(bank_id) if drawn else None)

        cache = self.render_cache
        if drawn or cache is None:
            return self._cached(key, render)
        sources = (bank, *(self.catalog.banks.get(included) for included in bank.include))
        return self._cached(key, lambda: cache.html(key, sources, render))

    def block_pages(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """(kind, id) -> [(page title, page path under docs/)] of the pages whose blocks use
        each bank and checklist, in path order; read from docs/ once per build."""
        if self._block_pages is None:
            found: dict[tuple[str, str], list[tuple[str, str]]] = {}
            for src in self.catalog.pages.anchors:
                title, uses, in_fence = src, [], False
                for line in (self.layout.docs_dir / src).read_text("utf-8", errors="replace").splitlines():
                    if _FENCE.match(line):
                        in_fence = not in_fence
                    elif in_fence:
                        continue
                    elif title == src and (t := _TITLE.match(line)):
                        title = t.group(1)
                    elif (m := _BLOCK_USE.match(line)) and (m.group(1), m.group(2)) not in uses:
                        uses.append((m.group(1), m.group(2)))
                for use in uses:
                    found.setdefault(use, []).append((title, src))
            self._block_pages = found
        return self._block_pages

    def _study_pages(self, bank_id: str) -> list[tuple[str, str]]:
        """Where the questions of a drawn block can be read: the pages using the banks it draws
        from (a composed bank's included banks), other than the current page."""
        bank = self.catalog.banks[bank_id]
        here = self.page.src if self.page else None
        out: list[tuple[str, str]] = []
        for source in bank.include or [bank_id]:
            for title, src in self.block_pages().get(("quiz", source), []):
                if src != here and (title, self.text.link(src)) not in out:
                    out.append((title, self.text.link(src)))
        return out

    def _quiz_options(self, options: dict[str, Any]) -> QuizBlockOptions | None:
        from portalkit.quiz.model import QuizBlockOptions
        from portalkit.quiz.parse import TIME_LIMIT_MAX

        m = self.messages
        result = QuizBlockOptions()
        ok = True
        for key, value in options.items():
            if key not in QUIZ_OPTIONS:
                close = difflib.get_close_matches(key, QUIZ_OPTIONS, n=1)
                hint = (m("blocks.did_you_mean", name=close[0]) if close
                        else m("blocks.options_available", names=self._list(QUIZ_OPTIONS)))
                self.page_problem(m("blocks.unknown_option", option=key, hint=hint), field_name=key)
                ok = False
            elif key == "mode" and value not in ("practice", "exam"):
                self.page_problem(m("blocks.mode", value=value), field_name="mode")
                ok = False
            elif key == "draw" and (isinstance(value, bool) or not isinstance(value, int)
                                    or value < 1):
                self.page_problem(m("blocks.draw", value=value), field_name="draw")
                ok = False
            elif key == "time_limit" and (isinstance(value, bool) or not isinstance(value, int)
                                          or not 1 <= value <= TIME_LIMIT_MAX):
                self.page_problem(m("blocks.time_limit", value=value, max=TIME_LIMIT_MAX),
                                  field_name="time_limit")
                ok = False
            elif key == "hand_in" and not isinstance(value, bool):
                self.page_problem(m("blocks.hand_in", value=value), field_name="hand_in")
                ok = False
            elif key == "shuffle" and not isinstance(value, bool):
                self.page_problem(m("blocks.shuffle", value=value), field_name="shuffle")
                ok = False
            elif key == "tags":
                tags = [value] if isinstance(value, str) else value
                if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                    self.page_problem(m("blocks.tags"), field_name="tags")
                    ok = False
                else:
                    result.tags = tags
            else:
                setattr(result, key, value)
        if ok and result.time_limit and result.mode != "exam":
            self.page_problem(m("blocks.time_limit_practice"), field_name="time_limit")
            ok = False
        if ok and result.hand_in and result.mode != "exam":
            self.page_problem(m("blocks.hand_in_practice"), field_name="hand_in")
            ok = False
        return result if ok else None

    def _cached(self, key: tuple[Any, ...], render: Callable[[], str]) -> str:
        """Each (block kind, id, options) is rendered once per build; `check` renders nothing."""
        if not self.render_output:
            return ""
        if key not in self._rendered:
            self._rendered[key] = render()
        return self._rendered[key]

    def _render_checklist(self, argument: str | None, options: dict[str, Any]) -> str | None:
        from portalkit.checklist.render import render_checklist

        cid = self._known_id("checklist", argument, self.catalog.checklists, self.layout.checklists_dir)
        if cid is None or not self._no_options("checklist", options):
            return None
        return self._cached(("checklist", cid), lambda: render_checklist(
            self.catalog.checklists[cid], self.text, self.templates, self.store, self.messages))

    def _render_mistakes(self, argument: str | None, options: dict[str, Any]) -> str | None:
        from portalkit.quiz.render import render_mistakes

        if not self._bare("mistakes", argument, options):
            return None
        return self._cached(("mistakes",), lambda: render_mistakes(
            self.catalog, self.text, self.templates, self.store, self.messages))

    def _render_progress(self, argument: str | None, options: dict[str, Any]) -> str | None:
        from portalkit.quiz.render import render_progress

        if not self._bare("progress", argument, options):
            return None
        return self._cached(("progress",), lambda: render_progress(
            self.catalog, self.block_pages(), self.text, self.templates, self.store, self.messages))

    def _render_scores(self, argument: str | None, options: dict[str, Any]) -> str | None:
        if not self._bare("scores", argument, options):
            return None
        from portalkit.paper.sources import SourceTitles
        from portalkit.scores.page import render_scores_page

        return self._cached(("scores",), lambda: render_scores_page(
            self.catalog, SourceTitles(self.layout.docs_dir, self.messages("paper.source_sep")), self.templates,
            self.store, self.messages))

    def _render_report(self, argument: str | None, options: dict[str, Any]) -> str | None:
        from portalkit.checklist.render import render_report_page

        if not self._bare("report", argument, options):
            return None
        return self._cached(("report",), lambda: render_report_page(
            self.catalog.checklists, self.templates, self.store, self.messages,
            unit=self.settings.report_unit, to=self.settings.report_to))

    # -- date checker (rules/<edition>.yml) ---------------------------------------------------
    def _render_datecheck(self, argument: str | None, options: dict[str, Any]) -> str | None:
        from portalkit.datecheck.render import render_datecheck

        edition = self._known_id("datecheck", argument, self.catalog.rulesets, self.layout.rules_dir)
        if edition is None or not self._no_options("datecheck", options):
            return None
        return self._cached(("datecheck", edition), lambda: render_datecheck(
            self.catalog.rulesets[edition], self.text, self.templates, self.store, self.messages))

    def _render_timelimits(self, argument: str | None, options: dict[str, Any]) -> str | None:
        from portalkit.datecheck.render import render_timelimits

        edition = self._known_id("timelimits", argument, self.catalog.rulesets, self.layout.rules_dir)
        if edition is None or not self._no_options("timelimits", options):
            return None
        return self._cached(("timelimits", edition), lambda: render_timelimits(
            self.catalog.rulesets[edition], self.text, self.templates, self.messages))

    def _render_ledger(self, argument: str | None, options: dict[str, Any]) -> str | None:
        from portalkit.ledger.render import render_ledger

        edition = self._known_id("ledger", argument, self.catalog.rulesets, self.layout.rules_dir)
        if edition is None or not self._no_options("ledger", options):
            return None
        return self._cached(("ledger", edition), lambda: render_ledger(
            self.catalog.rulesets[edition], self.text, self.templates, self.store, self.messages))

    # -- end of build ------------------------------------------------------------------------
    def report_unused(self) -> None:
        m = self.messages
        for kind, folder, known in (("quiz", self.layout.quizzes_dir, self.catalog.banks),
                                    ("checklist", self.layout.checklists_dir, self.catalog.checklists)):
            for item_id, item in known.items():
                if (kind, item_id) not in self.used:
                    self.log.add(item.source, message=m("blocks.unused", kind=kind, id=item_id,
                                                        folder=self.layout.folder_name(folder)),
                                 warning=True)
        for edition, ruleset in self.catalog.rulesets.items():
            if not any((kind, edition) in self.used for kind in ("datecheck", "timelimits", "ledger")):
                self.log.add(ruleset.source, message=m("blocks.unused_rules", id=edition,
                                                       folder=self.layout.folder_name(self.layout.rules_dir)),
                             warning=True)

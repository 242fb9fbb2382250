"""The Markdown extension `portalkit`: `markdown_extensions: [portalkit]`, complete on its own.

It renders the blocks under Zensical (which ignores `hooks:` and MkDocs plugins), under MkDocs
without the plugin, and with plain Python-Markdown. Python-Markdown promises an extension its
options and nothing else, so:

- **One session per Markdown instance**, created when the instance first meets a block. Zensical
  (and MkDocs) create one Markdown instance per page: nothing is kept from a previous page.
- **The page**, where a generator says which one is being converted: Zensical's rendering context
  (a preprocessor that holds `page.path`, `page.url` and the site's configuration), or MkDocs' own
  link processor (`file.src_uri`, `files`). Both are read by duck typing, never imported. With
  plain Python-Markdown the `page` option names it; without it, links are written as from the
  root of docs_dir.
- **Folders**: relative to the project folder when the generator says where it is (the folder of
  mkdocs.yml), otherwise to the working folder; absolute paths stay. The language defaults to the
  theme's when the generator says it, otherwise Simplified Chinese.
- **Errors**: after a page whose conversion found problems (the page's blocks; the YAML files,
  read with the first page that has a block), raises `PortalContentError` listing every problem
  of that page with file and line, so no generator publishes a block as raw text.
- **Assets**: the blocks bring `<link>`/`<script>` tags for `assets/portalkit/` relative to the
  page; without the plugin the site copies the files there once (`python -m portalkit assets`).

The MkDocs plugin removes this extension from a site's list and registers the blocks itself,
with one session for the whole build: listing both registers the blocks once, with the plugin's
options.
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from portalkit import assets
from portalkit.markdown_blocks import MARKER, PortalBlocksExtension
from portalkit.problems import Problem
from portalkit.project import ProjectLayout
from portalkit.session import Links, PortalSession, SourceLinks, UrlLinks
from portalkit.settings import Settings

log = logging.getLogger("portalkit")
# Under MkDocs only loggers under `mkdocs.` reach its output and count for --strict.
mkdocs_log = logging.getLogger("mkdocs.extensions.portalkit")
UNKNOWN_PAGE = "<markdown>"


class PortalContentError(Exception):
    """A page (or the YAML it uses) has content errors; the message lists them all."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class GeneratorPage:
    """What a generator says about the page being converted and its site."""

    src: str  # relative to docs_dir
    url: str | None
    links: Links
    root: Path | None = None  # the project folder (mkdocs.yml's)
    docs_dir: Path | None = None
    theme_language: str | None = None
    site_name: str = ""
    custom_dir: Path | None = None
    under_mkdocs: bool = False


def zensical_page(md: Markdown) -> GeneratorPage | None:
    """Zensical (0.0.x) registers a preprocessor `rendering_context` that holds the page
    (`path` relative to docs_dir, `url`) and the parsed site configuration."""
    for processor in md.preprocessors:
        page, config = getattr(processor, "page", None), getattr(processor, "config", None)
        if page is None or not isinstance(config, dict) or not isinstance(getattr(page, "path", None), str):
            continue
        root = Path(config.get("root_dir") or ".")
        theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
        custom = theme.get("custom_dir")
        return GeneratorPage(
            src=page.path.replace(os.sep, "/"), url=getattr(page, "url", None),
            links=SourceLinks(bool(config.get("use_directory_urls", True))),
            root=root, docs_dir=root / str(config.get("docs_dir") or "docs"),
            theme_language=theme.get("language"), site_name=str(config.get("site_name") or ""),
            custom_dir=root / custom if isinstance(custom, str) else None)
    return None


def mkdocs_page(md: Markdown) -> GeneratorPage | None:
    """MkDocs registers its link processor `relpath` on each page's Markdown instance, with the
    page's file, the site's files and its configuration. MkDocs leaves raw HTML as written, so
    links are written relative to the page's URL."""
    if "relpath" not in md.treeprocessors:
        return None
    processor = md.treeprocessors["relpath"]
    file, files, config = (getattr(processor, name, None) for name in ("file", "files", "config"))
    if file is None or files is None or config is None:
        return None
    urls = {f.src_uri: f.url for f in files.documentation_pages()}
    config_file = getattr(config, "config_file_path", None)
    theme = getattr(config, "theme", None)
    custom = getattr(theme, "custom_dir", None)
    return GeneratorPage(
        src=file.src_uri, url=file.url, links=UrlLinks(lambda src: urls.get(src, src)),
        root=Path(config_file).parent if config_file else None,
        docs_dir=Path(config.docs_dir), theme_language=theme.get("language") if theme else None,
        site_name=str(config.site_name or ""), custom_dir=Path(custom) if custom else None,
        under_mkdocs=True)


class PortalExtension(Extension):
    """`portalkit` in `markdown_extensions`; options as the MkDocs plugin's, plus `docs_dir` and
    `page` for plain Python-Markdown."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "quizzes_dir": ["quizzes", "folder of the quiz banks (relative to the project folder)"],
            "checklists_dir": ["checklists", "folder of the checklists"],
            "rules_dir": ["rules", "folder of the date rules"],
            "language": ["", "zh or en; default: the theme's language, else zh"],
            "messages": [{}, "single messages overridden, by key"],
            "quiz_note": ["", "line shown under every quiz"],
            "search_fix": [False, "the portal's Chinese search setup (acts only in the MkDocs plugin)"],
            "report_unit": ["", "the self-inspection report's issuing unit"],
            "report_to": ["", "the report's addressee (主送机关)"],
            "report_roster": ["", "the organisations' roster (xlsx or CSV), relative to the project folder"],
            "docs_dir": ["docs", "the pages' folder when the generator does not say"],
            "page": ["", "the page's path relative to docs_dir when the generator does not say"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        if getattr(md, MARKER, False):
            return  # the MkDocs plugin registered the blocks already, with its options
        host = PageSession(md, self.getConfigs())
        PortalBlocksExtension(session=host).extendMarkdown(md)
        md.preprocessors.register(_BeginPage(md, host), "portalkit_begin", 1000)
        # Last of the tree processors, not a postprocessor: `toc` runs every postprocessor on
        # each heading's HTML while the page is still being converted.
        md.treeprocessors.register(_EndPage(md, host), "portalkit_end", -1000)
        md.registerExtension(self)


class PageSession:
    """The session of one Markdown instance, created when a block needs it."""

    def __init__(self, md: Markdown, options: dict[str, Any]) -> None:
        self.md = md
        self.options = options
        self.session: PortalSession | None = None
        self.page: GeneratorPage | None = None
        self.markdown = ""
        self.first_problem = 0  # problems logged before this page belong to an earlier page

    # -- what the blocks call --------------------------------------------------------------
    @property
    def messages(self) -> Any:
        return self._session().messages

    def render_block(self, kind: str, argument: str | None, options: dict[str, Any]) -> str:
        return self._session().render_block(kind, argument, options)

    def page_problem(self, message: str, *, line: int | None = None, field_name: str = "") -> None:
        self._session().page_problem(message, line=line, field_name=field_name)

    # -- one page ----------------------------------------------------------------------------
    def begin(self, markdown: str) -> None:
        self.page = zensical_page(self.md) or mkdocs_page(self.md) or self._plain_page()
        self.markdown = markdown
        if self.session is not None:
            self.session.page = None
            self.first_problem = len(self.session.log.items)
        if "///" in markdown:
            self._session()

    def end(self, root: etree.Element) -> None:
        session = self.session
        if session is None or session.page is None:
            return
        page = session.log.rel(session.layout.docs_dir / session.page.src)
        loaded = set(session.page.assets)
        # A block Blocks could not parse is a paragraph that still starts with `///`.
        session.end_page("".join(f"<p>{p.text}</p>" for p in root.iter("p")
                                 if (p.text or "").lstrip().startswith("///")))
        problems = session.log.items[self.first_problem:]
        self.first_problem = len(session.log.items)
        logger = mkdocs_log if self.page and self.page.under_mkdocs else log
        for problem in problems:
            if problem.warning:
                logger.warning(problem.text(session.messages))
        self._check_runtime_files(session, page, loaded, logger)
        errors = [p for p in problems if not p.warning]
        if errors:
            lines = [session.messages("plugin.page_errors", page=page, n=len(errors))]
            lines += ["  " + p.text(session.messages) for p in sorted(set(errors))]
            raise PortalContentError("\n".join(lines), errors)

    def _check_runtime_files(self, session: PortalSession, page: str, loaded: set[str],
                             logger: logging.Logger) -> None:
        """Without the plugin nothing serves the runtime: the blocks link it from the docs folder
        (`python -m portalkit assets`). A generator that names the docs folder learns here, as a
        warning (MkDocs --strict fails on it), that the page would link files it does not have."""
        if self.page is None or self.page.docs_dir is None or not loaded:
            return
        folder = session.layout.docs_dir / assets.FOLDER
        missing = sorted(name for name in loaded if not (folder / name).is_file())
        if missing:
            logger.warning(session.messages(
                "plugin.assets_missing", page=page, files=", ".join(assets.FOLDER + name for name in missing)))

    def _plain_page(self) -> GeneratorPage:
        src = str(self.options.get("page") or "").replace(os.sep, "/")
        return GeneratorPage(src=src or UNKNOWN_PAGE, url=None, links=SourceLinks())

    def _session(self) -> PortalSession:
        if self.session is None:
            page = self.page or self._plain_page()
            settings = Settings.from_options(self.options, page.theme_language)
            if settings.message_problems:
                problems = settings.message_problem_list(page.root / "mkdocs.yml" if page.root else None)
                raise PortalContentError("\n".join(p.text(settings.catalog()) for p in problems), problems)
            root = page.root or Path.cwd()
            layout = ProjectLayout.at(root, page.docs_dir or self.options.get("docs_dir") or "docs", settings)
            override = page.custom_dir / "portalkit" if page.custom_dir else None
            self.session = PortalSession(layout, links=page.links, site_name=page.site_name,
                                         override_dir=override, settings=settings)
            self.first_problem = 0  # the YAML's problems belong to the page that needed them
        if self.session.page is None and self.page is not None:
            self.session.begin_page(self.page.src, self.page.url, self.markdown)
        return self.session


class _BeginPage(Preprocessor):
    def __init__(self, md: Markdown, host: PageSession) -> None:
        super().__init__(md)
        self.host = host

    def run(self, lines: list[str]) -> list[str]:
        self.host.begin("\n".join(lines))
        return lines


class _EndPage(Treeprocessor):
    def __init__(self, md: Markdown, host: PageSession) -> None:
        super().__init__(md)
        self.host = host

    def run(self, root: etree.Element) -> None:
        self.host.end(root)


def makeExtension(**kwargs: Any) -> PortalExtension:  # noqa: N802
    return PortalExtension(**kwargs)

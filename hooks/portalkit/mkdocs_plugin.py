"""The MkDocs plugin `portalkit`: `plugins: [search, portalkit]` is all a site writes.

Event glue only: the work lives in the core (session, catalog, renderers). Over the Markdown
extension (portalkit.extension), the plugin adds one session for the whole build (every problem
of every page first, then the build stops), the runtime's files, the watch of the YAML folders
under `mkdocs serve`, and, for the sites that opt in (`search_fix`), the portal's Chinese search
setup.

State lives on the plugin and is created anew in `on_config`, which MkDocs runs for every build
(also every rebuild of `mkdocs serve`); nothing is kept in module globals. One thing outlives a
rebuild on purpose: the content cache (parsed YAML files by their time, size and inode), so that
a rebuild reads only the files that changed; the plugin defines `on_startup`, which makes MkDocs
keep the plugin across rebuilds.
"""

from __future__ import annotations

import os
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from portalkit import assets
from portalkit.catalog import ContentCache
from portalkit.i18n import Messages
from portalkit.problems import Problem
from portalkit.project import ProjectLayout
from portalkit.session import PortalSession, RenderCache, UrlLinks
from portalkit.settings import Settings, is_portalkit

log = get_plugin_logger("portalkit")


class PortalkitConfig(base.Config):
    quizzes_dir = c.Type(str, default="quizzes")
    checklists_dir = c.Type(str, default="checklists")
    rules_dir = c.Type(str, default="rules")
    language = c.Optional(c.Type(str))  # default: theme.language
    messages = c.Type(dict, default={})
    quiz_note = c.Type(str, default="")
    search_fix = c.Type(bool, default=False)
    # .gz and .br copies of the site's text files for servers that serve them as they are
    precompress = c.Type(bool, default=False)
    report_unit = c.Type(str, default="")  # the self-inspection report's issuing unit
    report_to = c.Type(str, default="")  # its 主送机关
    report_roster = c.Type(str, default="")  # the organisations' roster, relative to mkdocs.yml


class ContentError(PluginError):
    """Raised after every problem and the `summary` have been logged; MkDocs prints the message,
    no traceback.

    The caller logs the summary itself: MkDocs prints the message of a build error through a
    logger that drops any message it has printed before in the same process, so under
    `mkdocs serve` a second failed build with the same number of errors would show no summary.
    """

    def __init__(self, errors: list[Problem], messages: Messages) -> None:
        super().__init__(messages("plugin.not_published"))
        self.problems = errors
        self.summary = messages("plugin.summary", n=len(errors))


class PortalkitPlugin(BasePlugin[PortalkitConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.session: PortalSession | None = None
        self.urls: dict[str, str] = {}  # page src -> URL, for `see:` links
        self.serving = False
        # parsed content files across `mkdocs serve` rebuilds: only changed files are read again
        self.content_cache = ContentCache()
        self.render_cache = RenderCache()  # and quiz blocks rendered from unchanged banks

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """`mkdocs serve` compresses nothing: its own server never sends the .gz copies."""
        self.serving = command == "serve"

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Creates the build's session. Runs before the search plugin's `on_config`, which opens
        the jieba dictionaries: with `search_fix` their paths are absolute by then."""
        settings = Settings.from_options(self.config, config.theme.get("language"))
        if settings.message_problems:  # stop before any page: a bad override fails mid-render
            messages = settings.catalog()
            problems = settings.message_problem_list(
                config.config_file_path, os.path.basename(config.config_file_path or "mkdocs.yml"))
            for problem in problems:
                log.error(problem.text(messages))
            raise _stopped(problems, messages)
        layout = ProjectLayout.from_config_file(config.config_file_path or "mkdocs.yml", config.docs_dir, settings)
        self.urls = {}
        if settings.search_fix:
            _resolve_search_dictionary(config, layout, settings.catalog())
        custom = config.theme.custom_dir
        self.session = PortalSession(
            layout, links=UrlLinks(self._page_url), site_name=config.site_name,
            override_dir=os.path.join(custom, "portalkit") if custom else None,
            messages=settings.catalog(), settings=settings, content_cache=self.content_cache,
            render_cache=self.render_cache)
        _without_extension(config)
        # first, so that it registers the Blocks manager that pymdownx.blocks.* share (its
        # block options are read by libyaml: see portalkit.markdown_blocks)
        config.markdown_extensions.insert(0, BlocksWhereUsed(self.session))  # type: ignore[arg-type]
        return config

    def _page_url(self, src: str) -> str:
        return self.urls.get(src, src)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Learns each page's URL for `see` links, before any page is converted."""
        self.urls = {f.src_uri: f.url for f in files.documentation_pages()}
        if self.session:  # what a block's HTML depends on besides its banks (see RenderCache)
            settings = self.session.settings
            self.render_cache.begin((tuple(sorted(self.urls.items())), self.session.messages.identity,
                                     settings.quiz_note, self.session.store, config.config_file_path))
        return files

    def on_page_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str:
        """Just before the page is converted: Blocks reports no line numbers, so the session
        notes where this page's blocks start."""
        if self.session:
            self.session.begin_page(page.file.src_uri, page.url, markdown)
        return markdown

    def on_page_content(self, html: str, page: Page, **kwargs: Any) -> str:
        """Just after: a block Blocks could not parse is still literal text in the HTML."""
        if self.session:
            self.session.end_page(html)
        return html

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        """After every page is converted and before any is written: report all problems at
        once, then stop, strict or not, so a broken quiz is never published. The summary is
        logged here, on every failed build: MkDocs would print it only once per `mkdocs serve`
        (see ContentError)."""
        session = self.session
        if session is None:
            return env
        session.report_unused()
        for problem in session.log:
            (log.warning if problem.warning else log.error)(problem.text(session.messages))
        self.render_cache.finish()
        if session.log.errors:
            raise _stopped(session.log.errors, session.messages)
        # The runtime of the block kinds the pages use, and only theirs: known now that every
        # page is converted, and still in time to be copied with the site's other files.
        for name, content in assets.built_assets(session.kinds).items():
            files.append(File.generated(config, name, content=content))
        return env

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Material writes its search worker with the theme's assets: patch it once it is there.
        Then the compressed copies, once every file of the site is written."""
        if self.session and self.session.settings.search_fix:
            from portalkit.search_fix import material_version, patch_search_worker

            if patch_search_worker(config.site_dir) is False:
                log.warning(self.session.messages("plugin.search_worker_changed", version=material_version()))
        # last: the copies are of the files as published, the patched worker included
        if self.config.precompress and not self.serving:
            from portalkit.precompress import precompress_site

            precompress_site(config.site_dir)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Question banks, checklists and rules are content too: rebuild when they change.
        (A change of portalkit's own code needs a restart of `mkdocs serve`.)"""
        if self.session:
            for folder in self.session.layout.content_dirs:
                server.watch(str(folder))
        return server


class BlocksWhereUsed(Extension):
    """The portal's blocks, on the Markdown instance of each page that may hold one (its source
    has `///`, the fence of every Blocks block). A page without converts as it would without
    the plugin, at the same cost, and pymdownx's Blocks is imported by the first page that
    needs it: a site with the plugin on and no block pays for neither."""

    def __init__(self, session: PortalSession) -> None:
        super().__init__()
        self.session = session
        self.blocks: Extension | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802  (Python-Markdown's name)
        page = self.session.page
        if page is not None and not page.may_have_blocks:
            return
        if self.blocks is None:
            from portalkit.markdown_blocks import PortalBlocksExtension

            self.blocks = PortalBlocksExtension(session=self.session)
        self.blocks.extendMarkdown(md)


def _stopped(errors: list[Problem], messages: Messages) -> ContentError:
    """The error that stops the build, once its summary is logged (see ContentError)."""
    error = ContentError(errors, messages)
    log.error(error.summary)
    return error


def _without_extension(config: MkDocsConfig) -> None:
    """A site may list the extension too (for Zensical): the plugin's blocks and options win, and
    the blocks are registered once."""
    if all(isinstance(e, str) for e in config.markdown_extensions):
        config.markdown_extensions[:] = [e for e in config.markdown_extensions if not is_portalkit(e)]
    else:  # extension objects: the extension's own module is imported only for such a site
        from portalkit.extension import PortalExtension

        config.markdown_extensions[:] = [
            e for e in config.markdown_extensions
            if not (isinstance(e, str) and is_portalkit(e)) and not isinstance(e, PortalExtension)]
    for name in [n for n in config.mdx_configs if is_portalkit(n)]:
        del config.mdx_configs[name]


def _resolve_search_dictionary(config: MkDocsConfig, layout: ProjectLayout, messages: Messages) -> None:
    """Material resolves `jieba_dict_user` against the current folder; the portal resolves it
    against mkdocs.yml, so `mkdocs build -f path/to/mkdocs.yml` works from anywhere."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is None:
            continue
        for option in ("jieba_dict", "jieba_dict_user"):
            value = plugin.config.get(option)
            if value and not os.path.isabs(value):
                path = layout.root / value
                if not path.is_file():
                    raise PluginError(messages("plugin.search_dictionary_missing", option=option, path=path))
                plugin.config[option] = str(path)

"""MkDocs event glue. Each event only hands over to the package's layers.

State lives in a `PortalSession` created anew in `on_config`: `mkdocs serve` loads a hook once
per process, so anything kept in module globals would survive into the next rebuild.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from portalkit import assets
from portalkit.markdown_blocks import PortalBlocksExtension
from portalkit.problems import ContentError
from portalkit.project import ProjectLayout
from portalkit.search_fix import patch_search_worker
from portalkit.session import PortalSession

log = get_plugin_logger("portalkit")


@dataclass
class _BuildState:
    session: PortalSession | None = None
    urls: dict[str, str] = field(default_factory=dict)  # page src -> URL, for `see:` links


_state = _BuildState()


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Runs before the search plugin's `on_config`, so its dictionary path is already absolute."""
    layout = ProjectLayout.from_config_file(config.config_file_path, config.docs_dir)
    _state.urls = {}
    _resolve_search_dictionary(config, layout)
    override = config.theme.custom_dir
    session = PortalSession(
        layout, page_url=_page_url, site_name=config.site_name,
        override_dir=os.path.join(override, "portalkit") if override else None)
    _state.session = session
    config.markdown_extensions.append(PortalBlocksExtension(session=session))  # type: ignore[arg-type]
    return config


def _page_url(src: str) -> str:
    return _state.urls.get(src, src)


def _resolve_search_dictionary(config: MkDocsConfig, layout: ProjectLayout) -> None:
    """Material resolves `jieba_dict_user` against the current folder; we resolve it against
    mkdocs.yml, so `mkdocs build -f path/to/mkdocs.yml` works from anywhere."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is None:
            continue
        for option in ("jieba_dict", "jieba_dict_user"):
            value = plugin.config.get(option)
            if value and not os.path.isabs(value):
                path = layout.root / value
                if not path.is_file():
                    raise PluginError(
                        f"mkdocs.yml：search 插件的 {option} 指向的文件 {path} 不存在。"
                        "请检查路径（相对于 mkdocs.yml 所在文件夹）。")
                plugin.config[option] = str(path)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Adds the runtime (minified once per build) and learns each page's URL for `see` links."""
    _state.urls = {f.src_uri: f.url for f in files.documentation_pages()}
    for name, content in assets.built_assets().items():
        files.append(File.generated(config, name, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    if _state.session:
        _state.session.begin_page(page.file.src_uri, page.url, markdown)
    return markdown


def on_page_content(html: str, page: Page, **kwargs: Any) -> str:
    if _state.session:
        _state.session.end_page(html)
    return html


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """After every page is converted and before any is written: report all problems at once,
    then stop, strict or not, so a broken quiz is never published. The summary is logged here,
    on every failed build: MkDocs would print it only once per `mkdocs serve` (see ContentError)."""
    session = _state.session
    if session is None:
        return env
    session.report_unused()
    for problem in session.log:
        (log.warning if problem.warning else log.error)(str(problem))
    if session.log.errors:
        error = ContentError(session.log.errors)
        log.error(error.summary)
        raise error
    return env


def on_post_build(config: MkDocsConfig) -> None:
    patch_search_worker(config.site_dir)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Question banks, checklists and rules are content too: rebuild when they change.
    (A change of the hook's own code needs a restart of `mkdocs serve`.)"""
    if _state.session:
        for folder in _state.session.layout.content_dirs:
            server.watch(str(folder))
    return server

"""A site opened the way every command opens it (`check`, `report`, `paper`, `export`, `import`):
mkdocs.yml read and checked, the content folders and settings from portalkit's options in it
(ProjectLayout.of_site), and the content loaded by the same loader the build uses."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from portalkit.i18n import ZH, Messages
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.settings import ConfigRefused, Settings, read_site_config


class SiteConfigError(Exception):
    """mkdocs.yml is missing, unreadable or not a mapping; the message says which and how to fix it."""


def read_config(config_file: Path, messages: Messages = ZH) -> tuple[Path, dict[str, Any]]:
    """The resolved path of mkdocs.yml and its settings (tags such as !ENV ignored)."""
    if not config_file.is_file():
        raise SiteConfigError(messages("site.no_config", path=config_file))
    path = config_file.resolve()
    try:
        config = read_site_config(path) or {}
    except ConfigRefused as refused:
        raise SiteConfigError(messages("site.unreadable_config", path=path, error=refused.words(messages))) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SiteConfigError(messages("site.unreadable_config", path=path, error=error)) from None
    if not isinstance(config, dict):
        raise SiteConfigError(messages("site.not_config", path=path))
    return path, config


@dataclass
class OpenSite:
    layout: ProjectLayout
    settings: Settings
    log: ProblemLog  # the loaders' problems, in the site's language (log.messages)
    catalog: Any  # portalkit.catalog.Catalog

    @property
    def messages(self) -> Messages:
        return self.log.messages


def open_site(config_file: Path, messages: Messages = ZH) -> OpenSite:
    """Reads mkdocs.yml and loads the site's banks, checklists and rules (raises SiteConfigError)."""
    # imported here: the catalog pulls in the page index and the Markdown pipeline, which a
    # command that only needs the settings never uses
    from portalkit.catalog import load_catalog

    path, config = read_config(config_file, messages)
    layout, settings = ProjectLayout.of_site(path, config)
    log = ProblemLog(display_root=layout.root, messages=settings.catalog())
    for problem in settings.message_problem_list(path):
        log.add(path, problem.line, 0, problem.field, problem.message)
    return OpenSite(layout, settings, log, load_catalog(layout, log))


def tolerant_console() -> None:
    """Commands print texts that come from files (names, notes, questions): a console that cannot
    show a character (a GBK console on Windows) gets a replacement mark, not a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")

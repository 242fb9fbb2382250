"""portalkit: quizzes, checklists and a date checker from YAML files, as blocks in Markdown pages.

Use it as the MkDocs plugin `portalkit` (`plugins: [search, portalkit]`) or as the Markdown
extension `portalkit` (`markdown_extensions: [portalkit]`: Zensical, plain Python-Markdown).
Importing the package stays cheap: the extension's module is imported when it is asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portalkit.extension import PortalExtension

__version__ = "0.1.0"


def makeExtension(**kwargs: Any) -> PortalExtension:  # noqa: N802  (Python-Markdown's name)
    """Python-Markdown's entry: `markdown_extensions: [portalkit]` imports this package and calls it."""
    from portalkit.extension import PortalExtension

    return PortalExtension(**kwargs)

"""MkDocs hook of the portal: event glue only; the work lives in the installed `portalkit` package.

MkDocs imports this file by path and does not put the project on `sys.path`, so everything
it needs comes from the installed package (`pip install -e .`).
"""

from portalkit.mkdocs_glue import (
    on_config,
    on_env,
    on_files,
    on_page_content,
    on_page_markdown,
    on_post_build,
    on_serve,
)

__all__ = ["on_config", "on_env", "on_files", "on_page_content", "on_page_markdown",
           "on_post_build", "on_serve"]

"""`python -m portalkit check`: validates a site's content without building the theme.

Every YAML file, every block in docs/**/*.md (converted with the site's own Markdown
extensions, so a block inside a code fence is not taken for one) and every `see:` target.
The folders and the language are the site's: portalkit's options in mkdocs.yml (the plugin's,
or the extension's when there is no plugin) and its theme's language.
"""

from __future__ import annotations

import time
from pathlib import Path

import markdown

from portalkit.markdown_blocks import PortalBlocksExtension
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.richtext import default_page_url
from portalkit.session import PortalSession
from portalkit.settings import markdown_extensions
from portalkit.site import SiteConfigError, read_config


def run_check(config_file: Path) -> tuple[ProblemLog, dict[str, int]]:
    """Raises SiteConfigError when mkdocs.yml is missing or unreadable."""
    config_file, config = read_config(config_file)
    layout, settings = ProjectLayout.of_site(config_file, config)
    theme = config.get("theme") or {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    session = PortalSession(layout, site_name=str(config.get("site_name", "")),
                            override_dir=(layout.root / custom / "portalkit") if custom else None,
                            render=False, settings=settings)
    for problem in settings.message_problem_list(config_file):
        session.log.add(config_file, problem.line, 0, problem.field, problem.message)
    names, configs = markdown_extensions(config)
    md = markdown.Markdown(extensions=[*names, PortalBlocksExtension(session=session)],
                           extension_configs=configs)
    pages = sorted(layout.docs_dir.rglob("*.md"))
    for path in pages:
        src = path.relative_to(layout.docs_dir).as_posix()
        text = path.read_text("utf-8", errors="replace")
        session.begin_page(src, default_page_url(src), text)
        session.end_page(md.reset().convert(text))
    session.report_unused()
    stats = {"pages": len(pages), "banks": len(session.catalog.banks),
             "questions": sum(len(b.questions) for b in session.catalog.banks.values()),
             "checklists": len(session.catalog.checklists),
             "items": sum(len(c.items) for c in session.catalog.checklists.values()),
             "rulesets": len(session.catalog.rulesets),
             "rules": sum(len(r.rules) for r in session.catalog.rulesets.values())}
    return session.log, stats


def main(config_file: Path) -> int:
    started = time.perf_counter()
    try:
        log, stats = run_check(config_file)
    except SiteConfigError as error:
        print(error)
        return 2
    m = log.messages
    for problem in log:
        print(problem.text(m))
    elapsed = time.perf_counter() - started
    errors, warnings = len(log.errors), len(log.warnings)
    result = m("check.problems", errors=errors, warnings=warnings) if log else m("check.clean")
    print(m("check.summary", **stats, seconds=f"{elapsed:.2f}", result=result))
    return 1 if errors else 0

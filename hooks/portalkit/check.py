"""`python -m portalkit check`: validates a site's content without building the theme.

Every YAML file, every block in docs/**/*.md (converted with the site's own Markdown
extensions, so a block inside a code fence is not taken for one) and every `see:` target.
"""

from __future__ import annotations

import time
from pathlib import Path

import markdown
import yaml

from portalkit.markdown_blocks import PortalBlocksExtension
from portalkit.problems import ProblemLog
from portalkit.project import ProjectLayout
from portalkit.richtext import default_page_url
from portalkit.session import PortalSession


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may use tags such as !ENV; `check` only needs plain settings."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def _markdown_settings(config: dict) -> tuple[list, dict]:
    names: list = []
    configs: dict = {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                configs[name] = options or {}
        else:
            names.append(entry)
    return names, configs


def run_check(config_file: Path) -> tuple[ProblemLog, dict[str, int]]:
    config_file = config_file.resolve()
    config = yaml.load(config_file.read_text("utf-8"), Loader=_IgnoreTags) or {}  # noqa: S506
    layout = ProjectLayout.from_config_file(config_file, config.get("docs_dir") or "docs")
    theme = config.get("theme") or {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    session = PortalSession(layout, site_name=str(config.get("site_name", "")),
                            override_dir=(layout.root / custom / "portalkit") if custom else None, render=False)
    names, configs = _markdown_settings(config)
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
    if not config_file.is_file():
        print(f"找不到 {config_file}：请在站点文件夹（mkdocs.yml 所在处）运行，或用 -f 指定。")
        return 2
    log, stats = run_check(config_file)
    for problem in log:
        print(problem)
    elapsed = time.perf_counter() - started
    errors, warnings = len(log.errors), len(log.warnings)
    print(f"检查了 {stats['pages']} 个页面、{stats['banks']} 个题库（{stats['questions']} 题）、"
          f"{stats['checklists']} 份清单（{stats['items']} 项）、"
          f"{stats['rulesets']} 份时限规则（{stats['rules']} 条），用时 {elapsed:.2f} 秒："
          + (f"{errors} 个错误，{warnings} 个提醒。" if log else "没有发现问题。"))
    return 1 if errors else 0

"""Small fixture sites written into a temporary folder, built with the real hook."""

from __future__ import annotations

import html as html_lib
import json
import re
import textwrap
from pathlib import Path

import markdown

from portalkit.markdown_blocks import PortalBlocksExtension
from portalkit.richtext import default_page_url
from portalkit.session import PortalSession

from conftest import ROOT

MKDOCS_YML = """\
site_name: 测试站点
site_url: "{site_url}"
theme:
  name: material
  language: zh
  font: false
  features: [navigation.instant]
extra:
  generator: false
plugins: [search]
hooks:
  - {hook}
markdown_extensions:
  - toc
  - attr_list
  - admonition
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""

RULES_PAGE = """\
# 规则

## 步骤 7　确定发展对象 {#step-7}

一年以上。

## 表决 {#vote}

超过半数。
"""


def write_site(root: Path, files: dict[str, str], *, site_url: str = "") -> Path:
    """Writes mkdocs.yml plus `files` (paths relative to the site root) and returns mkdocs.yml."""
    root.mkdir(parents=True, exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(MKDOCS_YML.format(site_url=site_url, hook=ROOT / "hooks" / "portal.py"), "utf-8")
    files = {"docs/rules.md": RULES_PAGE, **files}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), "utf-8")
    return config


def convert(session: PortalSession, source: str, src: str) -> str:
    """Markdown → HTML with the portal's blocks, as the build converts one page."""
    md = markdown.Markdown(extensions=["pymdownx.superfences", PortalBlocksExtension(session=session)])
    session.begin_page(src, default_page_url(src), source)
    html = md.convert(source)
    session.end_page(html)
    return html


def runtime_data(html: str) -> dict:
    """The JSON a block embeds for the browser runtime (the first block on the page)."""
    match = re.search(r'<template class="portal-data">(.*?)</template>', html, re.S)
    assert match, "no runtime data on the page"
    return json.loads(html_lib.unescape(match.group(1)))

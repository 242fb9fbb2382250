"""Small fixture sites written into a temporary folder, built with the portalkit plugin."""

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
plugins: [search, portalkit]
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
    config.write_text(MKDOCS_YML.format(site_url=site_url), "utf-8")
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


def page_text(html: str) -> dict:
    """The interface text a page hands its blocks' runtime: {area: {key: message}}."""
    found: dict = {}
    for area, text in re.findall(r'<template class="portal-text" data-area="(\w+)"[^>]*>(.*?)</template>', html, re.S):
        words = json.loads(html_lib.unescape(text))
        assert set(words) == {area}, words.keys()
        found.update(words)
    return found


# -- a foreign site: English, Material's defaults, its own folders -------------------------------
ENGLISH_MKDOCS_YML = """\
site_name: Safety Training
theme:
  name: material
  language: en
{plugins}
markdown_extensions:
  - attr_list
  - pymdownx.superfences
{extension}"""

ENGLISH_PLUGIN = """\
plugins:
  - search
  - portalkit:
      quizzes_dir: content/banks
      checklists_dir: content/lists
"""

ENGLISH_PAGES = {
    "docs/index.md": """\
        # Welcome

        This page has no blocks. Start with the [safety rules](rules/safety.md).
        """,
    "docs/rules/safety.md": """\
        # Safety rules

        ## Fire exits {#exits}

        Keep every fire exit clear.

        ## First aid {#first-aid}

        Know where the first-aid kit is.
        """,
    "docs/training/quiz.md": """\
        # Safety quiz

        /// quiz | fire-safety
            mode: exam
        ///

        A page may show the syntax itself:

        ```text
        /// quiz | x
        ///
        ```
        """,
    "docs/training/inspection.md": """\
        # Site inspection

        /// checklist | site-walk
        ///
        """,
    "content/banks/fire-safety.yml": """\
        title: Fire safety
        description: Five minutes on exits and first aid.
        pass_mark: 80
        questions:
          - id: exits
            type: single
            prompt: What may stand in front of a fire exit?
            options:
              - Nothing
              - text: Boxes for a day
                feedback: Not even for a day.
            answer: Nothing
            explain: Fire exits are kept clear at all times.
            see: rules/safety.md#exits
          - id: kit
            type: truefalse
            prompt: Everyone should know where the first-aid kit is.
            answer: true
            explain: See the [first-aid rules](rules/safety.md#first-aid).
            see: rules/safety.md#first-aid
        """,
    "content/lists/site-walk.yml": """\
        title: Site walk
        subject: Site
        intro: Walk the site and check each item.
        sections:
          - title: Exits
            items:
              - id: exits-clear
                text: Every fire exit is clear
                help: Open each door once.
                see: rules/safety.md#exits
        """,
}


def write_english_site(root: Path, *, plugin: bool = True, extension: str = "") -> Path:
    """The foreign fixture site; `plugin=False` lists only search, `extension` is added to the
    Markdown extensions as written. Returns its mkdocs.yml."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in ENGLISH_PAGES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(ENGLISH_MKDOCS_YML.format(
        plugins=ENGLISH_PLUGIN if plugin else "plugins:\n  - search\n", extension=extension), "utf-8")
    return config


def portal_blocks(html: str) -> list[str]:
    """The HTML of each block on a page (the `<div class="portal-block">` the blocks stand in)."""
    out = []
    for start in (m.start() for m in re.finditer(r'<div class="portal-block">', html)):
        depth, pos = 0, start
        for tag in re.finditer(r"<(/?)div\b", html[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                pos = start + tag.end()
                break
        out.append(html[start:pos])
    return out

"""Small fixture sites written into a temporary folder, built with the real hook."""

from __future__ import annotations

import textwrap
from pathlib import Path

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

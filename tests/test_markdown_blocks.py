"""The Blocks manager portalkit registers: block options read by libyaml, exactly as pymdownx
reads them, for our blocks and for pymdownx's own blocks on the same page."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest
import yaml
from pymdownx.blocks import BlocksProcessor, get_frontmatter

from portalkit.markdown_blocks import LibyamlBlocksProcessor, PortalBlocksExtension, block_options
from portalkit.project import ProjectLayout
from portalkit.session import PortalSession

from conftest import build_or_fail
from sites import write_site

# What follows a block's first line (`/// name | argument`), as Blocks hands it to split_header.
HEADERS = [
    "    mode: exam\n///",
    "    mode: exam\n    draw: 20\n    tags: [时限, 表决]\n    shuffle: yes\n///",
    "    type: warning\n\nBody text.\n\n///",
    "    open: true\n    attrs: {class: x, id: y}\nBody\n///",
    "    - a\n    - b\n///",  # a list: not options
    "    just text\n///",  # a scalar: not options
    "    mode: [unclosed\n///",  # a syntax error
    "    x: !!python/object/apply:os.system [ls]\n///",  # refused by the safe loader
    "    x: &a [1]\n    y: *a\n///",
    "    date: 2024-01-01\n    octal: 010\n    float: 1e3\n    null: ~\n///",
    '    title: "引号里的 \\u6807题"\n    多: 字节\n///',
    "    key: value\n    key: again\n///",  # duplicate keys: the later wins in both
    "    \n\nBody\n///",
    "No options.\n///",
    "    mode: exam\n////",  # an end of another length
    "    mode: exam\n    ///\n///",
    "",
    "    a:\n        b:\n            c: 1\n///",
    "    text: |\n        two\n        lines\n///",
    "    tab:\tvalue\n///",
]


@pytest.fixture(scope="module")
def processors() -> tuple[BlocksProcessor, BlocksProcessor]:
    ours = markdown.Markdown(extensions=[PortalBlocksExtension(session=None)])  # type: ignore[arg-type]
    theirs = markdown.Markdown(extensions=["pymdownx.blocks.admonition"])
    return ours.parser.blockprocessors["blocks"], theirs.parser.blockprocessors["blocks"]


def test_libyaml_is_there_to_be_used() -> None:
    assert yaml.__with_libyaml__, "PyYAML without libyaml: block options fall back to the slow parser"


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("length", [3, 4])
def test_block_options_are_read_as_pymdownx_reads_them(processors, header: str, length: int) -> None:
    ours, theirs = processors
    assert type(ours) is LibyamlBlocksProcessor and type(theirs) is BlocksProcessor
    assert ours.split_header(header, length) == theirs.split_header(header, length)


def test_common_options_are_read_by_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(_: str) -> None:
        raise AssertionError("read by the pure-Python parser")

    monkeypatch.setattr(yaml, "safe_load", slow)
    assert block_options("mode: exam\ndraw: 20\ntags: [时限, 表决]\nshuffle: true\n") == {
        "mode": "exam", "draw": 20, "tags": ["时限", "表决"], "shuffle": True}
    assert block_options("type: warning\nattrs: {class: wide}\ntitle: 注意：时限\n") == {
        "type": "warning", "attrs": {"class": "wide"}, "title": "注意：时限"}


def test_each_block_gets_its_own_options_though_a_text_is_read_once() -> None:
    text = "mode: exam\ntags: [时限]\nattrs: {class: wide}\n"
    first = block_options(text)
    assert first is not None
    first["mode"] = "practice"
    first["tags"].append("表决")
    first["attrs"]["class"] = "narrow"
    assert block_options(text) == {"mode": "exam", "tags": ["时限"], "attrs": {"class": "wide"}}
    assert block_options("draw: 5\n") is not block_options("draw: 5\n")


def test_generated_options_are_read_as_pymdownx_reads_them() -> None:
    """libyaml and PyYAML's own parser disagree on some input (tabs, `?` in flow collections,
    no-break spaces…): whatever the text, the result must be pymdownx's."""
    tokens = ["a", "k", ":", ": ", " ", "\n", "\n  ", "- ", "[", "]", "{", "}", ",", "'", '"', "#", "&", "*",
              "%", "@", "`", "?", "!", "|", ">", "1", "\\", "~", ".", "true", "null", "0x", "2024-01-01", "<<",
              "\t", "\r", "\x85", "\u2028", "\ufeff", "\xa0", "\U0001F600", "中", "é", "：", "ｂ", "ニ"]
    rng = random.Random(20261129)
    for i in range(3000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(1, 12)))
        text = ("k: " + text) if i % 3 == 1 else ("a: 1\nb: " + text) if i % 3 == 2 else text
        assert block_options(text) == get_frontmatter(text), repr(text)


def test_pymdownx_blocks_use_the_same_manager_and_still_read_their_options(tmp_path: Path) -> None:
    """With the plugin, our extension comes first and registers the manager; pymdownx's
    admonition and details blocks, listed in mkdocs.yml, use it with their options intact."""
    config = write_site(tmp_path, {
        "quizzes/b.yml": "title: 题库\nquestions:\n  - id: q\n    type: truefalse\n    prompt: 对吗？\n"
                         "    answer: true\n    explain: 对。\n    see: rules.md#vote\n",
        "docs/index.md": "# 首页\n\n/// admonition | 注意\n    type: danger\n\n小心。\n///\n\n"
                         "/// details | 展开\n    open: true\n\n细节。\n///\n\n"
                         "/// quiz | b\n    mode: exam\n///\n"})
    text = config.read_text("utf-8").replace("  - admonition\n", "  - pymdownx.blocks.admonition\n"
                                             "  - pymdownx.blocks.details\n")
    config.write_text(text, "utf-8")
    site = build_or_fail(config, tmp_path / "site")
    page = (site / "index.html").read_text("utf-8")
    assert '<div class="admonition danger">' in page and "小心。" in page
    assert '<details open="open">' in page and "<summary>展开</summary>" in page
    assert 'data-quiz="b" data-mode="exam"' in page


def test_a_manager_registered_before_ours_is_used_as_it_is(tmp_path: Path) -> None:
    """Where another Blocks extension came first (the extension alone, listed after
    pymdownx.blocks.* in a Zensical site), its manager serves our blocks too."""
    write_site(tmp_path, {"docs/index.md": "# 首页\n"})
    session = PortalSession(ProjectLayout(tmp_path, tmp_path / "docs"))
    md = markdown.Markdown(extensions=["pymdownx.blocks.admonition", PortalBlocksExtension(session=session)])
    assert type(md.parser.blockprocessors["blocks"]) is BlocksProcessor
    session.begin_page("index.md", "", "/// quiz | nope\n    mode: exam\n///\n")
    md.convert("/// quiz | nope\n    mode: exam\n///\n")
    assert any("nope" in problem.message for problem in session.log.errors)


def test_under_the_plugin_the_manager_is_ours_even_after_pymdownx_blocks(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    config_file = write_site(tmp_path, {"docs/index.md": "# 首页\n"})
    config_file.write_text(config_file.read_text("utf-8").replace(
        "  - admonition\n", "  - pymdownx.blocks.admonition\n"), "utf-8")
    config = load_config(str(config_file))
    config = config.plugins.on_config(config)
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    assert type(md.parser.blockprocessors["blocks"]) is LibyamlBlocksProcessor


def test_block_html_takes_the_place_of_its_token_on_every_conversion(tmp_path: Path) -> None:
    """Each block's HTML is put in place after the last postprocessor; `toc` running the
    postprocessors over headings first must not lose it, and a reset Markdown starts afresh."""
    write_site(tmp_path, {"quizzes/b.yml": "title: 题库\nquestions:\n  - id: q\n    type: truefalse\n"
                                           "    prompt: 对吗？\n    answer: true\n    explain: 对。\n"
                                           "    see: rules.md#vote\n",
                          "docs/index.md": "# 首页\n"})
    session = PortalSession(ProjectLayout(tmp_path, tmp_path / "docs"))
    md = markdown.Markdown(extensions=["toc", PortalBlocksExtension(session=session)])
    source = "# 标题\n\n/// quiz | b\n///\n\n## 之后 {#after}\n\n/// quiz | b\n    mode: exam\n///\n"
    for _ in range(2):
        session.begin_page("index.md", "", source)
        html = md.reset().convert(source)
        assert html.count('data-quiz="b"') == 2 and 'data-mode="exam"' in html
        assert "\x02" not in html and "\x03" not in html
        assert md.postprocessors["portalkit_blocks"].html

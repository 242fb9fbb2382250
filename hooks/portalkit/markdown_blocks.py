"""The `/// quiz | id`, `/// checklist | id` and the other blocks (pymdownx Blocks).

Blocks leaves a block whose argument or options it rejects on the page as literal text, without
a word. Our blocks therefore accept whatever they are given and let the session validate it,
so every mistake becomes an error with page and line.

`PortalBlocksExtension` registers the blocks on one Markdown instance for a given session; the
adapters (portalkit.mkdocs_plugin, portalkit.extension) decide which session that is.

Blocks reads every block's indented options with `yaml.safe_load`, PyYAML's pure-Python parser:
0.05 ms for `mode: exam`, a sixth of a block's build budget. When our extension is the first
Blocks extension of a Markdown instance it registers the shared Blocks manager itself, as
`LibyamlBlocksProcessor`, which reads the same options with the same YAML rules through libyaml
(0.006 ms); every block of that instance, ours and pymdownx's, then uses it. A test holds its
header parsing equal to pymdownx's own over a corpus of headers.
"""

from __future__ import annotations

import copy
import re
import textwrap
import xml.etree.ElementTree as etree
from functools import lru_cache
from typing import Any, Protocol

import yaml
from markdown import Markdown
from markdown.postprocessors import Postprocessor
from markdown.util import AtomicString
from pymdownx import util as pymdownx_util
from pymdownx.blocks import BlocksExtension, BlocksMgrExtension, BlocksProcessor, BlocksTreeprocessor
from pymdownx.blocks.block import Block

# libyaml's parser with PyYAML's safe constructor and resolver: the same values as safe_load
# for options written with these characters. Outside them the two parsers disagree (found by
# fuzzing: tabs, CR, NEL, LS/PS, BOM, no-break spaces, astral characters, a bare `!` tag, block
# scalars), so options with any other character go to safe_load itself: ASCII, Latin letters,
# CJK and full-width forms are what options are written with.
_LIBYAML = getattr(yaml, "CSafeLoader", None)
_LIBYAML_AGREES = re.compile(r"[\n\x20-\x7e\u00c0-\u024f\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]*\Z")
_LIBYAML_DIFFERS = re.compile(r"[!|>?]|:[]},]")


class BlockHost(Protocol):
    """What a block needs from its session (a PortalSession, or the extension's per-page one)."""

    messages: Any

    def render_block(self, kind: str, argument: str | None, options: dict[str, Any]) -> str: ...

    def page_problem(self, message: str, *, line: int | None = None, field_name: str = "") -> None: ...


class PortalBlock(Block):
    NAME = ""
    ARGUMENT = None  # optional: a missing id is reported by the session, not dropped

    def _validate(self, parent: etree.Element, arg: Any, **options: Any) -> bool:
        self.argument = arg.strip() if isinstance(arg, str) else arg
        self.raw_options = dict(options)
        # `attrs` is Blocks' own option (HTML attributes for the wrapper); ours ignore it.
        self.raw_options.pop("attrs", None)
        self.options = {"attrs": {}}
        return True

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        session: BlockHost = self.config["session"]
        html = session.render_block(self.NAME, self.argument, self.raw_options)
        self.placeholder = self.md.postprocessors[BlockHtml.NAME].store(html)
        element = etree.SubElement(parent, "div", {"class": "portal-block"})
        # In place now, not in on_end: Blocks never ends a block of ours nested in one of its own
        # with the same fence length (`/// admonition` … `/// quiz | x` `///` `///`).
        element.text = AtomicString(self.placeholder)
        return element

    def on_end(self, block: etree.Element) -> None:
        # Options go in the indented header; text in the body (raw, after the token) would be
        # silently dropped.
        if (block.text or "")[len(self.placeholder):].strip() or len(block):
            session: BlockHost = self.config["session"]
            session.page_problem(session.messages("blocks.body_text", kind=self.NAME))
        for child in list(block):
            block.remove(child)
        block.text = AtomicString(self.placeholder)


class BlockHtml(Postprocessor):
    """Puts each block's HTML in place of its token, after every other postprocessor.

    Not Markdown's htmlStash: its RawHtmlPostprocessor searches every stashed HTML again for
    nested placeholders, with a pattern that stops at each `<`, which cost a quiz block 0.07 ms,
    a quarter of its build budget. A block's HTML holds no placeholders (its texts are converted
    by RichText's own Markdown instance), and nothing after the last postprocessor rewrites it.
    The token is STX/ETX-delimited, like Markdown's own placeholders: Markdown removes those two
    characters from the source, so no page can contain one."""

    NAME = "portalkit_blocks"
    PRIORITY = 1  # Markdown's own: raw_html 30, amp_substitute 20
    TOKEN = re.compile("\x02portalkit:([0-9]+)\x03")

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.html: list[str] = []

    def store(self, html: str) -> str:
        self.html.append(html)
        return f"\x02portalkit:{len(self.html) - 1}\x03"

    def run(self, text: str) -> str:
        # Not emptied here: `toc` runs the postprocessors over each heading's text before the
        # page's own run. Emptied by Markdown.reset(), like the htmlStash.
        if not self.html:
            return text
        return self.TOKEN.sub(lambda m: self.html[int(m.group(1))], text)

    def reset(self) -> None:
        self.html = []


class QuizBlock(PortalBlock):
    NAME = "quiz"


class ChecklistBlock(PortalBlock):
    NAME = "checklist"


class MistakesBlock(PortalBlock):
    NAME = "mistakes"


class DatecheckBlock(PortalBlock):
    """`/// datecheck | 2014`: the dossier date checker for one rules edition."""

    NAME = "datecheck"


class TimelimitsBlock(PortalBlock):
    """`/// timelimits | 2014`: the time-limits table generated from the same rules."""

    NAME = "timelimits"


class LedgerBlock(PortalBlock):
    """`/// ledger | 2014`: the branch's ledger read forward with the same rules (发展党员台账)."""

    NAME = "ledger"


class ReportBlock(PortalBlock):
    """`/// report`: merges exported checklist runs into the self-inspection report, in the browser."""

    NAME = "report"


class ProgressBlock(PortalBlock):
    """`/// progress`: the reader's progress over every bank and checklist, with backup and restore."""

    NAME = "progress"


class ScoresBlock(PortalBlock):
    """`/// scores`: re-marks exam result files in the browser (成绩汇总), the twin of `scores`."""

    NAME = "scores"


BLOCKS = (QuizBlock, ChecklistBlock, MistakesBlock, DatecheckBlock, TimelimitsBlock, ReportBlock,
          ProgressBlock, LedgerBlock, ScoresBlock)
MARKER = "portalkit_blocks"  # set on a Markdown instance once our blocks are registered on it


def block_options(text: str) -> dict[str, Any] | None:
    """pymdownx.blocks.get_frontmatter through libyaml: the options as a mapping, {} for none,
    None when they are not a YAML mapping (Blocks then leaves the block as text). The same few
    option texts (`mode: exam`) recur on every page: each is read once per process, and every
    block gets its own copy."""
    found = _read_options(text)
    if found is None:
        return None
    if all(isinstance(v, str | int | float | None) for v in found.values()):  # bool is an int
        return dict(found)
    return copy.deepcopy(found)


@lru_cache(maxsize=512)
def _read_options(text: str) -> dict[str, Any] | None:
    fast = _LIBYAML is not None and _LIBYAML_AGREES.match(text) and not _LIBYAML_DIFFERS.search(text)
    try:
        options = yaml.load(text, Loader=_LIBYAML) if fast else yaml.safe_load(text)
    except Exception:
        return None
    if options is None:
        return {}
    return options if isinstance(options, dict) else None


class LibyamlBlocksProcessor(BlocksProcessor):
    """The Blocks manager, with its header's options read by libyaml (see the module's note)."""

    def split_header(self, block: str, length: int) -> tuple[dict[str, Any] | None, str]:
        # pymdownx 13's BlocksProcessor.split_header, with block_options for get_frontmatter
        m = None
        blocks: list[str] = []
        for match in self.end.finditer(block):
            if len(match.group(1)) == length:
                m = match
                break
        if m:
            blocks.insert(0, block[m.start(0):])
            block = block[:m.start(0)]
        m = self.yaml_line.match(block)
        if m is not None:
            config = textwrap.dedent(m.group(0))
            blocks.insert(0, block[m.end():])
            if config.strip():
                return block_options(config), "\n".join(blocks)
        blocks.insert(0, block)
        return {}, "\n".join(blocks)


class LibyamlBlocksMgrExtension(BlocksMgrExtension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        # BlocksMgrExtension.extendMarkdown with our processor
        md.registerExtension(self)
        pymdownx_util.escape_chars(md, ["/"])
        self.extension = LibyamlBlocksProcessor(md.parser, md)
        md.parser.blockprocessors.register(self.extension, "blocks", 89.99)
        md.treeprocessors.register(BlocksTreeprocessor(md, self.extension), "blocks_on_inline_end", 19.99)


class PortalBlocksExtension(BlocksExtension):
    def __init__(self, session: BlockHost, **kwargs: Any) -> None:
        self.config = {"session": [session, "the build's PortalSession"]}
        super().__init__(**kwargs)

    def register_block_mgr(self, md: Markdown) -> BlocksProcessor:
        """The instance's Blocks manager: the one an earlier Blocks extension registered, as it
        is, or else ours."""
        if "blocks" in md.parser.blockprocessors:
            return md.parser.blockprocessors["blocks"]  # type: ignore[return-value]
        manager = LibyamlBlocksMgrExtension()
        manager.extendMarkdown(md)
        return manager.extension

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802
        if getattr(md, MARKER, False):
            return  # a site that lists both the plugin and the extension gets the blocks once
        setattr(md, MARKER, True)
        block_html = BlockHtml(md)
        md.postprocessors.register(block_html, BlockHtml.NAME, BlockHtml.PRIORITY)
        md.registerExtension(block_html)  # type: ignore[arg-type]  # Markdown.reset() calls its reset()
        configs = self.getConfigs()
        for block in BLOCKS:
            block_mgr.register(block, configs)

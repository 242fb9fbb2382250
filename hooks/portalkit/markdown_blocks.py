"""The `/// quiz | id`, `/// checklist | id` and the other blocks (pymdownx Blocks).

Blocks leaves a block whose argument or options it rejects on the page as literal text, without
a word. Our blocks therefore accept whatever they are given and let the session validate it,
so every mistake becomes an error with page and line.

`PortalBlocksExtension` registers the blocks on one Markdown instance for a given session; the
adapters (portalkit.mkdocs_plugin, portalkit.extension) decide which session that is.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any, Protocol

from markdown import Markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block


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
        self.placeholder = self.md.htmlStash.store(html)
        return etree.SubElement(parent, "div", {"class": "portal-block"})

    def on_end(self, block: etree.Element) -> None:
        # Options go in the indented header; text in the body would be silently dropped.
        if (block.text or "").strip() or len(block):
            session: BlockHost = self.config["session"]
            session.page_problem(session.messages("blocks.body_text", kind=self.NAME))
        for child in list(block):
            block.remove(child)
        block.text = self.placeholder


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


class ReportBlock(PortalBlock):
    """`/// report`: merges exported checklist runs into the self-inspection report, in the browser."""

    NAME = "report"


class ProgressBlock(PortalBlock):
    """`/// progress`: the reader's progress over every bank and checklist, with backup and restore."""

    NAME = "progress"


BLOCKS = (QuizBlock, ChecklistBlock, MistakesBlock, DatecheckBlock, TimelimitsBlock, ReportBlock,
          ProgressBlock)
MARKER = "portalkit_blocks"  # set on a Markdown instance once our blocks are registered on it


class PortalBlocksExtension(BlocksExtension):
    def __init__(self, session: BlockHost, **kwargs: Any) -> None:
        self.config = {"session": [session, "the build's PortalSession"]}
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802
        if getattr(md, MARKER, False):
            return  # a site that lists both the plugin and the extension gets the blocks once
        setattr(md, MARKER, True)
        for block in BLOCKS:
            block_mgr.register(block, self.getConfigs())

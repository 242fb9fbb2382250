"""The `/// quiz | id`, `/// checklist | id` and `/// mistakes` blocks (pymdownx Blocks).

Blocks leaves a block whose argument or options it rejects on the page as literal text, without
a word. Our blocks therefore accept whatever they are given and let the session validate it,
so every mistake becomes an error with page and line.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

from portalkit.session import PortalSession


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
        session: PortalSession = self.config["session"]
        html = session.render_block(self.NAME, self.argument, self.raw_options)
        self.placeholder = self.md.htmlStash.store(html)
        return etree.SubElement(parent, "div", {"class": "portal-block"})

    def on_end(self, block: etree.Element) -> None:
        # Options go in the indented header; text in the body would be silently dropped.
        if (block.text or "").strip() or len(block):
            session: PortalSession = self.config["session"]
            session.page_problem(f"{self.NAME} 块里不能写正文。选项要缩进四个空格紧跟在第一行下面，"
                                 "例如：\n/// quiz | stage-1\n    mode: exam\n///")
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


class PortalBlocksExtension(BlocksExtension):
    def __init__(self, session: PortalSession, **kwargs: Any) -> None:
        self.config = {"session": [session, "the build's PortalSession"]}
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:  # noqa: N802
        for block in (QuizBlock, ChecklistBlock, MistakesBlock, DatecheckBlock, TimelimitsBlock, ReportBlock):
            block_mgr.register(block, self.getConfigs())

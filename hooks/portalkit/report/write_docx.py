"""report.docx: the report in the document layout of `portalkit.officialdoc` (GB/T 9704 for a
Chinese site, a plain business layout for an English one), written by python-docx."""

from __future__ import annotations

from pathlib import Path

from portalkit.i18n import ZH, Messages
from portalkit.officialdoc.write_docx import write_docx as write_document
from portalkit.report.document import Options, build
from portalkit.report.model import Report
from portalkit.report.times import beijing_today


def write_docx(report: Report, path: Path, options: Options | None = None, messages: Messages = ZH) -> None:
    write_document(build(report, options or Options(date=beijing_today()), messages), path)

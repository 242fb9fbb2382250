"""Documents people hand on: a small block model and its writers.

A Chinese document follows the layout of Party and government documents (GB/T 9704-2012,
党政机关公文格式); an English one a plain business layout. Content modules (the self-inspection
report, the training results) build a `Document` and pass it to `write_docx` or `render_markdown`;
they never touch Word's XML themselves."""

from portalkit.officialdoc.model import Appendix, Column, Document, Heading, Para, Row, Table
from portalkit.officialdoc.words import cn_number, date_text, ordinal

__all__ = ["Appendix", "Column", "Document", "Heading", "Para", "Row", "Table", "cn_number", "date_text",
           "ordinal"]

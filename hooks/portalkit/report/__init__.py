"""Self-inspection report (自查报告): many exported checklist runs → report.docx, report.xlsx, report.md.

Core (no site generator, no files but those it is given): model, text, times, read, aggregate,
document, write_docx, write_xlsx, write_markdown. `cli` is the thin adapter for
`python -m portalkit report`: it finds the site's checklists the way `check` does."""

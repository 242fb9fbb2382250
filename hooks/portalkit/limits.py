"""Bounds on what readers type and what files the portal reads, defined once.

The browser runtime gets the same numbers (assets.py writes them into store.js), and the
Python readers of exported files use them too, so a file one side accepts the other accepts.
The editors' reference lists them (docs/reference: 上限); a test holds that table to this one."""

from __future__ import annotations

LIMITS: dict[str, int] = {
    "name": 100,  # a run's subject (the person or meeting checked)
    "org": 100,  # a Party organisation's name
    "checker": 100,
    "note": 2000,
    "answer": 500,  # a typed answer to a fill-in question
    "text": 1000,  # item and section texts carried in an export
    "problem": 60,  # a checklist item's `problem:` wording, characters
    "items": 1000,  # items in one exported run
    "unknownItems": 100,  # items of one run that its checklist does not have (removed since the export)
    "runsPerFile": 1000,  # runs in one exported CSV (a JSON export holds one)
    "importBytes": 5 * 1024 * 1024,  # an exported run file, read by the report (page or command)
    "keptText": 100 * 1024,  # pasted text kept in storage as typed
    "keptLedger": 1_000_000,  # characters of a ledger kept on this computer when the secretary asks
    "attempts": 50,  # exam attempts kept per bank
    "keptResults": 10,  # attempts per bank that keep their answers (a handed-in exam's result)
    "resultChars": 200_000,  # one exam result as JSON (answers of up to a few hundred questions)
    "resultFiles": 1000,  # results in one file the progress page exports
    "inputFiles": 20_000,  # files one command reads from the folders it is given
    # spreadsheets users hand in (question tables, rosters, answer sheets, ledgers): portalkit.sheets
    "sheetBytes": 16 * 1024 * 1024,  # the xlsx or CSV file as handed in
    "xlsxInflated": 96 * 1024 * 1024,  # every part of an xlsx read, counted while inflating
    "xlsxParts": 1000,  # entries in an xlsx's zip
    "sheetRows": 20_000,  # the last row holding a value
    "sheetColumns": 200,  # the last column holding a value
    "sheetCells": 300_000,  # cells holding a value, in the whole workbook
    "cellChars": 32_767,  # characters in one cell (Excel's own limit)
    "importQuestions": 10_000,  # questions in one imported question table
    "bankBytes": 24 * 1024 * 1024,  # a bank, checklist or rules YAML file (the largest import fits)
}

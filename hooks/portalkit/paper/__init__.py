"""Printed papers from a bank: `python -m portalkit paper` (cli), what goes on each variant
(compose) and the A4 HTML of the papers and their answer key (render)."""

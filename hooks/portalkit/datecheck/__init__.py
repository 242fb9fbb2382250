"""Dossier date checker: time-limit rules as data (rules/<edition>.yml), a Python evaluator of
them, and the `/// datecheck` and `/// timelimits` blocks."""

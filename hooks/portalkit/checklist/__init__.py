"""Checklists: model, loading and validation, rendering."""

"""Quiz banks: model, loading and validation, rendering."""

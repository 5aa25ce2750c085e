"""Readers of the export formats described in docs/formats.md, and the registry that picks one per file."""

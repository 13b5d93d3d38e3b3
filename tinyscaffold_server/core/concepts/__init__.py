"""Concepts of one notebook: candidates per cell, their keys and filters, and the walk that
finds which cell introduces each (docs/CONCEPTS.md)."""

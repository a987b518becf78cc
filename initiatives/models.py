"""Initiatives models: filled by their own issue."""

"""Surveys models: filled by their own issue."""

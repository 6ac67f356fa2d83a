"""Errors of the knowledge layer."""

from __future__ import annotations


class KnowledgeError(ValueError):
    """A knowledge file that cannot be used. The message is in Swedish and starts with
    the file name and line number: 'synlex.tsv, rad 12: ...'."""

"""Importer: roadmap documents (text extracted from Word) → structured items.

Parsing only; saving is done by ``roadmap_tui.importer.store``.
"""

from .bodies import match_bodies
from .parse import parse_bytes, parse_document, read_document
from .types import DocumentError, ParsedDocument, ParsedItem, SchoolRef, SkippedLine

__all__ = [
    "DocumentError",
    "ParsedDocument",
    "ParsedItem",
    "SchoolRef",
    "SkippedLine",
    "match_bodies",
    "parse_document",
    "parse_bytes",
    "read_document",
]

"""Text normalisation shared by the parsers.

Word exports carry leftovers of formatting: ``<p>…</p>`` around table cells,
``**bold**`` markers, non-breaking spaces and runs of spaces.  Every value
the importer returns goes through :func:`clean` so that comparisons and
storage see plain, single-spaced text.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_BOLD = re.compile(r"\*\*|__")
_ITALIC = re.compile(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_SPACE = re.compile(r"\s+")

# Lines of a plan table are tab-separated; a line with at least this many
# cells is treated as a table line.
TABLE_MIN_CELLS = 3


def clean(text: str) -> str:
    """Drop HTML tags and emphasis markers, collapse whitespace."""
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    text = _TAG.sub(" ", text)
    text = _BOLD.sub("", text)
    text = _ITALIC.sub("", text)
    return _SPACE.sub(" ", text).strip()


def paragraphs(cell: str) -> list[str]:
    """The ``<p>`` paragraphs of a raw cell (one element when there are none)."""
    parts = [clean(p) for p in re.split(r"</p>\s*<p>", cell)]
    return [p for p in parts if p] or [clean(cell)]


def join(*parts: str | None) -> str:
    """Join text fragments (of a value split by a page break) with one space."""
    return " ".join(p for p in (x.strip() if x else "" for x in parts) if p)


def starts_lower(text: str) -> bool:
    """True when the first letter of the text is lower-case (a continued sentence)."""
    # Only the very first word counts: "2021-2022 учебный год" is not a continuation.
    first = text.lstrip(" «\"'(")
    return bool(first) and first[0].isalpha() and first[0].islower()


def split_lines(text: str) -> list[str]:
    """Split on any line ending; Word exports mix CRLF and LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

"""Text on its way out: no line breaks where a format allows none, no control characters anywhere.

A body named in Excel with Alt+Enter carries U+2028 or a bare CR; a pasted
comment can carry NUL, BEL or ESC. iCalendar refuses a raw line break in a
calendar name, e-mail headers refuse one in a subject, and control bytes
have no business in a feed or a page. Every exported text passes through
one of these two functions (in `export.source`, where the exporters read it,
and again at each format's edge), so one bad row cannot stop a city's export.
"""

from __future__ import annotations

import re

# Every line break Unicode knows (str.splitlines' set), bare CR included.
_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# C0 controls except TAB, DEL, C1 controls: shown as nothing.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def one_line(text: str | None) -> str:
    """A name or a subject: every break and run of white space becomes one space, controls dropped."""
    if not text:
        return ""
    return " ".join(_CONTROLS.sub("", _BREAKS.sub(" ", text)).split())


def multiline(text: str | None) -> str:
    """A description: line breaks normalised to LF, controls dropped, trailing spaces trimmed."""
    if not text:
        return ""
    lines = _CONTROLS.sub("", _BREAKS.sub("\n", text).replace("\t", " ")).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def one_line_or_none(text: str | None) -> str | None:
    return one_line(text) or None if text is not None else None


def multiline_or_none(text: str | None) -> str | None:
    return multiline(text) or None if text is not None else None

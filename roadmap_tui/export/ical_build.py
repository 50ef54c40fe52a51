"""iCalendar bytes for one component (VEVENT or VTODO) and for a feed's frame.

The frame (`calendar_head`) and the reminders (`alarm_block`) are built by
the `icalendar` library. A region's feeds hold two million components, and
building each as an `Event` costs ~250 µs, so a component is joined from
property lines instead, and the three steps of a line are re-stated here on
plain strings: TEXT escaping (`escape_text`, icalendar's `_escape_char`),
UTC date-times (`utc_text`, `vDatetime`) and folding (`fold`, `_foldline`,
cut on the UTF-8 bytes: ≤ 74 octets per segment, never inside a character,
never right after a lone backslash or caret, icalendar issue #1501). Each is
an exact copy of the library's rule, and tests hold each to the library on
hostile and random text, and whole feeds to what icalendar re-serialises.

Everything is a function of the data: DTSTAMP/LAST-MODIFIED are the row's
last change (or the moment it became overdue), never the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from icalendar import Alarm, Calendar
from icalendar.parser import Contentline, Parameters
from icalendar.prop import vDate, vInt

from roadmap_tui.dates import days_ru
from roadmap_tui.export.clean import multiline, one_line
from roadmap_tui.model.statuses import Status
from roadmap_tui.settings import TIMEZONE

CRLF = b"\r\n"
PRODID = "-//roadmap_tui//Дорожные карты//RU"
UID_DOMAIN = "roadmap-tui"
REFRESH = "PT6H"

FOLD_LIMIT = 75  # octets; icalendar cuts a segment before it reaches the limit
_CONTINUATION = 0b1100_0000
_ESCAPES = frozenset(b"\\^")
# The longest run (≤ 74 octets) that does not end inside a character: icalendar's cut, greedy.
_SEGMENT = re.compile(rb"(?s).{1,%d}(?![\x80-\xbf])" % (FOLD_LIMIT - 1))


def fold(line: str) -> bytes:
    """icalendar's `_foldline(line).encode()`, computed on bytes (see the module docstring)."""
    data = line.encode()
    if len(data) < FOLD_LIMIT:
        return data
    folded = b"\r\n ".join(_SEGMENT.findall(data))
    if b"\\\r\n " in folded or b"^\r\n " in folded:  # a cut right after an escape: icalendar moves it
        return _fold_slowly(data)
    return folded


def _fold_slowly(data: bytes) -> bytes:
    """The cut segment by segment, for the lines where an escape's backslash moves it."""
    size = len(data)
    out = []
    start = 0
    while start < size:
        end = min(start + FOLD_LIMIT - 1, size)
        while end < size and data[end] & _CONTINUATION == 0b1000_0000:
            end -= 1  # never split a multi-byte character
        if end < size and end - 1 > start and data[end - 1] in _ESCAPES:
            end -= 1  # an escape's backslash starts the next segment
        out.append(data[start:end])
        start = end
    return b"\r\n ".join(out)


def escape_text(text: str) -> str:
    r"""A TEXT value escaped as icalendar's `vText` does (the order of replacements matters: `\N` first)."""
    return (text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def utc_text(moment: datetime) -> str:
    """An aware date-time as icalendar's `vDatetime` writes it in UTC: 20240311T040000Z."""
    m = moment.astimezone(UTC) if moment.utcoffset() else moment
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}Z"


_DATE_PARAMS = Parameters({"VALUE": "DATE"})


def uid_line(uid: str) -> bytes:
    """Not memoised: every UID is unique and would only evict useful lines."""
    return fold(f"UID:{escape_text(uid)}") + CRLF


def escaped_line(name: str, escaped: str) -> bytes:
    """A property line from an already escaped TEXT value, folded."""
    return fold(f"{name}:{escaped}") + CRLF


@lru_cache(maxsize=1 << 15)
def text_line(name: str, value: str) -> bytes:
    """A TEXT property, escaped, folded at 75 octets (controls dropped, breaks as LF)."""
    return escaped_line(name, escape_text(multiline(value)))


@lru_cache(maxsize=1 << 14)
def date_line(name: str, day: date) -> bytes:
    return fold(Contentline.from_parts(name, _DATE_PARAMS, vDate(day))) + CRLF


def stamp_line(name: str, moment: datetime) -> bytes:
    return f"{name}:{utc_text(moment)}\r\n".encode()


@lru_cache(maxsize=1024)
def int_line(name: str, value: int) -> bytes:
    return f"{name}:{vInt(value).to_ical().decode()}\r\n".encode()


@lru_cache(maxsize=1 << 12)
def _completed(day: date) -> bytes:
    """COMPLETED at noon (Tomsk) of the day the work was done, and 100 %."""
    return stamp_line("COMPLETED", day_start_utc(day) + timedelta(hours=12)) + b"PERCENT-COMPLETE:100\r\n"


def day_start_utc(day: date) -> datetime:
    """00:00 of a Tomsk day, in UTC (when an item due the day before became overdue)."""
    return datetime.combine(day, time(), TIMEZONE).astimezone(UTC)


@lru_cache(maxsize=16)
def alarm_block(days: tuple[int, ...]) -> bytes:
    """VALARM reminders N days before the start; rendered once per configuration."""
    out = []
    for n in days:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-n))
        alarm.add("description", "Напоминание: срок " + ("сегодня" if n == 0 else f"через {days_ru(n)}"))
        out.append(alarm.to_ical())
    return b"".join(out)


@dataclass(frozen=True)
class FeedMeta:
    name: str
    description: str


def calendar_head(meta: FeedMeta) -> bytes:
    """Everything before the first component, rendered by icalendar's Calendar."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", one_line(meta.name))
    cal.add("x-wr-calname", one_line(meta.name))
    cal.add("x-wr-caldesc", one_line(meta.description))
    cal.add("x-wr-timezone", "Asia/Tomsk")
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    raw: bytes = cal.to_ical()
    assert raw.endswith(CALENDAR_TAIL)
    return raw[: -len(CALENDAR_TAIL)]


CALENDAR_TAIL = b"END:VCALENDAR\r\n"


@dataclass(slots=True)  # not frozen: made a million times, and a frozen __init__ costs twice as much
class Component:
    """What one assignment's (or one occurrence's) VEVENT and VTODO say, as rendered lines where they agree."""

    uid: bytes  # the UID line
    stamp: str  # DTSTAMP and LAST-MODIFIED, as `utc_text` writes them
    text: bytes  # the SUMMARY, DESCRIPTION and CATEGORIES lines
    sequence: int
    status: str  # our status value
    start: date | None  # VTODO only: the window's start, if any
    due: date | None
    completed_on: date | None


_EVENT_STATUS: dict[str, bytes] = {Status.CANCELLED: b"STATUS:CANCELLED\r\n"}
_CONFIRMED = b"STATUS:CONFIRMED\r\n"
_TODO_STATUS: dict[str, bytes] = {
    Status.PLANNED: b"STATUS:NEEDS-ACTION\r\n",
    Status.POSTPONED: b"STATUS:NEEDS-ACTION\r\n",
    Status.IN_PROGRESS: b"STATUS:IN-PROCESS\r\n",
    Status.DONE: b"STATUS:COMPLETED\r\n",
    Status.CANCELLED: b"STATUS:CANCELLED\r\n",
}


def vevent(c: Component, alarm: bytes) -> bytes:
    """An all-day event on the due day (DTEND the day after); `alarm` is the VALARM block of an open one."""
    assert c.due is not None
    return b"".join((
        b"BEGIN:VEVENT\r\n",
        c.uid,
        f"DTSTAMP:{c.stamp}\r\n".encode(),
        date_line("DTSTART", c.due),
        date_line("DTEND", c.due + timedelta(days=1)),
        c.text,
        _EVENT_STATUS.get(c.status, _CONFIRMED),
        b"TRANSP:TRANSPARENT\r\n",
        int_line("SEQUENCE", c.sequence),
        f"LAST-MODIFIED:{c.stamp}\r\n".encode(),
        alarm,
        b"END:VEVENT\r\n",
    ))


def vtodo(c: Component) -> bytes:
    """A task: DUE on the due day (if dated), STATUS/COMPLETED mapped from ours."""
    parts = [b"BEGIN:VTODO\r\n", c.uid, f"DTSTAMP:{c.stamp}\r\n".encode()]
    if c.start is not None and (c.due is None or c.start < c.due):
        parts.append(date_line("DTSTART", c.start))
    if c.due is not None:
        parts.append(date_line("DUE", c.due))
    parts += [c.text, _TODO_STATUS.get(c.status, b"STATUS:NEEDS-ACTION\r\n")]
    if c.status == Status.DONE and c.completed_on is not None:
        parts.append(_completed(c.completed_on))
    parts += [int_line("SEQUENCE", c.sequence), f"LAST-MODIFIED:{c.stamp}\r\n".encode(), b"END:VTODO\r\n"]
    return b"".join(parts)


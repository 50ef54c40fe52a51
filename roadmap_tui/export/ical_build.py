"""iCalendar bytes for one assignment (VEVENT or VTODO) and for a feed's frame.

Values are escaped and formatted by the `icalendar` library (`vText`,
`vDate`, `vDatetime`, `Contentline`, `Calendar`, `Alarm`). Building a full
`Event` object costs ~250 µs, too much for a million assignments, so each
*property line* is rendered separately and memoised, and per-event work is
joining cached bytes. Folding long lines is the one hot spot: icalendar's
`_foldline` walks a line character by character (~40 µs for a description),
so `fold()` does the same cut on the UTF-8 bytes, segment by segment. It is
an exact re-statement of icalendar's rule (≤ 74 octets per segment, never
inside a character, never right after a lone backslash or caret); tests compare it
with `icalendar.parser.string._foldline` on hostile and random text, and a
whole feed with what icalendar re-serialises.

Everything is a function of the data: DTSTAMP/LAST-MODIFIED are the row's
last change (or the moment it became overdue), never the clock.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from icalendar import Alarm, Calendar
from icalendar.parser import Contentline, Parameters
from icalendar.prop import vDate, vDatetime, vInt, vText

from roadmap_tui.dates import days_ru, fmt
from roadmap_tui.export.clean import multiline, one_line
from roadmap_tui.settings import TIMEZONE

CRLF = b"\r\n"
PRODID = "-//roadmap_tui//Дорожные карты//RU"
UID_DOMAIN = "roadmap-tui"
REFRESH = "PT6H"


FOLD_LIMIT = 75  # octets; icalendar cuts a segment before it reaches the limit
_CONTINUATION = 0b1100_0000
_ESCAPES = frozenset(b"\\^")


def fold(line: str) -> bytes:
    """icalendar's `_foldline(line).encode()`, computed on bytes (see the module docstring)."""
    data = line.encode()
    size = len(data)
    if size < FOLD_LIMIT:
        return data
    out = []
    start = 0
    while start < size:
        end = min(start + FOLD_LIMIT - 1, size)
        while end < size and data[end] & _CONTINUATION == 0b1000_0000:
            end -= 1  # never split a multi-byte character
        if end < size and end - 1 > start and data[end - 1] in _ESCAPES:
            end -= 1  # an escape's backslash starts the next segment (icalendar issue #1501)
        out.append(data[start:end])
        start = end
    return b"\r\n ".join(out)


_NO_PARAMS = Parameters()  # from_parts only reads it
_DATE_PARAMS = Parameters({"VALUE": "DATE"})


def _line(name: str, params: Parameters, value: object) -> bytes:
    return fold(Contentline.from_parts(name, params, value)) + CRLF


def uid_line(uid: str) -> bytes:
    """Not memoised: every UID is unique and would only evict useful lines."""
    return _line("UID", _NO_PARAMS, vText(uid))


@lru_cache(maxsize=1 << 15)
def text_line(name: str, value: str) -> bytes:
    """A TEXT property, escaped by icalendar, folded at 75 octets (controls dropped, breaks as LF)."""
    return _line(name, _NO_PARAMS, vText(multiline(value)))


@lru_cache(maxsize=1 << 14)
def date_line(name: str, day: date) -> bytes:
    return _line(name, _DATE_PARAMS, vDate(day))


@lru_cache(maxsize=1 << 16)
def stamp_line(name: str, moment: datetime) -> bytes:
    return _line(name, _NO_PARAMS, vDatetime(moment))


@lru_cache(maxsize=1024)
def int_line(name: str, value: int) -> bytes:
    return _line(name, _NO_PARAMS, vInt(value))


def uid_for(doc: str, kind: str, number: str, dup: int, body_code: str, occurrence: str) -> str:
    """Stable across exports and re-imports: natural keys only, never row ids."""
    key = "\x1f".join((doc, kind, number, str(dup), body_code, occurrence))
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@{UID_DOMAIN}"


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
    end = b"END:VCALENDAR\r\n"
    assert raw.endswith(end)
    return raw[: -len(end)]


CALENDAR_TAIL = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class EventData:
    """What one component says; built by feeds.py from database rows."""

    uid: str
    start: date | None  # VEVENT: the due day; VTODO: window start (if any)
    due: date | None
    summary: str
    description: str
    stamp: datetime
    sequence: int
    status: str  # our status value
    completed_on: date | None
    categories: str


_EVENT_STATUS = {"cancelled": "CANCELLED"}
_TODO_STATUS = {
    "planned": "NEEDS-ACTION",
    "postponed": "NEEDS-ACTION",
    "in_progress": "IN-PROCESS",
    "done": "COMPLETED",
    "cancelled": "CANCELLED",
}
OPEN = frozenset({"planned", "in_progress", "postponed"})


def vevent(e: EventData, alarms: tuple[int, ...]) -> bytes:
    """An all-day event on the due day (DTEND the day after)."""
    assert e.due is not None
    parts = [
        b"BEGIN:VEVENT\r\n",
        uid_line(e.uid),
        stamp_line("DTSTAMP", e.stamp),
        date_line("DTSTART", e.due),
        date_line("DTEND", e.due + timedelta(days=1)),
        text_line("SUMMARY", e.summary),
        text_line("DESCRIPTION", e.description),
        text_line("CATEGORIES", e.categories),
        text_line("STATUS", _EVENT_STATUS.get(e.status, "CONFIRMED")),
        b"TRANSP:TRANSPARENT\r\n",
        int_line("SEQUENCE", e.sequence),
        stamp_line("LAST-MODIFIED", e.stamp),
    ]
    if e.status in OPEN and alarms:
        parts.append(alarm_block(alarms))
    parts.append(b"END:VEVENT\r\n")
    return b"".join(parts)


def vtodo(e: EventData) -> bytes:
    """A task: DUE on the due day (if dated), STATUS/COMPLETED mapped from ours."""
    parts = [
        b"BEGIN:VTODO\r\n",
        uid_line(e.uid),
        stamp_line("DTSTAMP", e.stamp),
    ]
    if e.start is not None and (e.due is None or e.start < e.due):
        parts.append(date_line("DTSTART", e.start))
    if e.due is not None:
        parts.append(date_line("DUE", e.due))
    parts += [
        text_line("SUMMARY", e.summary),
        text_line("DESCRIPTION", e.description),
        text_line("CATEGORIES", e.categories),
        text_line("STATUS", _TODO_STATUS.get(e.status, "NEEDS-ACTION")),
    ]
    if e.status == "done" and e.completed_on is not None:
        parts.append(stamp_line("COMPLETED", day_start_utc(e.completed_on) + timedelta(hours=12)))
        parts.append(b"PERCENT-COMPLETE:100\r\n")
    parts += [int_line("SEQUENCE", e.sequence), stamp_line("LAST-MODIFIED", e.stamp), b"END:VTODO\r\n"]
    return b"".join(parts)


def window_text(window_start: date | None, due: date | None) -> str:
    if window_start is None or due is None or window_start >= due:
        return ""
    return f"Период выполнения: {fmt(window_start)} – {fmt(due)}"

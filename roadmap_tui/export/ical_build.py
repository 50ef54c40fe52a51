"""iCalendar bytes for one assignment (VEVENT or VTODO) and for a feed's frame.

All escaping and folding is done by the `icalendar` library (`Contentline`,
`vText`, `vDate`, `Calendar`, `Alarm`). Building a full `Event` object costs
~250 µs, too much for a million assignments, so each *property line* is
rendered by icalendar and memoised: a region's assignments share few distinct
titles, descriptions and dates, and the per-event work becomes joining cached
bytes. The output is byte-for-byte what icalendar itself writes for the same
properties; a test checks it against `Event.new(...).to_ical()`.

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
from roadmap_tui.settings import TIMEZONE

CRLF = b"\r\n"
PRODID = "-//roadmap_tui//Дорожные карты//RU"
UID_DOMAIN = "roadmap-tui"
REFRESH = "PT6H"


@lru_cache(maxsize=1 << 16)
def text_line(name: str, value: str) -> bytes:
    """A TEXT property, escaped and folded at 75 octets by icalendar."""
    return Contentline.from_parts(name, Parameters(), vText(value)).to_ical() + CRLF


@lru_cache(maxsize=1 << 14)
def date_line(name: str, day: date) -> bytes:
    return Contentline.from_parts(name, Parameters({"VALUE": "DATE"}), vDate(day)).to_ical() + CRLF


@lru_cache(maxsize=1 << 16)
def stamp_line(name: str, moment: datetime) -> bytes:
    return Contentline.from_parts(name, Parameters(), vDatetime(moment)).to_ical() + CRLF


@lru_cache(maxsize=1024)
def int_line(name: str, value: int) -> bytes:
    return Contentline.from_parts(name, Parameters(), vInt(value)).to_ical() + CRLF


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
    cal.add("name", meta.name)
    cal.add("x-wr-calname", meta.name)
    cal.add("x-wr-caldesc", meta.description)
    cal.add("x-wr-timezone", "Asia/Tomsk")
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    raw = cal.to_ical()
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
        text_line("UID", e.uid),
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
        text_line("UID", e.uid),
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

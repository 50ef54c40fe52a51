"""What one assignment, or one item occurrence over all its bodies, says in a calendar.

A body's feed shows each assignment with the word a coordinator would use:
the derived state where it is the news (late, done, done late — decided by
`read.states.derive`), otherwise the stored status («В работе»). A
document's feed shows each dated occurrence once, with the bodies' figures.

A region's body feeds hold a million assignments, so the parts of a
description that belong to the item (title, document, deadline, report
form, responsible bodies) are cleaned and escaped once per item
(`ItemText`), and each assignment only adds its own lines. Cleaning and
escaping line by line and joining with an escaped break gives exactly the
bytes of cleaning and escaping the whole text (no rule of either spans a
line break); a test holds the two to each other on random text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from roadmap_tui.dates import fmt
from roadmap_tui.export.clean import multiline
from roadmap_tui.export.ical_build import (
    UID_DOMAIN,
    Component,
    day_start_utc,
    escape_text,
    escaped_line,
    text_line,
    utc_text,
)
from roadmap_tui.export.source import AssignmentRow, DocInfo, ItemInfo, OccurrenceRow
from roadmap_tui.model.statuses import OPEN_STATUSES, STATUS_LABELS, Status
from roadmap_tui.read.states import DERIVED_LABELS, Derived, derive

MAX_SUMMARY_TITLE = 140
#: The derived states a feed names instead of the stored status.
NEWS = frozenset({Derived.OVERDUE, Derived.DONE_LATE, Derived.DONE_ON_TIME})
OPEN_VALUES = frozenset(s.value for s in OPEN_STATUSES)
_STATUSES = {s.value: s for s in Status}


def feed_word(status: str, state: Derived | None) -> str:
    """The word SUMMARY starts with: «Просрочено», «Выполнено с нарушением срока», «В работе», …"""
    if state in NEWS:
        return DERIVED_LABELS[state].capitalize()
    known = _STATUSES.get(status)
    return STATUS_LABELS[known].capitalize() if known else status


def short_title(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= MAX_SUMMARY_TITLE else title[: MAX_SUMMARY_TITLE - 1] + "…"


@dataclass(frozen=True, eq=False)  # one per item and export: compared (and hashed) by identity
class ItemText:
    """An item's share of every description and UID of its events, made once."""

    head: str  # escaped: title, document and point, deadline as the document words it
    tail: str  # escaped: report form, responsible bodies
    title: str  # for SUMMARY
    sort_key: tuple[str, int]  # document, position
    uid_key: str  # the item's part of its events' UID key: document, kind, number, duplicate index

    def uid_line(self, body_code: str, occurrence: str) -> bytes:
        """The UID line of the item's event for a body ("*" for all) and an occurrence.

        Stable across exports and re-imports: natural keys only, never row ids. A
        hex digest and a domain name: nothing to escape or fold.
        """
        key = hashlib.sha256(f"{self.uid_key}{body_code}\x1f{occurrence}".encode()).hexdigest()[:32]
        return f"UID:{key}@{UID_DOMAIN}\r\n".encode()

    def lines(self, word: str, own: list[str]) -> bytes:
        """SUMMARY, DESCRIPTION (head, the event's own escaped lines, tail and the rest) and CATEGORIES."""
        return (text_line("SUMMARY", f"{word}: {self.title}") + escaped_line("DESCRIPTION", "\\n".join(own))
                + text_line("CATEGORIES", word))


def item_text(item: ItemInfo, doc: DocInfo | None) -> ItemText:
    where = doc.label if doc else "—"
    head = "\n".join((item.title, "", f"Документ: {where}" + (f", пункт {item.number}" if item.number else ""),
                      f"Срок по документу: {item.deadline or '—'}"))
    tail = f"Форма отчёта: {item.report_form or '—'}\nОтветственные: {item.responsible or '—'}"
    source = doc.source_name if doc else str(item.document_id)
    key = "\x1f".join((source, item.kind, item.number, str(item.dup_index), ""))
    return ItemText(escape_text(multiline(head)), escape_text(multiline(tail)), short_title(item.title),
                    (doc.source_name if doc else "", item.position), key)


@lru_cache(maxsize=1 << 15)
def _escaped(line: str) -> str:
    """One line of an event's own, cleaned and escaped (they repeat: dates, statuses, comments)."""
    return escape_text(multiline(line))


@lru_cache(maxsize=1 << 12)
def _fmt(day: date | None) -> str:
    """DD.MM.YYYY, remembered (a million events name a few thousand days)."""
    return fmt(day)


def window_text(window_start: date | None, due: date | None) -> str:
    if window_start is None or due is None or window_start >= due:
        return ""
    return f"Период выполнения: {_fmt(window_start)} – {_fmt(due)}"


@lru_cache(maxsize=1 << 12)
def _late_from(due: date) -> str:
    """The moment an assignment due on `due` became overdue, the next Tomsk midnight, as UTC text."""
    return utc_text(day_start_utc(due + timedelta(days=1)))


def assignment_component(row: AssignmentRow, text: ItemText, body_code: str, as_of: date) -> Component:
    """One assignment as the VEVENT/VTODO of its body's feeds."""
    status = _STATUSES.get(row.status)
    state = derive(status, row.due_on, row.completed_on, as_of) if status else None
    word = feed_word(row.status, state)
    overdue = state is Derived.OVERDUE
    stamp = row.updated_at
    if overdue and row.due_on is not None:
        stamp = max(stamp, _late_from(row.due_on))
    done_on = row.completed_on if row.status == Status.DONE else None
    return Component(
        uid=text.uid_line(body_code, row.occurrence), stamp=stamp,
        text=_assignment_text(text, word, row.due_on, row.original_due_on, row.window_start, done_on, row.comment),
        sequence=2 * (row.version - 1) + int(overdue), status=row.status, start=row.window_start, due=row.due_on,
        completed_on=row.completed_on)


@lru_cache(maxsize=1 << 14)
def _assignment_text(text: ItemText, word: str, due: date | None, original: date | None,
                     window_start: date | None, done_on: date | None, comment: str | None) -> bytes:
    """SUMMARY, DESCRIPTION and CATEGORIES of an assignment. Remembered: the schools that owe an item
    mostly say the same of it (same day, same state), and they come one after another."""
    moved = f" (перенесён с {_fmt(original)})" if original and due and original != due else ""
    lines = [text.head, _escaped(f"Срок: {_fmt(due) if due else 'не назначен'}{moved}")]
    if window := window_text(window_start, due):
        lines.append(_escaped(window))
    done = f" ({_fmt(done_on)})" if done_on else ""
    lines += [text.tail, _escaped(f"Статус: {word}{done}")]
    if comment:
        lines.append(_escaped(f"Последний комментарий: {comment}"))
    return text.lines(word, lines)


def occurrence_component(row: OccurrenceRow, text: ItemText) -> Component:
    """One dated item occurrence over every body that owes it, as the VEVENT of its document's feed."""
    day = date.fromisoformat(row.occurrence)
    total, done, cancelled, overdue = row.bodies, row.done, row.cancelled, row.overdue
    # The occurrence's state over its bodies: all cancelled, all settled, any late, or still planned.
    if cancelled == total:
        status, state, figures = Status.CANCELLED, Derived.CANCELLED, ""
    elif done + cancelled == total:
        status, state, figures = Status.DONE, Derived.DONE_ON_TIME, ""
    elif overdue:
        status, state, figures = Status.PLANNED, Derived.OVERDUE, f" ({overdue} из {total})"
    else:
        status, state, figures = Status.PLANNED, Derived.OPEN, f" (выполнено {done} из {total})"
    word = feed_word(status, state)
    label = word + (figures if total > 1 else "")
    stamp = row.updated_at
    if overdue:
        assert row.first_due is not None  # overdue rows always have a due date
        stamp = max(stamp, _late_from(row.first_due))
    lines = [text.head, _escaped(f"Срок: {fmt(day)}")]
    if row.last_due != day or row.first_due != day:
        lines.append(_escaped(f"Перенесено у части ответственных: сроки {fmt(row.first_due)} – "
                              f"{fmt(row.last_due)}"))
    if window := window_text(row.window_start, day):
        lines.append(_escaped(window))
    lines += [text.tail, _escaped(f"Статус: {label}; исполнителей {total}, выполнено {done}, "
                                  f"просрочено {overdue}, отменено {cancelled}")]
    return Component(
        uid=text.uid_line("*", row.occurrence), stamp=stamp, text=text.lines(word, lines),
        sequence=2 * (row.versions - total) + overdue, status=status, start=None, due=day, completed_on=None)

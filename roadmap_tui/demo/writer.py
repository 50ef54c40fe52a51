"""Bulk writes for the demo: chunked Core INSERTs and the history of a story.

A million rows go through `insert(table)` with lists of dicts, 50,000 at a
time: SQLAlchemy hands each chunk to the driver's executemany, which is as
fast as portable code gets on SQLite and PostgreSQL, and memory stays flat.
Ids are given explicitly where other rows must point at them (assignments
before their history), so PostgreSQL sequences are moved past them at the end.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, text, update

from roadmap_tui.demo.clock import at_work
from roadmap_tui.demo.stories import Story
from roadmap_tui.model.connection import as_date
from roadmap_tui.model.tables import Assignment, StatusChange

CHUNK = 50_000

ASSIGNMENT: Table = Assignment.__table__  # type: ignore[attr-defined]
STATUS_CHANGE: Table = StatusChange.__table__  # type: ignore[attr-defined]

Row = dict[str, Any]


def insert_rows(connection: Connection, table: Table, rows: Iterable[Row]) -> int:
    """Insert `rows` in chunks; return how many."""
    total = 0
    for chunk in chunked(rows, CHUNK):
        connection.execute(insert(table), chunk)
        total += len(chunk)
    return total


def chunked(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def history_rows(assignment_id: int, story: Story, rng: random.Random) -> list[Row]:
    """One StatusChange row per event, timestamps strictly increasing."""
    rows: list[Row] = []
    last: datetime | None = None
    for (day, by, old_status, new_status, old_due, new_due, old_completed, completed,
         report, ref, comment) in story.events:
        moment = at_work(day, rng)
        if last is not None and moment <= last:
            moment = last + timedelta(minutes=7)  # same day, entered a little later
        last = moment
        rows.append({
            "assignment_id": assignment_id, "batch": None, "old_status": old_status,
            "new_status": new_status, "old_due_on": old_due, "new_due_on": new_due,
            "old_completed_on": old_completed, "completed_on": completed,
            "report_received": report, "report_ref": ref, "undo_of": None,
            "changed_at": moment, "changed_by": by, "comment": comment,
        })
    return rows


def story_values(story: Story, history: list[Row]) -> Row:
    """The assignment's columns after its story (updated when the last change was)."""
    return {
        "status": story.status, "due_on": story.due_on, "completed_on": story.completed_on,
        "report_received": story.report_received, "report_ref": story.report_ref,
        "comment": story.comment, "version": 1 + len(story.events),
        "updated_at": history[-1]["changed_at"],
    }


_APPLY = (
    update(ASSIGNMENT)
    .where(ASSIGNMENT.c.id == bindparam("b_id"))
    .values(**{name: bindparam(f"b_{name}") for name in (
        "status", "due_on", "completed_on", "report_received", "report_ref", "comment",
        "version", "updated_at")})
)


def apply_stories(connection: Connection, rng: random.Random, today: date,
                  created_of: dict[int, date]) -> tuple[int, int]:
    """Tell a story for every existing assignment (in id order); return (changed, events).

    Used where assignments were made by the real importer (the city): the
    stories are written back with one executemany UPDATE per chunk.
    """
    from roadmap_tui.demo.stories import tell

    rows = connection.execute(text(
        "SELECT a.id, a.window_start, a.due_on, i.document_id FROM assignment a "
        "JOIN item i ON i.id = a.item_id ORDER BY a.id")).all()
    updates: list[Row] = []
    history: list[Row] = []
    for assignment_id, window_start, due_on, document_id in rows:
        story = tell(rng, as_date(window_start), as_date(due_on), today,
                     created_of[document_id])
        if story is None:
            continue
        entries = history_rows(assignment_id, story, rng)
        history.extend(entries)
        values = story_values(story, entries)
        updates.append({"b_id": assignment_id, **{f"b_{k}": v for k, v in values.items()}})
    for chunk in chunked(updates, CHUNK):
        connection.execute(_APPLY, chunk)
    insert_rows(connection, STATUS_CHANGE, history)
    return len(updates), len(history)




def sync_sequences(connection: Connection, tables: Iterable[str]) -> None:
    """PostgreSQL: move each table's id sequence past the ids we inserted ourselves."""
    if connection.dialect.name != "postgresql":
        return
    for name in tables:
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"))

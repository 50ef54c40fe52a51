"""What coordinators ask from the command line: overdue, due soon, items.

Every question is one or two indexed queries whose size is bounded by what is
shown (LIMIT), never a Python loop over all assignments; a list asked for in
full is streamed. The SQL is plain enough for SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from roadmap_tui.errors import NotFound
from roadmap_tui.model.connection import Reader, indexed_by
from roadmap_tui.model.statuses import OPEN_SQL


@dataclass(frozen=True)
class AssignmentRow:
    """One assignment as listed: enough to read it and act on it."""

    id: int
    version: int
    doc: str
    number: str
    title: str
    body_code: str
    body_name: str
    window_start: date | None
    due_on: date | None
    original_due_on: date | None
    status: str
    report_form: str | None
    deadline: str | None

    def days_overdue(self, as_of: date) -> int:
        return max(0, (as_of - self.due_on).days) if self.due_on else 0


# Assignment is the outer loop, read in due order from the open-due (or the
# body-due) index, so that a page stops after LIMIT rows. SQLite's planner
# otherwise flips with the data: at a million rows and LIMIT 200 it walked every
# body and sorted all past-due rows (~1 s instead of ~3 ms); without statistics
# it sorted them all from the status index. SQLite never reorders the tables of
# a CROSS JOIN and takes the index it is told; PostgreSQL reads CROSS JOIN as a
# plain inner join, gets no hint, and plans it on its own.
_SELECT = f"""
SELECT a.id AS id, a.version AS version, d.source_name AS doc, i.number AS number,
       i.title AS title, b.code AS body_code, b.short_name AS body_name,
       a.window_start AS window_start, a.due_on AS due_on, a.original_due_on AS original_due_on,
       a.status AS status, i.report_form AS report_form, i.deadline_raw AS deadline
FROM assignment a {{hint}}
CROSS JOIN item i
CROSS JOIN document d
CROSS JOIN body b
WHERE i.id = a.item_id AND d.id = i.document_id AND b.id = a.body_id
  AND a.status IN ({OPEN_SQL}) {{where}}
"""


def body_id(reader: Reader, code: str) -> int:
    """The id of a body by code (or by short name); NotFound in Russian."""
    found = reader.rows("SELECT id FROM body WHERE code = :c OR short_name = :c", {"c": code})
    if not found:
        raise NotFound(f"Неизвестный ответственный «{code}». Список: roadmap bodies")
    return int(found[0][0])


def _window(
    reader: Reader, where: str, params: dict[str, Any], order: str, limit: int | None
) -> tuple[Iterator[AssignmentRow], int]:
    index = "ix_assignment_body_due" if "body_id" in params else "ix_assignment_open_due"
    sql = _SELECT.format(where=where, hint=indexed_by(reader, index))
    # Every join is on a required foreign key, so counting assignments alone
    # gives the same number without reading items, documents and bodies.
    count = f"SELECT COUNT(*) FROM assignment a WHERE a.status IN ({OPEN_SQL}) {where}"
    total = reader.rows(count, params)[0][0]
    page = f" LIMIT {int(limit)}" if limit else ""
    # Streamed: a list asked for in full (`--limit 0`) never sits in memory whole.
    rows = reader.stream_records(AssignmentRow, f"{sql} ORDER BY {order}{page}", params)
    return rows, int(total)


def overdue(
    reader: Reader, as_of: date, *, body: str | None = None, limit: int | None = None
) -> tuple[Iterator[AssignmentRow], int]:
    """Open assignments due before `as_of` (the due day itself is not late), oldest first."""
    where = "AND a.due_on < :as_of"
    params: dict[str, Any] = {"as_of": as_of}
    if body:
        where += " AND a.body_id = :body_id"
        params["body_id"] = body_id(reader, body)
    return _window(reader, where, params, "a.due_on, d.source_name, i.position, b.code, a.id",
                   limit)


def due_within(
    reader: Reader, as_of: date, days: int, *, body: str | None = None, limit: int | None = None
) -> tuple[Iterator[AssignmentRow], int]:
    """Open assignments due from `as_of` through `as_of + days`."""
    where = "AND a.due_on >= :as_of AND a.due_on <= :until"
    params: dict[str, Any] = {"as_of": as_of, "until": as_of + timedelta(days=days)}
    if body:
        where += " AND a.body_id = :body_id"
        params["body_id"] = body_id(reader, body)
    return _window(reader, where, params, "a.due_on, d.source_name, i.position, b.code, a.id",
                   limit)


@dataclass(frozen=True)
class ItemRow:
    id: int
    doc: str
    kind: str
    number: str
    section: str | None
    title: str
    deadline: str | None
    schedule_kind: str
    explain: str
    form: str | None
    report_form: str | None
    note: str | None
    person: str | None
    responsible: list[str] = field(default_factory=list)


def items(reader: Reader, *, doc: str | None = None, body: str | None = None) -> list[ItemRow]:
    """Items in document order, with their responsible body codes."""
    where, params = [], {}
    if doc:
        found = reader.value(
            "SELECT id FROM document WHERE source_name = :d OR number = :d", {"d": doc}
        )
        if found is None:
            raise NotFound(f"Документ «{doc}» не найден. Список документов: roadmap items")
        where.append("i.document_id = :doc_id")
        params["doc_id"] = found
    if body:
        where.append("i.id IN (SELECT item_id FROM item_body WHERE body_id = :body_id)")
        params["body_id"] = body_id(reader, body)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    rows = reader.records(ItemRow, f"""
        SELECT i.id AS id, d.source_name AS doc, i.kind AS kind, i.number AS number,
               s.title AS section, i.title AS title, i.deadline_raw AS deadline,
               i.schedule_kind AS schedule_kind, i.schedule_explain AS explain, i.form AS form,
               i.report_form AS report_form, i.note AS note, i.person AS person
        FROM item i JOIN document d ON d.id = i.document_id
        LEFT JOIN section s ON s.id = i.section_id
        {clause} ORDER BY d.source_name, i.position""", params)
    codes: dict[int, list[str]] = defaultdict(list)
    for item_id, code in reader.rows(
        f"""SELECT ib.item_id, b.code FROM item_body ib JOIN body b ON b.id = ib.body_id
            JOIN item i ON i.id = ib.item_id {clause} ORDER BY ib.item_id, ib.position""",
        params,
    ):
        codes[item_id].append(code)
    return [replace(row, responsible=codes[row.id]) for row in rows]

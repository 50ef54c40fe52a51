"""The exporters' reads: typed rows over the read model, streamed so memory stays flat.

The connection is `model.connection`'s, opened read-only: on SQLite the
standard library's cursor streams rows as they are stepped; on other
databases `yield_per` (a server-side cursor) does the same. The SQL is
portable. Each row shape is a dataclass whose fields name the columns it is
read from (`columns`), dates come back as `date` whatever the driver (SQLite
hands back ISO text), and every derived state is the read model's
(`read.states.state_sql`), never retyped here. Bodies come from the one
listing (`read.bodies.list_bodies`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

from roadmap_tui.dates import fmt
from roadmap_tui.export.clean import multiline, multiline_or_none, one_line, one_line_or_none
from roadmap_tui.export.ical_build import utc_text
from roadmap_tui.model.connection import Reader as Source
from roadmap_tui.model.connection import as_date, open_reader
from roadmap_tui.model.connection import as_utc as column_utc
from roadmap_tui.model.kinds import BodyKind, kind_rank
from roadmap_tui.read.bodies import BodyRow, list_bodies
from roadmap_tui.read.states import Derived, state_sql

__all__ = ["BodyRow", "Source", "as_date", "open_source"]


@contextmanager
def open_source(url: str, *, page_cache_kib: int | None = None) -> Iterator[Source]:
    """A read-only, streaming reader (exports never write); on SQLite, with a page cache this large if given."""
    with open_reader(url, read_only=True) as reader:
        if page_cache_kib is not None and getattr(reader, "dialect", "") == "sqlite":
            reader.rows(f"PRAGMA cache_size = -{int(page_cache_kib)}")
        yield reader


def as_utc(value: Any) -> datetime:
    """A timestamp column as aware UTC, to the second (what iCalendar can say)."""
    return column_utc(value).replace(microsecond=0)


def utc_stamp(value: Any) -> str:
    """A timestamp column as iCalendar writes it in UTC, to the second: 20240311T040000Z.

    The same as `utc_text(as_utc(value))`; SQLite's naive UTC text is cut
    straight into shape, since a million rows make the parsing a cost of its own.
    """
    if isinstance(value, str) and len(value) in (19, 26) and value[10] == " " and value[19:20] in ("", "."):
        return f"{value[0:4]}{value[5:7]}{value[8:10]}T{value[11:13]}{value[14:16]}{value[17:19]}Z"
    return utc_text(as_utc(value))


#: The occurrence of an undated assignment (`model.tables.UNDATED`; that module brings SQLModel).
UNDATED = "-"
_DAYS: dict[Any, date | None] = {None: None}


def day(value: Any) -> date | None:
    """`as_date`, remembered: a region has a few thousand distinct days and a million rows naming them."""
    try:
        return _DAYS[value]
    except KeyError:
        found = _DAYS[value] = as_date(value)
        return found


def columns(shape: type, alias: str = "a") -> str:
    """The SELECT list of a row shape: each field read from the column of the same name."""
    return ", ".join(f"{alias}.{f.name}" for f in fields(shape))


def bodies(src: Source) -> dict[int, BodyRow]:
    """Every body of the registry's listing by id, its names on one line (a name typed with Alt+Enter)."""
    return {b.id: replace(b, code=one_line(b.code), short_name=one_line(b.short_name),
                          full_name=one_line(b.full_name), kind=b.kind or BodyKind.OTHER,
                          email=one_line_or_none(b.email))
            for b in sorted(list_bodies(src), key=lambda b: b.id)}


def by_kind_and_code(bodies: dict[int, BodyRow]) -> list[int]:
    """Body ids as the catalogue and the digests list them: by kind (`BodyKind.rank`), then code."""
    return sorted(bodies, key=lambda b: (kind_rank(bodies[b].kind), bodies[b].code))


@dataclass(frozen=True)
class DocInfo:
    id: int
    source_name: str
    number: str | None
    title: str | None
    doc_date: date | None
    kind: str | None

    @property
    def label(self) -> str:
        if self.number:
            dated = f" от {fmt(self.doc_date)}" if self.doc_date else ""
            return f"{self.kind or 'Документ'} № {self.number}{dated}"
        return self.title or self.source_name


@dataclass(frozen=True)
class ItemInfo:
    id: int
    document_id: int
    kind: str
    number: str
    dup_index: int
    title: str
    deadline: str | None
    report_form: str | None
    position: int
    responsible: str  # the bodies' labels, in the document's order
    person: str | None = None  # the responsible person the document names, if it does


def documents(src: Source) -> dict[int, DocInfo]:
    sql = f"SELECT {columns(DocInfo, 'd')} FROM document d ORDER BY d.id"
    return {r[0]: DocInfo(r[0], one_line(r[1]), one_line_or_none(r[2]), one_line_or_none(r[3]), as_date(r[4]),
                          one_line_or_none(r[5])) for r in src.rows(sql)}


_ITEM_SQL = ("SELECT i.id, i.document_id, i.kind, i.number, i.dup_index, i.title, i.deadline_raw, i.report_form,"
             " i.position, i.person FROM item i")


def items(src: Source, body_names: dict[int, BodyRow], *, ids: Collection[int] | None = None,
          documents: Collection[int] | None = None) -> dict[int, ItemInfo]:
    """Items (all, or those with the given ids, or of the given documents) with their bodies' labels."""
    where = ""
    if ids is not None:
        where = f"WHERE i.id IN ({id_list(sorted(ids))})"
    elif documents is not None:
        where = f"WHERE i.document_id IN ({id_list(sorted(documents))})"
    names: dict[int, list[str]] = {}
    for item_id, body_id in src.stream(
        f"SELECT ib.item_id, ib.body_id FROM item_body ib WHERE ib.item_id IN (SELECT i.id FROM item i {where})"
        " ORDER BY ib.item_id, ib.position, ib.body_id"
    ):
        body = body_names.get(body_id)
        names.setdefault(item_id, []).append(body.label if body else str(body_id))
    out = {}
    for item_id, document_id, kind, number, dup, title, deadline, report, position, person in src.stream(
        f"{_ITEM_SQL} {where}"
    ):
        out[item_id] = ItemInfo(item_id, document_id, kind or "", one_line(number), int(dup or 0), multiline(title),
                                multiline_or_none(deadline), multiline_or_none(report), int(position or 0),
                                ", ".join(names.get(item_id, [])), one_line_or_none(person))
    return out


def global_signature(src: Source) -> list[Any]:
    """What every feed depends on besides its own assignments: documents, bodies, item text."""
    digest = hashlib.sha256()
    for sql in (
        "SELECT id, source_name, number, title, doc_date, kind, content_sha256, imported_at"
        " FROM document ORDER BY id",
        "SELECT id, code, short_name, full_name, kind FROM body ORDER BY id",
        # An item correction changes neither the count nor the largest id: its
        # version and stamp move, and the bodies' set moves their sums.
        "SELECT COUNT(*), MAX(id), SUM(version), MAX(updated_at) FROM item",
        "SELECT COUNT(*), SUM(body_id * (position + 1)), SUM(item_id * body_id) FROM item_body",
    ):
        for row in src.stream(sql):
            digest.update(repr(tuple(str(v) for v in row)).encode())
    return [digest.hexdigest()]


_OVERDUE = state_sql(Derived.OVERDUE)
_FINGERPRINT = f"""
SELECT {{key}}, COUNT(*), SUM(a.version), MAX(a.updated_at), MAX(a.id),
       SUM(CASE WHEN {_OVERDUE} THEN 1 ELSE 0 END)
FROM assignment a {{join}}
{{where}}
GROUP BY {{key}}
"""


def id_list(values: Collection[int]) -> str:
    """Ids for an SQL `IN (…)`, as integers (never text from outside)."""
    return ", ".join(str(int(v)) for v in values) or "NULL"


def body_fingerprints(src: Source, as_of: date, body_ids: Sequence[int] | None = None) -> dict[int, list[str]]:
    """Per body (all, or those given): what changes whenever any of its feed's events would change."""
    # Grouped from a plain scan, not the (body_id, due_on) index: the index would read the table row by row.
    where = f"WHERE a.body_id IN ({id_list(body_ids)})" if body_ids is not None else ""
    key = "a.body_id" if body_ids is not None else "+a.body_id"
    sql = _FINGERPRINT.format(key=key, join="", where=where)
    return {int(r[0]): [str(v) for v in r[1:]] for r in src.stream(sql, {"today": as_of})}


def document_fingerprints(src: Source, as_of: date, doc_ids: Sequence[int] | None = None) -> dict[int, list[str]]:
    where = f"WHERE i.document_id IN ({id_list(doc_ids)})" if doc_ids is not None else ""
    sql = _FINGERPRINT.format(key="i.document_id", join="JOIN item i ON i.id = a.item_id", where=where)
    return {int(r[0]): [str(v) for v in r[1:]] for r in src.stream(sql, {"today": as_of})}


@dataclass(frozen=True)
class Totals:
    """The whole assignment table in three numbers: a tracked change moves `versions` by one."""

    count: int
    versions: int
    last_id: int

    def as_list(self) -> list[int]:
        return [self.count, self.versions, self.last_id]


def totals(src: Source) -> Totals:
    count, versions, last_id = src.rows("SELECT COUNT(*), SUM(version), MAX(id) FROM assignment")[0]
    return Totals(int(count or 0), int(versions or 0), int(last_id or 0))


def change_mark(src: Source) -> int:
    """The newest entry of the status history (every tracked change of an assignment writes one)."""
    return int(src.rows("SELECT MAX(id) FROM status_change")[0][0] or 0)


@dataclass
class Touched:
    """Where assignments changed: bodies, documents, and each document's dated (item, occurrence) pairs."""

    changes: int = 0  # how many tracked changes that was
    bodies: set[int] = field(default_factory=set)
    occurrences: dict[int, set[tuple[int, str]]] = field(default_factory=dict)  # document -> pairs

    def add(self, body_id: int, document_id: int, item_id: int, occurrence: str) -> None:
        self.bodies.add(int(body_id))
        self.occurrences.setdefault(int(document_id), set()).add((int(item_id), occurrence))


_TOUCHED = ("SELECT a.body_id, i.document_id, a.item_id, a.occurrence{count}"
            " FROM {source} JOIN item i ON i.id = a.item_id WHERE {where}")


def touched_since(src: Source, mark: int) -> Touched:
    """What the status history says changed after entry `mark` (read over its primary key)."""
    found = Touched()
    sql = _TOUCHED.format(count=", COUNT(*)", source="status_change s JOIN assignment a ON a.id = s.assignment_id",
                          where="s.id > :mark") + " GROUP BY a.body_id, i.document_id, a.item_id, a.occurrence"
    for body_id, document_id, item_id, occurrence, count in src.stream(sql, {"mark": mark}):
        found.add(body_id, document_id, item_id, occurrence)
        found.changes += int(count)
    return found


def touched_between(src: Source, first: date, last: date, into: Touched) -> None:
    """Add the open assignments due in [first, last): their overdue state differs between an export
    as of `first` and one as of `last` (read over the open-by-due index)."""
    sql = _TOUCHED.format(count="", source="assignment a",
                          where=f"{state_sql(Derived.OVERDUE)} AND a.due_on >= :first")
    for body_id, document_id, item_id, occurrence in src.stream(sql, {"today": last, "first": first}):
        into.add(body_id, document_id, item_id, occurrence)


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs twice as much, a million times
class AssignmentRow:
    """One assignment as a feed shows it."""

    body_id: int
    id: int
    item_id: int
    occurrence: str
    window_start: date | None
    original_due_on: date | None
    due_on: date | None
    status: str
    completed_on: date | None
    comment: str | None
    version: int
    updated_at: str  # as iCalendar's UTC text (`utc_stamp`)

    @classmethod
    def read(cls, row: Sequence[Any]) -> AssignmentRow:
        (body_id, id_, item_id, occurrence, window_start, original, due, status, completed, comment, version,
         updated) = row
        return cls(body_id, id_, item_id, occurrence, day(window_start), day(original), day(due), status,
                   day(completed), comment, int(version), utc_stamp(updated))


def assignments_by_body(src: Source, body_ids: Sequence[int] | None) -> Iterator[AssignmentRow]:
    """Every assignment (of the given bodies), grouped by body via the (body_id, due_on) index."""
    where = f"WHERE a.body_id IN ({id_list(body_ids)})" if body_ids is not None else ""
    rows = src.stream(f"SELECT {columns(AssignmentRow)} FROM assignment a {where} ORDER BY a.body_id")
    return map(AssignmentRow.read, rows)


@dataclass(frozen=True, slots=True)
class OccurrenceRow:
    """One dated (item, occurrence) over every body that owes it, as a document feed shows it."""

    item_id: int
    occurrence: str
    window_start: date | None
    first_due: date | None  # earliest and latest due day (some bodies may have had theirs moved)
    last_due: date | None
    bodies: int
    done: int
    cancelled: int
    overdue: int
    updated_at: str  # the last change, as iCalendar's UTC text (`utc_stamp`)
    versions: int

    @classmethod
    def read(cls, row: Sequence[Any]) -> OccurrenceRow:
        item_id, occurrence, window, first, last, total, done, cancelled, overdue, updated, versions = row
        return cls(int(item_id), occurrence, day(window), day(first), day(last), int(total), int(done),
                   int(cancelled), int(overdue), utc_stamp(updated), int(versions))


_OCCURRENCE_SQL = f"""
SELECT a.item_id AS item_id, a.occurrence AS occurrence, MIN(a.window_start) AS window_start,
       MIN(a.due_on) AS first_due, MAX(a.due_on) AS last_due, COUNT(*) AS bodies,
       SUM(CASE WHEN {state_sql('status:done')} THEN 1 ELSE 0 END) AS done,
       SUM(CASE WHEN {state_sql(Derived.CANCELLED)} THEN 1 ELSE 0 END) AS cancelled,
       SUM(CASE WHEN {_OVERDUE} THEN 1 ELSE 0 END) AS overdue,
       MAX(a.updated_at) AS updated_at, SUM(a.version) AS versions
FROM assignment a
WHERE a.occurrence <> '{UNDATED}' {{where}}
GROUP BY a.item_id, a.occurrence"""


def occurrences(src: Source, as_of: date, document_ids: Sequence[int] | None,
                item_ids: Collection[int] | None = None) -> Iterator[OccurrenceRow]:
    """Per dated (item, occurrence) of the given documents (or items, or all): how many bodies owe it, have
    done, cancelled, are late; the last change."""
    where = ""
    if item_ids is not None:
        where = f"AND a.item_id IN ({id_list(sorted(item_ids))})"
    elif document_ids is not None:
        where = f"AND a.item_id IN (SELECT id FROM item WHERE document_id IN ({id_list(document_ids)}))"
    return map(OccurrenceRow.read, src.stream(_OCCURRENCE_SQL.format(where=where), {"today": as_of}))

"""Set-based reads for the exporters, streamed so memory stays flat.

The connection is `model.connection`'s, opened read-only: on SQLite the
standard library's cursor streams rows as they are stepped; on other
databases `yield_per` (a server-side cursor) does the same. The SQL is portable; dates come back as `date`
whatever the driver (SQLite hands back ISO text).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from roadmap_tui.export.clean import multiline, multiline_or_none, one_line, one_line_or_none
from roadmap_tui.model.connection import Reader as Source
from roadmap_tui.model.connection import as_date, open_reader
from roadmap_tui.model.connection import as_utc as column_utc
from roadmap_tui.model.statuses import OPEN_SQL

__all__ = ["Source", "as_date", "open_source"]



def open_source(url: str) -> AbstractContextManager[Source]:
    """A read-only, streaming reader: exports never write."""
    return open_reader(url, read_only=True)


def as_utc(value: Any) -> datetime:
    """A timestamp column as aware UTC, to the second (what iCalendar can say)."""
    return column_utc(value).replace(microsecond=0)


@dataclass(frozen=True)
class BodyInfo:
    id: int
    code: str
    short_name: str
    full_name: str
    kind: str
    email: str | None

    @property
    def label(self) -> str:
        return self.short_name or self.code


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
        from roadmap_tui.dates import fmt

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
    responsible: str
    person: str | None = None  # the responsible person the document names, if it does


def bodies(src: Source) -> dict[int, BodyInfo]:
    rows = src.rows("SELECT id, code, short_name, full_name, kind, email FROM body ORDER BY id")
    return {r[0]: BodyInfo(r[0], one_line(r[1]), one_line(r[2]), one_line(r[3]), r[4] or "other",
                           one_line_or_none(r[5])) for r in rows}


def documents(src: Source) -> dict[int, DocInfo]:
    rows = src.rows("SELECT id, source_name, number, title, doc_date, kind FROM document ORDER BY id")
    return {r[0]: DocInfo(r[0], one_line(r[1]), one_line_or_none(r[2]), one_line_or_none(r[3]), as_date(r[4]),
                          one_line_or_none(r[5])) for r in rows}


def items(src: Source, body_names: dict[int, BodyInfo]) -> dict[int, ItemInfo]:
    names: dict[int, list[str]] = {}
    for item_id, body_id in src.stream(
        "SELECT item_id, body_id FROM item_body ORDER BY item_id, position, body_id"
    ):
        body = body_names.get(body_id)
        names.setdefault(item_id, []).append(body.label if body else str(body_id))
    out = {}
    for r in src.stream(
        "SELECT id, document_id, kind, number, dup_index, title, deadline_raw, report_form, position, person"
        " FROM item"
    ):
        out[r[0]] = ItemInfo(r[0], r[1], r[2] or "", one_line(r[3]), int(r[4] or 0), multiline(r[5]),
                             multiline_or_none(r[6]), multiline_or_none(r[7]), int(r[8] or 0),
                             ", ".join(names.get(r[0], [])), one_line_or_none(r[9]))
    return out


def global_signature(src: Source) -> list[Any]:
    """What every feed depends on besides its own assignments: documents, bodies, item text."""
    import hashlib

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


_FINGERPRINT = f"""
SELECT {{key}}, COUNT(*), SUM(a.version), MAX(a.updated_at), MAX(a.id),
       SUM(CASE WHEN a.status IN ({OPEN_SQL}) AND a.due_on < :as_of THEN 1 ELSE 0 END)
FROM assignment a {{join}}
GROUP BY {{key}}
"""


def body_fingerprints(src: Source, as_of: date) -> dict[int, list[str]]:
    """Per body: what changes whenever any of its feed's events would change."""
    sql = _FINGERPRINT.format(key="a.body_id", join="")
    return {r[0]: [str(v) for v in r[1:]] for r in src.stream(sql, {"as_of": as_of})}


def document_fingerprints(src: Source, as_of: date) -> dict[int, list[str]]:
    sql = _FINGERPRINT.format(key="i.document_id", join="JOIN item i ON i.id = a.item_id")
    return {r[0]: [str(v) for v in r[1:]] for r in src.stream(sql, {"as_of": as_of})}


ASSIGNMENT_COLUMNS = (
    "a.body_id, a.id, a.item_id, a.occurrence, a.window_start, a.original_due_on, a.due_on,"
    " a.status, a.completed_on, a.comment, a.version, a.updated_at"
)


def assignments_by_body(src: Source, body_ids: Sequence[int] | None) -> Iterator[Sequence[Any]]:
    """Every assignment (of the given bodies), grouped by body via the (body_id, due_on) index."""
    where = ""
    if body_ids is not None:
        where = f"WHERE a.body_id IN ({', '.join(str(int(b)) for b in body_ids) or 'NULL'})"
    return src.stream(f"SELECT {ASSIGNMENT_COLUMNS} FROM assignment a {where} ORDER BY a.body_id")


def occurrence_aggregates(
    src: Source, as_of: date, document_ids: Sequence[int] | None
) -> Iterator[Sequence[Any]]:
    """Per dated (item, occurrence): counts of done/cancelled/overdue, the last change."""
    where = ""
    if document_ids is not None:
        ids = ", ".join(str(int(d)) for d in document_ids) or "NULL"
        where = f"AND a.item_id IN (SELECT id FROM item WHERE document_id IN ({ids}))"
    sql = f"""
    SELECT a.item_id, a.occurrence, MIN(a.window_start), MIN(a.due_on), MAX(a.due_on), COUNT(*),
           SUM(CASE WHEN a.status = 'done' THEN 1 ELSE 0 END),
           SUM(CASE WHEN a.status = 'cancelled' THEN 1 ELSE 0 END),
           SUM(CASE WHEN a.status IN ({OPEN_SQL}) AND a.due_on < :as_of THEN 1 ELSE 0 END),
           MAX(a.updated_at), SUM(a.version)
    FROM assignment a
    WHERE a.occurrence <> '-' {where}
    GROUP BY a.item_id, a.occurrence"""
    return src.stream(sql, {"as_of": as_of})

"""Read queries for the TUI: plain dataclasses out, set-based SQL in.

Headless (no Textual import). Every list is paged with keyset cursors and
a LIMIT, every count is one GROUP BY; nothing loads all assignments. Filters
are written against `assignment` columns and indexed sub-selects, so the same
WHERE clause serves the page query (with joins for display) and the count
(without them). Title search runs over items, which are few, never over
assignments, and is case-insensitive for Cyrillic (SQLite's LIKE is not).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from roadmap_tui.model.connection import Database, as_date
from roadmap_tui.model.statuses import STATUS_LABELS, Status
from roadmap_tui.read.states import DERIVED_LABELS, SOON_DAYS, STATE_SQL, Derived, derive

PAGE_SIZE = 100
FAR = date(9999, 12, 31)

#: The overview's columns: (state, heading). Every state once, so a row's columns
#: add up to its «Всего» (work still planned and cancelled work included).
OVERVIEW_STATES: tuple[tuple[Derived, str], ...] = (
    (Derived.OVERDUE, "Просрочено"),
    (Derived.DUE_SOON, "14 дней"),
    (Derived.UNDATED, "Без даты"),
    (Derived.OPEN, "В плане"),
    (Derived.DONE_ON_TIME, "В срок"),
    (Derived.DONE_LATE, "С наруш."),
    (Derived.CANCELLED, "Отменено"),
)


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that reads numbers as numbers: «СОШ № 2» before «СОШ № 19»."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.casefold())
                 for part in re.split(r"(\d+)", text) if part)


@dataclass(frozen=True)
class Choice:
    """A value picked in a filter: its key and what the coordinator reads."""

    id: int | str
    label: str
    kind: str = ""


STATE_CHOICES: tuple[Choice, ...] = (
    *(Choice(d.value, DERIVED_LABELS[d]) for d in Derived),
    *(Choice(f"status:{s.value}", f"статус «{STATUS_LABELS[s]}»") for s in Status),
)


@dataclass(frozen=True)
class Filters:
    """The list's filters; they combine (AND)."""

    document: Choice | None = None
    section: Choice | None = None
    body: Choice | None = None
    state: Choice | None = None
    item: Choice | None = None
    overdue_only: bool = False
    this_week: bool = False
    text: str = ""
    municipality: str | None = None  # of the item's document

    def active(self) -> list[tuple[str, str]]:
        """(name, value) of every filter in force, for the always-visible bar."""
        found = [
            (name, choice.label)
            for name, choice in (
                ("Документ", self.document), ("Раздел", self.section),
                ("Ответственный", self.body), ("Состояние", self.state),
                ("Мероприятие", self.item),
            )
            if choice is not None
        ]
        if self.municipality:
            found.append(("Муниципалитет", self.municipality))
        if self.overdue_only:
            found.append(("Только", "просроченные"))
        if self.this_week:
            found.append(("Срок", "на этой неделе"))
        if self.text.strip():
            found.append(("Поиск", f"«{self.text.strip()}»"))
        return found


@dataclass(frozen=True)
class Row:
    """One assignment as the list shows it."""

    id: int
    version: int
    item_id: int
    doc: str
    number: str
    title: str
    body: str
    window_start: date | None
    due_on: date | None
    status: Status
    completed_on: date | None
    derived: Derived
    days_overdue: int


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    cursor: tuple[int, tuple[Any, ...] | None] | None  # None: nothing more


# A sort is a list of segments (condition, key expressions); keyset paging walks them in
# order. "Срок" puts undated rows last without defeating the due_on index.
SORTS: dict[str, tuple[str, list[tuple[str, list[str]]]]] = {
    "due": ("сроку", [("a.due_on IS NOT NULL", ["a.due_on", "a.id"]),
                      ("a.due_on IS NULL", ["a.id"])]),
    "number": ("номеру", [("1=1", ["d.source_name", "i.position", "b.short_name",
                                    "COALESCE(a.due_on, :far)", "a.id"])]),
    "body": ("ответственному", [("1=1", ["b.short_name", "COALESCE(a.due_on, :far)", "a.id"])]),
    "title": ("названию", [("1=1", ["i.title", "a.id"])]),
    "status": ("статусу", [("1=1", ["a.status", "COALESCE(a.due_on, :far)", "a.id"])]),
}

_COLUMNS = """a.id, a.version, a.item_id, d.source_name, i.number, i.title, b.short_name,
       a.window_start, a.due_on, a.status, a.completed_on"""
_JOINS = """FROM assignment a JOIN item i ON i.id = a.item_id
JOIN document d ON d.id = i.document_id JOIN body b ON b.id = a.body_id"""


def week_of(day: date) -> tuple[date, date]:
    """Monday..Sunday of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


class Data:
    """Every read the TUI makes, against one database URL, as of one day."""

    def __init__(self, database: Database, today: date) -> None:
        self.database = database
        self.db_url = database.url
        self.today = today
        self._titles: list[tuple[int, str]] | None = None

    def _rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        with self.database.read() as reader:
            return reader.rows(sql, params)

    # -- filters ----------------------------------------------------------------------------
    def matching_items(self, text: str) -> list[int]:
        """Items whose number or title holds every word of `text` (any case)."""
        if self._titles is None:
            self._titles = [
                (int(r[0]), f"{r[1]} {r[2]}".casefold().replace("ё", "е"))
                for r in self._rows("SELECT id, number, title FROM item")
            ]
        words = text.casefold().replace("ё", "е").split()
        return [item_id for item_id, hay in self._titles if all(w in hay for w in words)]

    def where(self, f: Filters) -> tuple[str, dict[str, Any]]:
        """The WHERE clause (on `assignment a` only) and its parameters."""
        parts: list[str] = []
        params: dict[str, Any] = {
            "today": self.today, "soon": self.today + timedelta(days=SOON_DAYS), "far": FAR,
        }
        if f.document is not None:
            parts.append("a.item_id IN (SELECT id FROM item WHERE document_id = :doc)")
            params["doc"] = f.document.id
        if f.section is not None:
            parts.append("a.item_id IN (SELECT id FROM item WHERE section_id = :sec)")
            params["sec"] = f.section.id
        if f.municipality:
            parts.append("a.item_id IN (SELECT i.id FROM item i JOIN document d"
                         " ON d.id = i.document_id WHERE d.municipality = :mun)")
            params["mun"] = f.municipality
        if f.item is not None:
            parts.append("a.item_id = :item")
            params["item"] = f.item.id
        if f.body is not None:
            column = "a.via_group_id" if f.body.kind == "group" else "a.body_id"
            parts.append(f"{column} = :body")
            params["body"] = f.body.id
        if f.state is not None:
            parts.append(STATE_SQL[str(f.state.id)])
        if f.overdue_only:
            parts.append(STATE_SQL[Derived.OVERDUE])
        if f.this_week:
            params["mon"], params["sun"] = week_of(self.today)
            parts.append("a.due_on >= :mon AND a.due_on <= :sun")
        if f.text.strip():
            ids = self.matching_items(f.text)
            parts.append(f"a.item_id IN ({', '.join(map(str, ids))})" if ids else "1=0")
        return (" AND ".join(parts) or "1=1"), params

    # -- the list ---------------------------------------------------------------------------
    def page(
        self,
        f: Filters,
        sort: str = "due",
        cursor: tuple[int, tuple[Any, ...] | None] | None = None,
        limit: int = PAGE_SIZE,
        descending: bool = False,
    ) -> Page:
        """The next `limit` rows after `cursor` (keyset paging: no OFFSET scans).

        `descending` reverses the order within each segment (every key at once, so one
        row-value comparison still finds the next page); undated rows stay last.
        """
        base, params = self.where(f)
        segments = SORTS[sort][1]
        after, direction = ("<", " DESC") if descending else (">", "")
        segment, last = cursor or (0, None)
        found: list[Sequence[Any]] = []
        with self.database.read() as reader:
            while segment < len(segments) and len(found) < limit:
                condition, keys = segments[segment]
                clause = f"{base} AND {condition}"
                local = dict(params)
                if last is not None:
                    names = [f":k{n}" for n in range(len(keys))]
                    clause += f" AND ({', '.join(keys)}) {after} ({', '.join(names)})"
                    local.update({f"k{n}": value for n, value in enumerate(last)})
                wanted = limit - len(found)
                order = ", ".join(key + direction for key in keys)
                got = reader.rows(
                    f"SELECT {_COLUMNS}, {', '.join(keys)} {_JOINS} WHERE {clause} "
                    f"ORDER BY {order} LIMIT {int(wanted)}",
                    local,
                )
                found.extend(got)
                if len(got) < wanted:
                    segment, last = segment + 1, None
                else:
                    last = tuple(got[-1][11:])
        more = (segment, last) if segment < len(segments) else None
        return Page([self._row(r) for r in found], more)

    def one(self, assignment_id: int) -> Row | None:
        """One assignment as the list shows it, as it is now (None if it is gone)."""
        found = self._rows(f"SELECT {_COLUMNS} {_JOINS} WHERE a.id = :id", {"id": assignment_id})
        return self._row(found[0]) if found else None

    def count(self, f: Filters) -> int:
        base, params = self.where(f)
        return int(self._rows(f"SELECT COUNT(*) FROM assignment a WHERE {base}", params)[0][0])

    def _row(self, r: Sequence[Any]) -> Row:
        status = Status(r[9])
        due, done = as_date(r[8]), as_date(r[10])
        derived = derive(status, due, done, self.today, SOON_DAYS)
        late = (self.today - due).days if due and derived is Derived.OVERDUE else 0
        return Row(int(r[0]), int(r[1]), int(r[2]), r[3], r[4], r[5], r[6], as_date(r[7]), due,
                   status, done, derived, late)

    # -- pickers ----------------------------------------------------------------------------
    def documents(self) -> list[Choice]:
        rows = self._rows("SELECT id, source_name, number, title FROM document ORDER BY source_name")
        return [Choice(int(r[0]), _doc_label(r[1], r[2], r[3])) for r in rows]

    def sections(self, document_id: int | None) -> list[Choice]:
        where = "WHERE s.document_id = :doc" if document_id is not None else ""
        rows = self._rows(
            f"""SELECT s.id, s.number, s.title, d.source_name FROM section s
                JOIN document d ON d.id = s.document_id {where}
                ORDER BY d.source_name, s.position""",
            {"doc": document_id},
        )
        return [Choice(int(r[0]), f"{r[1]} {r[2]}".strip()[:90]) for r in rows]

    def bodies(self) -> list[Choice]:
        rows = self._rows(
            """SELECT id, short_name, code, kind, CASE kind WHEN 'department' THEN 0
                      WHEN 'centre' THEN 1 WHEN 'group' THEN 2 WHEN 'school' THEN 4 ELSE 3 END
               FROM body"""
        )
        rows.sort(key=lambda r: (r[4], natural_key(r[1] or r[2])))
        return [Choice(int(r[0]), r[1] or r[2], r[3]) for r in rows]


def _doc_label(source: str, number: str | None, title: str | None) -> str:
    head = f"№ {number}" if number else source
    return f"{head} — {title}"[:100] if title else head


@dataclass(frozen=True)
class Counts:
    """One overview row: a body, or a document/section."""

    key: tuple[int | None, int | None]  # (body_id, None) or (document_id, section_id)
    label: str
    values: dict[str, int] = field(default_factory=dict)
    total: int = 0
    kind: str = ""  # the body's kind, "placeholder", "document" or "section"
    municipality: str | None = None  # placeholder rows: of the documents counted

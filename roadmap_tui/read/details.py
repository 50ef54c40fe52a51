"""One assignment in full, the roll-up of items, the matrix of items × schools.

Each is bounded by what one screen shows: one assignment with its history,
one page of items, one section's items for the schools.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from roadmap_tui.errors import NotFound
from roadmap_tui.model.kinds import BodyKind
from roadmap_tui.model.statuses import Status
from roadmap_tui.read.history import Change, status_history
from roadmap_tui.read.states import STATE_SQL, Derived, derive
from roadmap_tui.read.view import Filters, View


@dataclass(frozen=True)
class Details:
    """Everything about one assignment: the item, how its deadline was read, its history."""

    id: int
    version: int
    item_id: int
    source_name: str
    doc_number: str | None
    doc_title: str | None
    section_number: str | None
    section_title: str | None
    number: str
    title: str
    body_full: str | None
    body_short: str
    deadline_raw: str | None
    schedule_kind: str
    explain: str
    report_form: str | None
    form: str | None
    note: str | None
    person: str | None
    window_start: date | None
    due_on: date | None
    original_due_on: date | None
    status: Status
    completed_on: date | None
    report_received: bool
    report_ref: str | None
    comment: str | None
    derived: Derived = Derived.OPEN
    dues: list[tuple[date | None, date | None]] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)

    @property
    def document(self) -> str:
        if self.doc_number and self.doc_title:
            return f"№ {self.doc_number} — {self.doc_title}"
        return self.source_name

    @property
    def section(self) -> str | None:
        return f"{self.section_number or ''} {self.section_title or ''}".strip() or None

    @property
    def body(self) -> str:
        return self.body_full or self.body_short


@dataclass(frozen=True)
class Due:
    window_start: date | None
    due_on: date | None


def details(view: View, assignment_id: int) -> Details:
    """Everything about one assignment as of the view's day (NotFound if it is gone)."""
    with view.database.read() as reader:
        found = reader.record(Details, """
            SELECT a.id AS id, a.version AS version, a.item_id AS item_id,
                   d.source_name AS source_name, d.number AS doc_number, d.title AS doc_title,
                   s.number AS section_number, s.title AS section_title, i.number AS number,
                   i.title AS title, b.full_name AS body_full, b.short_name AS body_short,
                   i.deadline_raw AS deadline_raw, i.schedule_kind AS schedule_kind,
                   i.schedule_explain AS explain, i.report_form AS report_form, i.form AS form,
                   i.note AS note, i.person AS person, a.window_start AS window_start,
                   a.due_on AS due_on, a.original_due_on AS original_due_on, a.status AS status,
                   a.completed_on AS completed_on, a.report_received AS report_received,
                   a.report_ref AS report_ref, a.comment AS comment
            FROM assignment a JOIN item i ON i.id = a.item_id
            JOIN document d ON d.id = i.document_id JOIN body b ON b.id = a.body_id
            LEFT JOIN section s ON s.id = i.section_id WHERE a.id = :id""", {"id": assignment_id})
        if found is None:
            raise NotFound(f"Назначение №{assignment_id} не найдено.")
        dues = reader.records(Due, "SELECT window_start, due_on FROM item_due WHERE item_id = :i"
                                   " ORDER BY due_on", {"i": found.item_id})
        history = status_history(reader, assignment_id)
    derived = derive(found.status, found.due_on, found.completed_on, view.today)
    return replace(found, derived=derived, dues=[(d.window_start, d.due_on) for d in dues],
                   history=history)


@dataclass(frozen=True)
class RollupRow:
    """An item's due date across all its bodies: "выполнено 45 из 57"."""

    item_id: int
    doc: str
    number: str
    title: str
    due_on: date | None
    total: int
    done: int
    overdue: int


def rollup(view: View, f: Filters, offset: int = 0, limit: int = 100) -> list[RollupRow]:
    """Items (by occurrence) of the filtered assignments, with done/overdue counts."""
    base, params = view.where(f)
    return view.records(RollupRow, f"""
        SELECT x.item_id AS item_id, d.source_name AS doc, i.number AS number, i.title AS title,
               x.due AS due_on, x.total AS total, x.done AS done, x.late AS overdue
        FROM (SELECT a.item_id, a.occurrence, MIN(a.due_on) AS due, COUNT(*) AS total,
                     SUM(CASE WHEN {STATE_SQL['status:done']} THEN 1 ELSE 0 END) AS done,
                     SUM(CASE WHEN {STATE_SQL[Derived.OVERDUE]} THEN 1 ELSE 0 END) AS late
              FROM assignment a WHERE {base} GROUP BY a.item_id, a.occurrence) x
        JOIN item i ON i.id = x.item_id JOIN document d ON d.id = i.document_id
        ORDER BY d.source_name, i.position, x.due LIMIT {int(limit)} OFFSET {int(offset)}""",
        params)


@dataclass(frozen=True)
class Matrix:
    """Schools × items of one section: a mark per cell, laggards first."""

    title: str
    items: list[tuple[int, str, str]]  # (item id, number, title)
    schools: list[tuple[int, str]]  # (body id, name)
    cells: dict[tuple[int, int], Derived]  # (body id, item id) -> worst state
    lagging: dict[int, int]  # body id -> overdue assignments


#: Which state a matrix cell shows when a school has several occurrences: the most urgent.
_URGENCY = {Derived.OVERDUE: 0, Derived.DUE_SOON: 1, Derived.UNDATED: 2, Derived.OPEN: 3,
            Derived.DONE_LATE: 4, Derived.DONE_ON_TIME: 5, Derived.CANCELLED: 6}


@dataclass(frozen=True)
class _Scope:
    document_id: int
    section_id: int | None
    number: str


@dataclass(frozen=True)
class _MatrixItem:
    id: int
    number: str
    title: str


@dataclass(frozen=True)
class _Cell:
    body_id: int
    item_id: int
    name: str
    status: Status
    due_on: date | None
    completed_on: date | None


def matrix(view: View, item_id: int, max_items: int = 30) -> Matrix:
    """The matrix around `item_id`: the items of its section (or document) given to schools."""
    school = f"'{BodyKind.SCHOOL.value}'"
    with view.database.read() as reader:
        scope = reader.record(_Scope, "SELECT document_id, section_id, number FROM item"
                                      " WHERE id = :i", {"i": item_id})
        if scope is None:
            raise NotFound(f"Мероприятие №{item_id} не найдено.")
        where = "section_id = :s" if scope.section_id is not None else "document_id = :d"
        items = [(i.id, i.number, i.title) for i in reader.records(_MatrixItem, f"""
            SELECT i.id, i.number, i.title FROM item i WHERE {where}
              AND EXISTS (SELECT 1 FROM assignment a JOIN body b ON b.id = a.body_id
                          WHERE a.item_id = i.id AND b.kind = {school})
            ORDER BY i.position LIMIT {int(max_items)}""",
            {"s": scope.section_id, "d": scope.document_id})]
        if item_id not in {i for i, _, _ in items}:
            items = [(item_id, scope.number, "")] + items[: max_items - 1]
        ids = ", ".join(str(i) for i, _, _ in items)
        found = reader.records(_Cell, f"""
            SELECT a.body_id, a.item_id, b.short_name AS name, a.status, a.due_on, a.completed_on
            FROM assignment a JOIN body b ON b.id = a.body_id
            WHERE a.item_id IN ({ids}) AND b.kind = {school}""")
    cells: dict[tuple[int, int], Derived] = {}
    lagging: dict[int, int] = {}
    names: dict[int, str] = {}
    for cell in found:
        state = derive(cell.status, cell.due_on, cell.completed_on, view.today)
        key = (cell.body_id, cell.item_id)
        names[cell.body_id] = cell.name
        if key not in cells or _URGENCY[state] < _URGENCY[cells[key]]:
            cells[key] = state
        if state is Derived.OVERDUE:
            lagging[cell.body_id] = lagging.get(cell.body_id, 0) + 1
    schools = sorted(names.items(), key=lambda s: (-lagging.get(s[0], 0), s[1]))
    title = next((t for i, _, t in items if i == item_id), "")
    return Matrix(f"{scope.number} {title}"[:100], items, schools, cells, lagging)

"""What goes in the weekly digests: each body's overdue, near and undated work, and the head's figures.

Subscribed calendars ignore VALARM, so once a week every body gets: overdue
work grouped by item (a twice-monthly item missed 40 times is one line with
its count, oldest and latest missed date), items due in the next 7 days,
undated items awaiting a date, and what it completed this week, Monday to
today inclusive, with the report references received; each with its last
status comment where there is one. The department's head gets the figures
of `export.summary` instead (see `render.head_document`). The states are the
read model's (`derive`, `state_sql`); the rows come from one query per state
over the open-work index, and the text is a pure function of the database
and `as_of`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from roadmap_tui.dates import fmt
from roadmap_tui.errors import NotFound
from roadmap_tui.export import source
from roadmap_tui.export.clean import one_line
from roadmap_tui.export.source import BodyRow, DocInfo, ItemInfo, Source, by_kind_and_code, columns, day
from roadmap_tui.export.summary import Figures, figure_sets, last_week
from roadmap_tui.model.statuses import Status
from roadmap_tui.read.states import Derived, derive, soon_end, state_sql

SOON_DAYS = 7  # "the next 7 days": today and the six after it
LONGEST = 15  # longest-overdue items in the head's summary


@dataclass(frozen=True)
class Line:
    """One assignment as a digest lists it."""

    assignment_id: int
    doc: str
    number: str
    title: str
    due: date | None
    window_start: date | None
    report_form: str | None
    status: str
    completed_on: date | None
    body: str
    comment: str | None = None  # the assignment's last status comment, on one line
    item_id: int = 0
    person: str | None = None  # the responsible person the document names
    report_ref: str | None = None  # the report's reference (number, date) once received
    report_received: bool = False

    def days_overdue(self, as_of: date) -> int:
        return (as_of - self.due).days if self.due else 0


@dataclass(frozen=True)
class OverdueGroup:
    """One item's overdue occurrences for one body: shown once, with how many and the span."""

    first: Line  # the oldest: its due date gives the longest delay
    latest_due: date
    count: int

    @property
    def oldest_due(self) -> date:
        assert self.first.due is not None  # overdue lines are dated
        return self.first.due


@dataclass
class BodyDigest:
    body: BodyRow
    overdue: list[Line] = field(default_factory=list)
    soon: list[Line] = field(default_factory=list)
    undated: list[Line] = field(default_factory=list)
    done: list[Line] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.soon or self.undated or self.done)

    @property
    def overdue_groups(self) -> list[OverdueGroup]:
        """Overdue lines by item, oldest first (the lines are sorted by due date already)."""
        groups: dict[int, list[Line]] = {}
        for line in self.overdue:
            groups.setdefault(line.item_id, []).append(line)
        out = [OverdueGroup(lines[0], max(x.due or date.min for x in lines), len(lines))
               for lines in groups.values()]
        return sorted(out, key=lambda g: (g.oldest_due, g.first.doc, g.first.number, g.first.item_id))


@dataclass(frozen=True)
class Week:
    as_of: date

    @property
    def monday(self) -> date:
        return self.as_of - timedelta(days=self.as_of.weekday())

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def label(self) -> str:
        return f"неделя {fmt(self.monday)} – {fmt(self.sunday)}"


@dataclass(frozen=True, slots=True)
class DigestRow:
    """One assignment as the digest query reads it."""

    body_id: int
    id: int
    item_id: int
    due_on: date | None
    window_start: date | None
    status: str
    completed_on: date | None
    comment: str | None
    report_received: bool
    report_ref: str | None

    @classmethod
    def read(cls, row: Sequence[Any]) -> DigestRow:
        body_id, id_, item_id, due, window, status, completed, comment, received, ref = row
        return cls(body_id, id_, item_id, day(due), day(window), status, day(completed), comment, bool(received),
                   ref)


def _query(body_ids: list[int] | None, not_indexed: str) -> str:
    """Open work overdue, due soon or undated (each over the open-work index), and what was done this week."""
    only = f"AND a.body_id IN ({', '.join(str(b) for b in body_ids) or 'NULL'})" if body_ids is not None else ""
    select = f"SELECT {columns(DigestRow)} FROM assignment a"
    branches = [f"{select} WHERE {state_sql(state)} {only}"
                for state in (Derived.OVERDUE, Derived.DUE_SOON, Derived.UNDATED)]
    # Done this week: no index serves completed_on, and the status index would read half the table row by row.
    branches.append(f"{select} {not_indexed} WHERE {state_sql('status:done')}"
                    f" AND a.completed_on >= :done_from AND a.completed_on <= :today {only}")
    # Not ORDER BY: SQLite would then read the first two states body by body over another index.
    return " UNION ALL ".join(branches)


def collect(src: Source, as_of: date, body_code: str | None = None) -> Iterator[BodyDigest]:
    """One BodyDigest per body (or for the one body asked), by kind and code."""
    bodies = source.bodies(src)
    docs = source.documents(src)
    if body_code is not None:
        chosen = [b for b in bodies.values() if body_code in (b.code, b.short_name)]
        if not chosen:
            raise NotFound(f"Неизвестный ответственный «{body_code}». Список: roadmap bodies")
        wanted: list[int] | None = [chosen[0].id]
    else:
        wanted = None
    items = source.items(src, bodies)
    # "This week" is Monday to today inclusive: work done this morning is in this morning's digest.
    params = {"today": as_of, "soon": soon_end(as_of, SOON_DAYS - 1), "done_from": Week(as_of).monday}
    not_indexed = "NOT INDEXED" if getattr(src, "dialect", "") == "sqlite" else ""
    found: dict[int, BodyDigest] = {}
    per_body: dict[int, list[DigestRow]] = {}
    for row in map(DigestRow.read, src.stream(_query(wanted, not_indexed), params)):
        per_body.setdefault(row.body_id, []).append(row)
    for body_id, rows in per_body.items():
        found[body_id] = _digest(bodies[body_id], rows, items, docs, as_of)
    ids = wanted if wanted is not None else [
        b.id for b in bodies.values() if b.kind != "group" or b.id in found]
    in_order = {b: bodies[b] for b in ids}
    for body_id in by_kind_and_code(in_order):
        yield found.get(body_id) or BodyDigest(bodies[body_id])


def _digest(body: BodyRow, rows: list[DigestRow], items: dict[int, ItemInfo], docs: dict[int, DocInfo],
            as_of: date) -> BodyDigest:
    out = BodyDigest(body)
    lists = {Derived.OVERDUE: out.overdue, Derived.DUE_SOON: out.soon, Derived.OPEN: out.soon,
             Derived.UNDATED: out.undated, Derived.DONE_ON_TIME: out.done, Derived.DONE_LATE: out.done}
    for row in rows:
        item = items[row.item_id]
        doc = docs.get(item.document_id)
        line = Line(row.id, doc.label if doc else "", item.number, one_line(item.title),
                    row.due_on, row.window_start, item.report_form, row.status,
                    row.completed_on, body.label, one_line(row.comment) or None, row.item_id, item.person,
                    one_line(row.report_ref) or None, row.report_received)
        lists[derive(Status(row.status), row.due_on, row.completed_on, as_of, SOON_DAYS - 1)].append(line)
    key = _line_key
    out.overdue.sort(key=key)
    out.soon.sort(key=key)
    out.undated.sort(key=lambda x: (x.doc, x.number, x.assignment_id))
    out.done.sort(key=lambda x: (x.completed_on or date.min, x.doc, x.number, x.assignment_id))
    return out


def _line_key(line: Line) -> tuple[date, str, str, int]:
    return (line.due or date.max, line.doc, line.number, line.assignment_id)


@dataclass
class HeadSummary:
    """The department head's view: the figures and the longest-overdue items."""

    longest: list[Line] = field(default_factory=list)
    # The figures (export.summary), this week and the week before, per body and per document.
    by_body: dict[int, Figures] = field(default_factory=dict)
    by_body_before: dict[int, Figures] = field(default_factory=dict)
    by_document: dict[int, Figures] = field(default_factory=dict)
    by_document_before: dict[int, Figures] = field(default_factory=dict)
    bodies: dict[int, BodyRow] = field(default_factory=dict)
    documents: dict[int, DocInfo] = field(default_factory=dict)

    def load_figures(self, src: Source, as_of: date) -> None:
        """Read this week's and last week's figures (one grouped read; see export.summary)."""
        self.bodies, self.documents = source.bodies(src), source.documents(src)
        now, before = figure_sets(src, [as_of, last_week(as_of)])
        self.by_body, self.by_document = now.by_body, now.by_document
        self.by_body_before, self.by_document_before = before.by_body, before.by_document

    def add(self, d: BodyDigest) -> None:
        """Keep the longest-overdue lines of the bodies seen so far."""
        merged = sorted(self.longest + d.overdue[:LONGEST], key=lambda x: (x.due or date.max, x.body, x.assignment_id))
        self.longest = merged[:LONGEST]

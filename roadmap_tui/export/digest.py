"""Weekly digests: what each body owes, as of a day — the reminder that reaches people.

Subscribed calendars ignore VALARM, so once a week every body gets: overdue
work grouped by item (a twice-monthly item missed 40 times is one line with
its count, oldest and latest missed date), items due in the next 7 days,
undated items awaiting a date, and what it completed this week, Monday to
today inclusive, with the report references received; each with its last
status comment where there is one. The department's head gets the figures
of `export.summary` instead (see `digest_render.head_document`). Data come
from one streamed, body-ordered query; the text is a pure function of the
database and `as_of`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from roadmap_tui.dates import fmt
from roadmap_tui.errors import NotFound
from roadmap_tui.export import source
from roadmap_tui.export.clean import one_line
from roadmap_tui.export.source import BodyInfo, DocInfo, ItemInfo, Source, as_date
from roadmap_tui.export.summary import Figures, figures, last_week
from roadmap_tui.model.statuses import OPEN_SQL, STATUS_LABELS, Status

SOON_DAYS = 7
HEAD_ROWS = 20  # rows per list in the head's per-body sections
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
    body: BodyInfo
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


def status_word(status: str) -> str:
    try:
        return STATUS_LABELS[Status(status)]
    except ValueError:
        return status


def _query(body_ids: list[int] | None) -> str:
    only = f"AND a.body_id IN ({', '.join(str(b) for b in body_ids) or 'NULL'})" if body_ids is not None else ""
    return f"""
    SELECT a.body_id, a.id, a.item_id, a.due_on, a.window_start, a.status, a.completed_on, a.comment,
           a.report_received, a.report_ref
    FROM assignment a
    WHERE ((a.status IN ({OPEN_SQL}) AND (a.due_on IS NULL OR a.due_on < :soon_end))
        OR (a.status = 'done' AND a.completed_on >= :done_from AND a.completed_on <= :as_of))
      {only}
    ORDER BY a.body_id"""


def collect(src: Source, as_of: date, body_code: str | None = None) -> Iterator[BodyDigest]:
    """One BodyDigest per body (or for the one body asked), in registry order by code."""
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
    params = {"as_of": as_of, "soon_end": as_of + timedelta(days=SOON_DAYS),
              "done_from": Week(as_of).monday}
    found: dict[int, BodyDigest] = {}
    rows = src.stream(_query(wanted), params)
    for body_id, group in itertools.groupby(rows, key=lambda r: r[0]):
        found[body_id] = _digest(bodies[body_id], group, items, docs, as_of)
    ids = wanted if wanted is not None else [
        b.id for b in bodies.values() if b.kind != "group" or b.id in found]
    for body_id in sorted(ids, key=lambda b: (_ORDER.get(bodies[b].kind, 5), bodies[b].code)):
        yield found.get(body_id) or BodyDigest(bodies[body_id])


_ORDER = {"department": 0, "centre": 1, "group": 2, "other": 3, "school": 4}


def _digest(body: BodyInfo, rows: Iterator[Sequence[Any]], items: dict[int, ItemInfo], docs: dict[int, DocInfo],
            as_of: date) -> BodyDigest:
    out = BodyDigest(body)
    for _bid, aid, item_id, due_raw, window_raw, status, completed_raw, comment, received, ref in rows:
        item = items[item_id]
        doc = docs.get(item.document_id)
        line = Line(aid, doc.label if doc else "", item.number, one_line(item.title),
                    as_date(due_raw), as_date(window_raw), item.report_form, status,
                    as_date(completed_raw), body.label, one_line(comment) or None, item_id, item.person,
                    one_line(ref) or None, bool(received))
        if status == "done":
            out.done.append(line)
        elif line.due is None:
            out.undated.append(line)
        elif line.due < as_of:
            out.overdue.append(line)
        else:
            out.soon.append(line)
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
    """The department head's view: per-body counts and the longest-overdue items."""

    rows: list[tuple[BodyInfo, int, int, int, int, int]] = field(default_factory=list)
    longest: list[Line] = field(default_factory=list)
    # The figures (export.summary), this week and the week before, per body and per document.
    by_body: dict[int, Figures] = field(default_factory=dict)
    by_body_before: dict[int, Figures] = field(default_factory=dict)
    by_document: dict[int, Figures] = field(default_factory=dict)
    by_document_before: dict[int, Figures] = field(default_factory=dict)
    bodies: dict[int, BodyInfo] = field(default_factory=dict)
    documents: dict[int, DocInfo] = field(default_factory=dict)

    def load_figures(self, src: Source, as_of: date) -> None:
        """Read this week's and last week's figures (grouped queries; see export.summary)."""
        before = last_week(as_of)
        self.bodies, self.documents = source.bodies(src), source.documents(src)
        self.by_body, self.by_body_before = figures(src, as_of), figures(src, before)
        self.by_document = figures(src, as_of, by="document")
        self.by_document_before = figures(src, before, by="document")

    def add(self, d: BodyDigest, as_of: date) -> None:
        worst = max((line.days_overdue(as_of) for line in d.overdue), default=0)
        self.rows.append((d.body, len(d.overdue), len(d.soon), len(d.undated), len(d.done), worst))
        merged = sorted(self.longest + d.overdue[:LONGEST], key=lambda x: (x.due or date.max, x.body, x.assignment_id))
        self.longest = merged[:LONGEST]

    @property
    def totals(self) -> tuple[int, int, int, int]:
        rows = self.rows
        return (sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows),
                sum(r[4] for r in rows))

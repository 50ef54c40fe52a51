"""The head's figures: per body (and per document) what was owed, done on time, done late, overdue.

Grouped queries, so a million assignments are counted by the database, not
by Python (the digest's head summary reads both views for two weeks in one,
`figure_sets`). The figures are honest as of any day, not only
today: an assignment completed after `as_of` counts as still open then, which
is what lets the summary compare itself with the week before.

"% выполнено" is done out of what has come due (due by `as_of`, or done
early): a plan for the whole year is not 20 % behind in February.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from roadmap_tui.export.source import Source, as_date
from roadmap_tui.model.statuses import OPEN_SQL


def _columns(day: str) -> str:
    """The six figures of one day (bound as :`day`), summed over a group of assignments."""
    return f"""
       SUM(CASE WHEN a.status <> 'cancelled' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = 'done' AND a.completed_on <= :{day}
                 AND (a.due_on IS NULL OR a.completed_on <= a.due_on) THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = 'done' AND a.completed_on <= :{day} AND a.completed_on > a.due_on
                THEN 1 ELSE 0 END),
       SUM(CASE WHEN (a.status IN ({OPEN_SQL}) OR (a.status = 'done' AND a.completed_on > :{day}))
                 AND a.due_on < :{day} THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status <> 'cancelled' AND (a.due_on <= :{day}
                 OR (a.status = 'done' AND a.completed_on <= :{day})) THEN 1 ELSE 0 END),
       MIN(CASE WHEN (a.status IN ({OPEN_SQL}) OR (a.status = 'done' AND a.completed_on > :{day}))
                 AND a.due_on < :{day} THEN a.due_on END)"""


_SQL = f"""
SELECT {{key}}, {_columns("as_of")}
FROM assignment a JOIN item i ON i.id = a.item_id
{{where}}
GROUP BY {{key}}
"""


@dataclass(frozen=True)
class Figures:
    """One row of the head's summary."""

    key: int
    assignments: int
    on_time: int
    late: int
    overdue: int
    come_due: int  # due by the day, or done early: the base of «% выполнено»
    oldest_overdue: date | None
    as_of: date

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def percent_done(self) -> float:
        return 100.0 * self.done / self.come_due if self.come_due else 100.0

    @property
    def longest_delay(self) -> int:
        """Days the oldest open overdue assignment is late (0 if none)."""
        return (self.as_of - self.oldest_overdue).days if self.oldest_overdue else 0


def figures(src: Source, as_of: date, *, by: str = "body", document_id: int | None = None) -> dict[int, Figures]:
    """Per body (`by="body"`) or per document (`by="document"`), as of a day."""
    key = "a.body_id" if by == "body" else "i.document_id"
    where = "WHERE i.document_id = :doc" if document_id is not None else ""
    params: dict[str, object] = {"as_of": as_of, "doc": document_id}
    out = {}
    for r in src.stream(_SQL.format(key=key, where=where), params):
        out[int(r[0])] = _figures(int(r[0]), r[1:], as_of)
    return out


def _figures(key: int, r: Sequence[Any], as_of: date) -> Figures:
    return Figures(key, int(r[0] or 0), int(r[1] or 0), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0),
                   as_date(r[5]), as_of)


@dataclass(frozen=True)
class FigureSet:
    """The head's figures as of one day: per body and per document."""

    by_body: dict[int, Figures]
    by_document: dict[int, Figures]


def figure_sets(src: Source, days: Sequence[date]) -> list[FigureSet]:
    """`figures` per body and per document for each day, from one grouped read of every assignment.

    Grouped by (body, document), a few thousand groups, then summed here: four
    grouped reads of a million rows (two views, two weeks) become one.
    """
    names = [f"day{k}" for k in range(len(days))]
    sql = (f"SELECT a.body_id, i.document_id, {', '.join(_columns(n) for n in names)}"
           " FROM assignment a JOIN item i ON i.id = a.item_id GROUP BY a.body_id, i.document_id")
    sums: list[tuple[dict[int, list[Any]], dict[int, list[Any]]]] = [({}, {}) for _ in days]
    for row in src.stream(sql, dict(zip(names, days, strict=True))):
        for k, (by_body, by_document) in enumerate(sums):
            part = row[2 + 6 * k: 8 + 6 * k]
            _add(by_body, int(row[0]), part)
            _add(by_document, int(row[1]), part)
    return [FigureSet({key: _figures(key, r, day) for key, r in by_body.items()},
                      {key: _figures(key, r, day) for key, r in by_document.items()})
            for day, (by_body, by_document) in zip(days, sums, strict=True)]


def _add(into: dict[int, list[Any]], key: int, part: Sequence[Any]) -> None:
    """Add one group's figures to `key`'s: five counts summed, the oldest overdue day the earliest."""
    found = into.get(key)
    if found is None:
        into[key] = [int(v or 0) for v in part[:5]] + [as_date(part[5])]
        return
    for k in range(5):
        found[k] += int(part[k] or 0)
    oldest = as_date(part[5])
    if oldest is not None and (found[5] is None or oldest < found[5]):
        found[5] = oldest


def total(rows: list[Figures], as_of: date) -> Figures:
    """The totals row."""
    oldest = min((r.oldest_overdue for r in rows if r.oldest_overdue), default=None)
    return Figures(0, sum(r.assignments for r in rows), sum(r.on_time for r in rows), sum(r.late for r in rows),
                   sum(r.overdue for r in rows), sum(r.come_due for r in rows), oldest, as_of)


def by_arrears(rows: list[Figures]) -> list[Figures]:
    """Most overdue first, then the longest delay, then the lowest % done."""
    return sorted(rows, key=lambda r: (-r.overdue, -r.longest_delay, r.percent_done, r.key))


def last_week(as_of: date) -> date:
    return as_of - timedelta(days=7)

"""The head's figures: per body (and per document) what was owed, done on time, done late, overdue.

One grouped query per view, so a million assignments are counted by the
database, not by Python. The figures are honest as of any day, not only
today: an assignment completed after `as_of` counts as still open then, which
is what lets the summary compare itself with the week before.

"% выполнено" is done out of what has come due (due by `as_of`, or done
early): a plan for the whole year is not 20 % behind in February.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from roadmap_tui.export.source import Source, as_date
from roadmap_tui.model.statuses import OPEN_SQL

_SQL = f"""
SELECT {{key}},
       SUM(CASE WHEN a.status <> 'cancelled' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = 'done' AND a.completed_on <= :as_of
                 AND (a.due_on IS NULL OR a.completed_on <= a.due_on) THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = 'done' AND a.completed_on <= :as_of AND a.completed_on > a.due_on
                THEN 1 ELSE 0 END),
       SUM(CASE WHEN (a.status IN ({OPEN_SQL}) OR (a.status = 'done' AND a.completed_on > :as_of))
                 AND a.due_on < :as_of THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status <> 'cancelled' AND (a.due_on <= :as_of
                 OR (a.status = 'done' AND a.completed_on <= :as_of)) THEN 1 ELSE 0 END),
       MIN(CASE WHEN (a.status IN ({OPEN_SQL}) OR (a.status = 'done' AND a.completed_on > :as_of))
                 AND a.due_on < :as_of THEN a.due_on END)
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
        out[int(r[0])] = Figures(int(r[0]), int(r[1] or 0), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0),
                                 int(r[5] or 0), as_date(r[6]), as_of)
    return out


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

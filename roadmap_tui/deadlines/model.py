"""Value types of the deadline engine.

Kept apart from the parsing code so that the importer, tracking, export and
TUI layers can depend on these shapes without pulling in the rules.  All
types are frozen: a parsed schedule is a fact about a phrase in a context,
not something callers should edit in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    """What sort of deadline a phrase states (values are stored in the DB)."""

    ONCE = "once"
    WINDOW = "window"
    RECURRING = "recurring"
    COMPOUND = "compound"
    CONTINUOUS = "continuous"
    BY_PLAN = "by_plan"
    AS_NEEDED = "as_needed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class AcademicCalendar:
    """School-year conventions; defaults follow the Russian school year."""

    year_start_month: int = 9  # academic year 1 Sep .. 31 Aug
    teaching_end_month: int = 5  # teaching year ends 31 May
    teaching_end_day: int = 31


@dataclass(frozen=True)
class PlanContext:
    """The plan a phrase belongs to: its period, document date and horizon."""

    period_start: date | None = None  # None = open (use doc_date)
    period_end: date | None = None  # None = open-ended order: recurrences run to horizon
    doc_date: date | None = None
    horizon: date = date(2026, 12, 31)
    calendar: AcademicCalendar = field(default_factory=AcademicCalendar)

    @property
    def anchor(self) -> date | None:
        """Date that fixes the plan's academic year for yearless months."""
        return self.period_start or self.doc_date

    @property
    def recurrence_start(self) -> date | None:
        """Recurring dues before this day are dropped: max(period_start, doc_date)."""
        known = [d for d in (self.period_start, self.doc_date) if d is not None]
        return max(known) if known else None

    @property
    def recurrence_end(self) -> date:
        """Recurring dues after this day are dropped: period_end, else horizon."""
        return self.period_end or self.horizon


@dataclass(frozen=True)
class Due:
    """One due date; `window_start` is set when the phrase states a window."""

    due_on: date
    window_start: date | None = None


@dataclass(frozen=True)
class Schedule:
    """The parsed form of one deadline phrase within one plan context."""

    phrase: str
    kind: Kind
    dues: tuple[Due, ...] = ()
    owner: str | None = None
    explain: str = ""

    @property
    def due_dates(self) -> list[date]:
        return [d.due_on for d in self.dues]


def ordered_dues(dues: Iterable[Due]) -> tuple[Due, ...]:
    """Sort by due date and drop later duplicates of the same day.

    When two windows end on the same day the wider one (earliest start) wins,
    so the coordinator sees the most generous window.
    """
    best: dict[date, Due] = {}
    for due in dues:
        old = best.get(due.due_on)
        if old is None or _starts_earlier(due, old):
            best[due.due_on] = due
    return tuple(best[d] for d in sorted(best))


def _starts_earlier(new: Due, old: Due) -> bool:
    if new.window_start is None:
        return False
    return old.window_start is None or new.window_start < old.window_start

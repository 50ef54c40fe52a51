"""Calendar arithmetic shared by the rules.

Everything that knows about month lengths, quarters, the academic year and
the recurrence bounds of a plan lives here, so the rules only decide *which*
periods a phrase names, never how long they are.  Month lengths, month ends
and recurrences come from python-dateutil (`relativedelta`, `rrule`) rather
than hand-written arithmetic.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from dateutil.rrule import YEARLY, rrule

from .lexer import MAX_YEAR, MIN_YEAR, year_ok
from .model import AcademicCalendar, Due, PlanContext


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when it does not exist or its year is out of range."""
    if not year_ok(year):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_end(year: int, month: int) -> date:
    return clamp_day(year, month, 31)


def clamp_day(year: int, month: int, day: int) -> date:
    """Day `day` of the month, or its last day when the month is shorter."""
    moved: date = date(year, month, 1) + relativedelta(day=day)
    return moved


class Recurrence:
    """One dateutil `rrule` recipe: a frequency and its BY-parts, without bounds."""

    __slots__ = ("freq", "parts")

    def __init__(self, freq: int, **parts: object) -> None:
        self.freq = freq
        self.parts = parts


def occurrences(rule: Recurrence, lo: date, hi: date) -> list[date]:
    """Days on which `rule` falls inside [lo, hi]."""
    return [moment.date() for moment in rrule(rule.freq, dtstart=lo, until=hi, **rule.parts)]


def every_year_on(day: date) -> Recurrence:
    """`day`'s calendar position every year; a month end stays a month end."""
    if day == month_end(day.year, day.month):
        return Recurrence(YEARLY, bymonth=(day.month,), bymonthday=(-1,))
    return Recurrence(YEARLY, bymonth=(day.month,), **on_day(day.day))


def teaching_year_ends(lo: date, hi: date, cal: AcademicCalendar) -> list[Due]:
    """Teaching years (windows) whose ends fall inside [lo, hi]."""
    rule = Recurrence(YEARLY, bymonth=(cal.teaching_end_month,), **on_day(cal.teaching_end_day))
    return [teaching_year(end.year - 1, cal) for end in occurrences(rule, lo, hi)]


def on_day(day: int) -> dict[str, object]:
    """BY-parts for "day `day` of the month, or its last day when shorter".

    rrule skips months without the day; asking for the last existing day of
    28..day (`bysetpos=-1`) gives "до 31 числа" its 30 April and 28 February.
    """
    if day <= 28:
        return {"bymonthday": (day,)}
    return {"bymonthday": tuple(range(28, day + 1)), "bysetpos": (-1,)}


def month_window(year: int, first_month: int, last_year: int, last_month: int) -> Due:
    return Due(month_end(last_year, last_month), date(year, first_month, 1))


def teaching_end(year: int, cal: AcademicCalendar) -> date:
    """End of the teaching year that finishes in calendar year `year`."""
    return clamp_day(year, cal.teaching_end_month, cal.teaching_end_day)


def teaching_year(start_year: int, cal: AcademicCalendar) -> Due:
    """Window of the teaching year of academic year start_year/start_year+1."""
    return Due(teaching_end(start_year + 1, cal), date(start_year, cal.year_start_month, 1))


def academic_year_of(day: date, cal: AcademicCalendar) -> int:
    """Calendar year in which the academic year containing `day` starts."""
    return day.year if day.month >= cal.year_start_month else day.year - 1


def anchor_year(ctx: PlanContext) -> int | None:
    """Start year of the plan's academic year (None when the plan has no date)."""
    anchor = ctx.anchor
    return None if anchor is None else academic_year_of(anchor, ctx.calendar)


def year_for_month(month: int, ctx: PlanContext) -> int | None:
    """Place a yearless month in the plan's academic year.

    September..December fall in its first calendar year, January..August in
    its second (DEADLINES.md, "Academic calendar").
    """
    start = anchor_year(ctx)
    if start is None:
        return None
    return start if month >= ctx.calendar.year_start_month else start + 1


def academic_years_overlapping(start: date, end: date, cal: AcademicCalendar) -> list[int]:
    """Start years of every academic year that overlaps [start, end]."""
    first, last = academic_year_of(start, cal), academic_year_of(end, cal)
    return list(range(first, last + 1)) if first <= last else []


def bounds(ctx: PlanContext) -> tuple[date, date] | None:
    """Recurrence bounds [max(period_start, doc_date), period_end or horizon].

    None when the plan has no start at all: a recurrence would then be
    unbounded below, and inventing a start date would be a guess.
    """
    lo = ctx.recurrence_start
    if lo is None:
        return None
    # Clamp to the years the lexer accepts, so extreme contexts stay cheap and valid.
    return max(lo, date(MIN_YEAR, 1, 1)), min(ctx.recurrence_end, date(MAX_YEAR, 12, 31))


def within(dues: list[Due], ctx: PlanContext) -> list[Due]:
    """Keep recurring dues that fall inside the recurrence bounds."""
    limits = bounds(ctx)
    if limits is None:
        return []
    lo, hi = limits
    return [d for d in dues if lo <= d.due_on <= hi]


def shift_years(day: date, years: int) -> date | None:
    """Same calendar position `years` later; month ends stay month ends."""
    target = day.year + years
    if not year_ok(target):
        return None
    moved: date = day + relativedelta(years=years)
    if day == month_end(day.year, day.month):
        return month_end(target, day.month)  # 28.02.2023 + 1 year is 29.02.2024
    return moved


def is_single_year(ctx: PlanContext) -> bool:
    """A plan whose stated period is at most one (leap) year long."""
    if ctx.period_start is None or ctx.period_end is None:
        return False
    return 0 <= (ctx.period_end - ctx.period_start).days <= 366

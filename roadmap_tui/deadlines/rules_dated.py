"""Rules for phrases that name dates, months and years.

* `fixed`: a list of one-off items ("до 30.04.2023", "Октябрь, май",
  "январь-май 2023", "I квартал 2024").  Explicit items are always kept,
  even before the document date (the importer warns about those).
* `yearly`: "Ежегодно …" - the same yearless items in every calendar year,
  kept only inside the recurrence bounds.
* `teaching_year`: "В течение учебного года" - the teaching year of the
  plan, or of each academic year when the plan spans several.
* `within_year` / `whole_period`: "в течение года", "в течение всего периода".
"""

from __future__ import annotations

import re
from typing import Final

from . import explain
from .items import ABSOLUTE, POINTS, Item, build, scan
from .lexer import year_ok
from .model import Due, Kind, PlanContext, Schedule, ordered_dues
from .periods import (
    academic_years_overlapping,
    bounds,
    is_single_year,
    teaching_end,
    teaching_year,
    teaching_year_ends,
    within,
    year_for_month,
)

_TEACHING_RX: Final = re.compile(
    r"(?:(?:1|один) раз\s+)?(?:в течение\s+)?(?:всего\s+)?(?:текущего\s+)?(?:учгод|до конца учгод)"
)
_YEARLY_TEACHING_RX: Final = re.compile(rf"{_TEACHING_RX.pattern}|в течение|")
_WITHIN_YEAR_RX: Final = re.compile(
    r"(?:в течение|на протяжении)\s+(?:всего\s+)?(?:календарного\s+)?года"
)
_WHOLE_PERIOD_RX: Final = re.compile(
    r"(?:в течение|на протяжении)\s+(?:всего\s+)?(?:периода|срока)(?:\s+[а-я]+){0,4}"
    r"|весь период(?:\s+[а-я]+){0,4}"
)


def resolve_fixed(text: str, ctx: PlanContext) -> list[tuple[Item, Due]] | None:
    """Items of a one-off phrase with their dues; [] when no year can be set.

    A yearless item takes the year of the next item that has one
    ("сентябрь, октябрь 2023"); failing that it is placed in the plan's
    academic year.
    """
    items = scan(text)
    if items is None:
        return None
    resolved: list[tuple[Item, Due]] = []
    for index, item in enumerate(items):
        year = item.year
        if year is None and item.form not in ABSOLUTE:
            later = [i.year for i in items[index + 1:] if i.year is not None]
            year = later[0] if later else _place(item, ctx)
            if year is None:
                return []  # no plan date: the year of "март" cannot be known
        due = build(item, year, ctx.calendar)
        if due is None:
            return None
        resolved.append((item, due))
    return resolved


def _place(item: Item, ctx: PlanContext) -> int | None:
    """Year for a yearless item with nothing else to go on.

    In a plan it lies in the plan's academic year (DEADLINES.md); when that
    puts it outside the plan's stated period (a calendar-year plan: "III кв."
    of a plan for 2024 is not July 2023) the neighbouring year inside the
    period wins.  An open-ended order (no period start) means the next
    occurrence on or after the order's date: "ноябрь" in an order of March
    2024 is November 2024.
    """
    doc = ctx.doc_date
    if ctx.period_start is None and doc is not None:
        for year in (doc.year, doc.year + 1):
            due = build(item, year, ctx.calendar)
            if due is not None and due.due_on >= doc:
                return year
    placed = year_for_month(item.end_month(ctx.calendar), ctx)
    start, end = ctx.period_start, ctx.period_end
    if placed is None or start is None or end is None:
        return placed
    for candidate in (placed, placed + 1, placed - 1):
        due = build(item, candidate, ctx.calendar)
        if due is not None and start <= due.due_on <= end:
            return candidate
    return placed


def fixed(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    resolved = resolve_fixed(text, ctx)
    if resolved is None:
        return None
    dues = ordered_dues(due for _, due in resolved)
    points_only = all(item.form in POINTS for item, _ in resolved) and resolved
    kind = Kind.ONCE if points_only else Kind.WINDOW
    return Schedule(phrase, kind, dues, explain=explain.fixed(dues, ctx.doc_date))


def _yearly_dues(items: list[Item], ctx: PlanContext) -> list[Due]:
    limits = bounds(ctx)
    if limits is None:
        return []
    lo, hi = limits
    dues: list[Due] = []
    for year in range(lo.year - 1, hi.year + 2):
        for item in items:
            due = build(item, year, ctx.calendar)
            if due is not None:
                dues.append(due)
    return within(dues, ctx)


def teaching_years(ctx: PlanContext, windowed: bool) -> list[Due]:
    """Teaching-year ends of every academic year inside the recurrence bounds."""
    limits = bounds(ctx)
    if limits is None:
        return []
    dues = teaching_year_ends(*limits, ctx.calendar)
    return dues if windowed else [Due(due.due_on) for due in dues]


def yearly(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    """"Ежегодно" with yearless items, a teaching year, or nothing at all."""
    if "ежегодно" not in text:
        return None
    rest = text.replace("ежегодно", " ").strip(" ,;:-")
    rest = re.sub(r"^(?:постоянно|регулярно)[\s,;-]*", "", rest).strip(" ,;:-")
    if _YEARLY_TEACHING_RX.fullmatch(rest):
        windowed = "учгод" in rest  # bare "Ежегодно" names no window
        dues = ordered_dues(teaching_years(ctx, windowed))
        cal = ctx.calendar
        end = explain.day_month(teaching_end(2001, cal).day, cal.teaching_end_month)
        text_ = f"ежегодно до {end}, к концу учебного года" + explain.years_suffix(dues)
        return Schedule(phrase, Kind.RECURRING, dues, explain=text_)
    items = scan(rest)
    if items is None or any(i.form in ABSOLUTE or i.year is not None for i in items):
        return None
    dues = ordered_dues(_yearly_dues(items, ctx))
    return Schedule(phrase, Kind.RECURRING, dues,
                    explain=explain.yearly_items(items) + explain.years_suffix(dues))


def teaching_year_rule(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    """"В течение учебного года": one window, or one per academic year of the plan."""
    if not _TEACHING_RX.fullmatch(text):
        return None
    cal = ctx.calendar
    years: list[int] = []
    if ctx.period_end is not None and ctx.anchor is not None:
        years = academic_years_overlapping(ctx.anchor, ctx.period_end, cal)
    if len(years) > 1:
        dues = ordered_dues(teaching_years(ctx, windowed=True))
        return Schedule(phrase, Kind.RECURRING, dues,
                        explain="каждый учебный год, к его концу" + explain.years_suffix(dues))
    start = years[0] if years else year_for_month(cal.year_start_month, ctx)
    doc = ctx.doc_date
    if ctx.period_start is None and doc and start is not None:
        if teaching_year(start, cal).due_on < doc:
            start += 1  # open-ended order: the teaching year that has not ended yet
    if start is None or not year_ok(start + 1):
        return Schedule(phrase, Kind.WINDOW, (), explain=explain.fixed((), None))
    due = teaching_year(start, cal)
    return Schedule(phrase, Kind.WINDOW, (due,), explain=explain.fixed((due,), None))


def within_year(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    """"В течение года": the whole plan in a one-year plan, else every year."""
    if not _WITHIN_YEAR_RX.fullmatch(text):
        return None
    if is_single_year(ctx) and ctx.period_start and ctx.period_end:
        due = Due(ctx.period_end, ctx.period_start)
        return Schedule(phrase, Kind.WINDOW, (due,), explain=explain.fixed((due,), None))
    # Several years: calendar years when the plan ends on 31 Dec, else academic years.
    calendar_years = ctx.recurrence_end.month == 12 and ctx.recurrence_end.day == 31
    items = scan("#m01-#m12" if calendar_years else "#m09-#m08") or []
    dues = ordered_dues(_yearly_dues(items, ctx))
    label = "календарный" if calendar_years else "учебный"
    return Schedule(phrase, Kind.RECURRING, dues,
                    explain=f"ежегодно, {label} год целиком" + explain.years_suffix(dues))


def whole_period(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    """"В течение всего периода": one window over the plan, else continuous."""
    if not _WHOLE_PERIOD_RX.fullmatch(text):
        return None
    start = ctx.anchor
    if ctx.period_end is None or start is None or start > ctx.period_end:
        return Schedule(phrase, Kind.CONTINUOUS, explain=explain.CONTINUOUS)
    due = Due(ctx.period_end, start)
    return Schedule(phrase, Kind.WINDOW, (due,),
                    explain="весь период плана: " + explain.fixed((due,), None))

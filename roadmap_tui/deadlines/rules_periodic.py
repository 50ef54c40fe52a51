"""Rules for fixed-frequency recurrences: monthly, twice a month, quarterly,
twice a year.

Each recurrence is generated month by month over the plan's recurrence
bounds [max(period_start, doc_date), period_end or horizon] and filtered to
them, so open-ended orders stop at the horizon.  "2 раза в год" follows the
teaching calendar (end of December and end of the teaching year), because
school roadmaps report per half of the school year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from . import explain
from .model import Due, Kind, PlanContext, Schedule, ordered_dues
from .periods import bounds, clamp_day, iter_months, month_end, teaching_end, within

_TIMES: Final = r"(?:не реже\s+)?(?:(?:1|один)\s+)?раз[а]?\s+в\s+"
_MONTHLY_RX: Final = re.compile(
    rf"(?:ежемесячно|{_TIMES}месяц|каждый месяц|помесячно)"
    r"(?:[\s,]+(?:до|не позднее)\s+(?P<day>\d{1,2})(?:\s+числа)?(?:\s+каждого месяца)?)?"
    r"|(?:ежемесячно[\s,]+)?(?P<day2>\d{1,2})\s+числа(?:\s+каждого месяца|\s+ежемесячно)?"
    r"|(?:до|не позднее)\s+(?P<day3>\d{1,2})\s+числа\s+(?:каждого\s+месяца|ежемесячно)"
    r"|(?:ежемесячно\s+)?(?:в конце|до конца)\s+(?:каждого\s+)?месяца"
)
_TWICE_MONTHLY_RX: Final = re.compile(r"(?:2|два)\s+раза\s+в\s+месяц")
_QUARTERLY_RX: Final = re.compile(
    rf"(?:ежеквартально|поквартально|{_TIMES}квартал|каждый квартал)"
    r"(?:[\s,]+(?:в конце|до конца)\s+квартала)?"
)
_TWICE_YEARLY_RX: Final = re.compile(
    rf"(?:2|два)\s+раза\s+в\s+год|{_TIMES}(?:полугодие|полгода)|ежеполугодно|каждое полугодие"
)


def _recurring(
    phrase: str, ctx: PlanContext, per_month: Callable[[int, int], list[Due]], label: str
) -> Schedule:
    limits = bounds(ctx)
    dues: list[Due] = []
    if limits is not None:
        for year, month in iter_months(*limits):
            dues.extend(per_month(year, month))
    kept = ordered_dues(within(dues, ctx))
    return Schedule(phrase, Kind.RECURRING, kept, explain=label + explain.years_suffix(kept))


def monthly(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    m = _MONTHLY_RX.fullmatch(text)
    if not m:
        return None
    raw = m.group("day") or m.group("day2") or m.group("day3")
    day = int(raw) if raw else None
    if day is not None and not 1 <= day <= 31:
        return None
    if day is None:
        return _recurring(phrase, ctx, lambda y, mo: [Due(month_end(y, mo))],
                          "ежемесячно, до последнего дня месяца")
    return _recurring(phrase, ctx, lambda y, mo: [Due(clamp_day(y, mo, day))],
                      f"ежемесячно до {day} числа")


def twice_monthly(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    if not _TWICE_MONTHLY_RX.fullmatch(text):
        return None
    return _recurring(phrase, ctx,
                      lambda y, mo: [Due(clamp_day(y, mo, 15)), Due(month_end(y, mo))],
                      "2 раза в месяц: 15-го и в последний день месяца")


def quarterly(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    if not _QUARTERLY_RX.fullmatch(text):
        return None
    return _recurring(phrase, ctx,
                      lambda y, mo: [Due(month_end(y, mo))] if mo % 3 == 0 else [],
                      "ежеквартально, до конца квартала")


def twice_yearly(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    if not _TWICE_YEARLY_RX.fullmatch(text):
        return None
    cal = ctx.calendar

    def per_month(year: int, month: int) -> list[Due]:
        if month == 12:
            return [Due(month_end(year, 12))]
        if month == cal.teaching_end_month:
            return [Due(teaching_end(year, cal))]
        return []

    end = explain.day_month(teaching_end(2001, cal).day, cal.teaching_end_month)
    return _recurring(phrase, ctx, per_month, f"2 раза в год: до 31 декабря и до {end}")

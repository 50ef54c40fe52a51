"""Rules for fixed-frequency recurrences: weekly, monthly, twice a month,
quarterly, twice a year.

Each recurrence is a dateutil `rrule` over the plan's recurrence bounds
[max(period_start, doc_date), period_end or horizon], so open-ended orders
stop at the horizon.  "2 раза в год" follows the teaching calendar (end of
December and end of the teaching year), because school roadmaps report per
half of the school year.  "Еженедельно" with no weekday is due on Fridays,
the last working day of the week (DEADLINES.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from dateutil.rrule import FR, MO, MONTHLY, SA, SU, TH, TU, WE, WEEKLY, YEARLY

from . import explain
from .model import Due, Kind, PlanContext, Schedule, ordered_dues
from .periods import Recurrence, bounds, occurrences, on_day, teaching_end

_TIMES: Final = r"(?:не реже\s+)?(?:(?:1|один)\s+)?раз[а]?\s+в\s+"
# "до 10 числа месяца, следующего за отчетным (кварталом)": a report after the period.
_FOLLOWING: Final = r"(?:\s+месяца,?\s+следующего\s+за\s+отчетным(?:\s+[а-я]+)?)?"
_MONTHLY_RX: Final = re.compile(
    rf"(?:ежемесячно|{_TIMES}месяц|каждый месяц|помесячно)"
    r"(?:[\s,]+(?:до|не позднее)\s+(?P<day>\d{1,2})(?:\s+числа)?(?:\s+каждого месяца)?"
    rf"{_FOLLOWING})?"
    r"|(?:ежемесячно[\s,]+)?(?P<day2>\d{1,2})\s+числа(?:\s+каждого месяца|\s+ежемесячно)?"
    r"|(?:до|не позднее)\s+(?P<day3>\d{1,2})\s+числа"
    r"(?:\s+(?:каждого\s+месяца|ежемесячно)|\s+месяца,?\s+следующего\s+за\s+отчетным(?:\s+месяцем)?)"
    r"|(?:ежемесячно\s+)?(?:в конце|до конца)\s+(?:каждого\s+)?месяца"
)
_TWICE_MONTHLY_RX: Final = re.compile(r"(?:2|два)\s+раза\s+в\s+месяц")
_QUARTERLY_RX: Final = re.compile(
    rf"(?:ежеквартально|поквартально|{_TIMES}квартал|каждый квартал)"
    r"(?:[\s,]+(?:в конце|до конца)\s+квартала"
    rf"|[\s,]+(?:до|не позднее)\s+(?P<day>\d{{1,2}})(?:\s+числа)?{_FOLLOWING})?"
)
_TWICE_YEARLY_RX: Final = re.compile(
    rf"(?:2|два)\s+раза\s+в\s+год|{_TIMES}(?:полугодие|полгода)|ежеполугодно|каждое полугодие"
)
# Weekday stems (any case form: "пятница", "по пятницам", "в пятницу").
_WEEKDAYS: Final = (
    (MO, r"понедельник[а-я]*", "понедельникам"),
    (TU, r"вторник[а-я]*", "вторникам"),
    (WE, r"сред[аыуе]|средам", "средам"),
    (TH, r"четверг[а-я]*", "четвергам"),
    (FR, r"пятниц[а-я]*", "пятницам"),
    (SA, r"суббот[а-я]*", "субботам"),
    (SU, r"воскресень[а-я]*", "воскресеньям"),
)
_DAY: Final = "|".join(f"(?:{stem})" for _, stem, _ in _WEEKDAYS)
_DAYS: Final = rf"(?:{_DAY})(?:\s*(?:,|\bи\b)\s*(?:{_DAY}))*"
_ON: Final = r"(?:по|в|во|каждый|каждую|каждое)"
_WEEKLY_RX: Final = re.compile(
    rf"(?:еженедельно|понедельно|{_TIMES}неделю|каждую неделю)"
    rf"(?:[\s,;:-]*(?:{_ON}\s+)?(?P<days>{_DAYS}))?"
    rf"|{_ON}\s+(?P<only>{_DAYS})"
)
_WHOLE_PLAN: Final = re.compile(r"[\s,]+(?:в течение|на протяжении)\s+(?:всего\s+)?(?:учгод|года|периода)$")


def _recurring(phrase: str, ctx: PlanContext, rules: Sequence[Recurrence], label: str) -> Schedule:
    limits = bounds(ctx)
    days = [day for rule in rules for day in occurrences(rule, *limits)] if limits else []
    kept = ordered_dues(Due(day) for day in days)
    return Schedule(phrase, Kind.RECURRING, kept, explain=label + explain.years_suffix(kept))


def weekly(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    """"Еженедельно", "по средам", "еженедельно, по понедельникам и четвергам"."""
    m = _WEEKLY_RX.fullmatch(_WHOLE_PLAN.sub("", text))
    if not m:
        return None
    named = m.group("days") or m.group("only") or ""
    chosen = [(code, dative) for code, stem, dative in _WEEKDAYS if re.search(rf"\b(?:{stem})\b", named)]
    if not chosen:
        chosen = [(FR, "пятницам")]
    label = "еженедельно по " + " и ".join(dative for _, dative in chosen)
    rule = Recurrence(WEEKLY, byweekday=tuple(code for code, _ in chosen))
    return _recurring(phrase, ctx, [rule], label)


def monthly(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    m = _MONTHLY_RX.fullmatch(text)
    if not m:
        return None
    raw = m.group("day") or m.group("day2") or m.group("day3")
    day = int(raw) if raw else None
    if day is not None and not 1 <= day <= 31:
        return None
    if day is None:
        return _recurring(phrase, ctx, [Recurrence(MONTHLY, bymonthday=(-1,))],
                          "ежемесячно, до последнего дня месяца")
    return _recurring(phrase, ctx, [Recurrence(MONTHLY, **on_day(day))], f"ежемесячно до {day} числа")


def twice_monthly(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    if not _TWICE_MONTHLY_RX.fullmatch(text):
        return None
    return _recurring(phrase, ctx, [Recurrence(MONTHLY, bymonthday=(15, -1))],
                      "2 раза в месяц: 15-го и в последний день месяца")


def quarterly(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    m = _QUARTERLY_RX.fullmatch(text)
    if not m:
        return None
    if m.group("day"):
        # A day with a quarter is a report on the quarter: due that day of the next month.
        day = int(m.group("day"))
        if not 1 <= day <= 31:
            return None
        return _recurring(phrase, ctx, [Recurrence(MONTHLY, bymonth=(1, 4, 7, 10), **on_day(day))],
                          f"ежеквартально до {day} числа месяца после квартала")
    return _recurring(phrase, ctx, [Recurrence(MONTHLY, bymonth=(3, 6, 9, 12), bymonthday=(-1,))],
                      "ежеквартально, до конца квартала")


def twice_yearly(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    if not _TWICE_YEARLY_RX.fullmatch(text):
        return None
    cal = ctx.calendar
    rules = [
        Recurrence(YEARLY, bymonth=(12,), bymonthday=(-1,)),
        Recurrence(YEARLY, bymonth=(cal.teaching_end_month,), **on_day(cal.teaching_end_day)),
    ]
    end = explain.day_month(teaching_end(2001, cal).day, cal.teaching_end_month)
    return _recurring(phrase, ctx, rules, f"2 раза в год: до 31 декабря и до {end}")

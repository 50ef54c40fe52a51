"""Other wordings of the deadline classes added to DEADLINES.md (cases E01-E15).

The spec cases fix one wording per class; real roadmaps print each class in
many ways.  Expected dates are what a coordinator reading the phrase would
put in a calendar, worked out by hand:
* AY: plan "на 2023-2024 учебный год" (01.09.2023..31.08.2024), document of 20.08.2023;
* CY: plan "на 2024 год", document of 10.01.2024;
* MARCH: a plan for March 2024 (short, so weekly dates can be listed);
* ORDER: an order of 02.03.2024 with no period (recurrences run to 31.12.2026).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from roadmap_tui.deadlines import Due, Kind, PlanContext, parse_deadline

AY = PlanContext(date(2023, 9, 1), date(2024, 8, 31), date(2023, 8, 20))
CY = PlanContext(date(2024, 1, 1), date(2024, 12, 31), date(2024, 1, 10))
MARCH = PlanContext(date(2024, 3, 1), date(2024, 3, 31), date(2024, 3, 1))
ORDER = PlanContext(None, None, date(2024, 3, 2))
D = date

ONCE = [
    ("до 15.03.2024 г.", AY, [D(2024, 3, 15)]),
    ("10.00 ч. 23 мая", AY, [D(2024, 5, 23)]),  # time before the date
    ("23 мая 2024 г., 10.00", AY, [D(2024, 5, 23)]),
    ("23.05.2024 в 10:00", AY, [D(2024, 5, 23)]),
    ("23 мая 2024 года в 9 ч. 00 мин.", AY, [D(2024, 5, 23)]),
    ("15 октября с 14:00 до 16:00", AY, [D(2023, 10, 15)]),
    ("15.10.2023, 14.00-16.00", AY, [D(2023, 10, 15)]),
    ("до 20.03.2024 10.00 ч.", ORDER, [D(2024, 3, 20)]),
    ("к 25.05.2024", AY, [D(2024, 5, 25)]),
    ("к 1 сентября", AY, [D(2023, 9, 1)]),
    ("в срок до 15 мая", AY, [D(2024, 5, 15)]),
    ("не позднее 15.05.2024", AY, [D(2024, 5, 15)]),
    ("до 1 декабря т.г.", ORDER, [D(2024, 12, 1)]),
    ("до 1 декабря текущего года", ORDER, [D(2024, 12, 1)]),
    ("до 01 марта 2024 года (включительно)", AY, [D(2024, 3, 1)]),
    ("до 1 марта 2024 г.**", AY, [D(2024, 3, 1)]),
    ("до 1 марта 2024 г.¹", AY, [D(2024, 3, 1)]),
    ("до 25.03", AY, [D(2024, 3, 25)]),  # a day and month with no year: the plan's year
    ("до 10 ноября 2023 года (информация в МКУ)", AY, [D(2023, 11, 10)]),  # a remark in brackets
    # two due dates in one cell: a line break, a comma, or one month for both days
    ("12.05.2024\n13.05.2024", AY, [D(2024, 5, 12), D(2024, 5, 13)]),
    ("12.05.2024, 13.05.2024", AY, [D(2024, 5, 12), D(2024, 5, 13)]),
    ("12 и 13 мая 2024 г.", AY, [D(2024, 5, 12), D(2024, 5, 13)]),
    ("20, 21 и 22 ноября", AY, [D(2023, 11, 20), D(2023, 11, 21), D(2023, 11, 22)]),
]


@pytest.mark.parametrize(("phrase", "ctx", "dues"), ONCE, ids=[o[0] for o in ONCE])
def test_one_off_dates(phrase: str, ctx: PlanContext, dues: list[date]) -> None:
    schedule = parse_deadline(phrase, ctx)
    assert schedule.kind == Kind.ONCE
    assert schedule.due_dates == dues
    assert all(due.window_start is None for due in schedule.dues)


WINDOWS = [
    ("с 1 по 10 декабря", AY, [(D(2023, 12, 1), D(2023, 12, 10))]),
    ("1–10 декабря 2023 г.", AY, [(D(2023, 12, 1), D(2023, 12, 10))]),
    ("с 10 ноября по 14 ноября", AY, [(D(2023, 11, 10), D(2023, 11, 14))]),
    ("10 ноября – 14 ноября 2023 г.", AY, [(D(2023, 11, 10), D(2023, 11, 14))]),
    ("с 25 декабря по 10 января", AY, [(D(2023, 12, 25), D(2024, 1, 10))]),  # across New Year
    ("с 15 января 2024 г. по 15 февраля 2024 г.", AY, [(D(2024, 1, 15), D(2024, 2, 15))]),
    ("с 15.03 по 20.03", AY, [(D(2024, 3, 15), D(2024, 3, 20))]),
    ("с 1 по 15.09.2023", AY, [(D(2023, 9, 1), D(2023, 9, 15))]),  # the first day shares the month
    ("1-15.09.2023 г.", AY, [(D(2023, 9, 1), D(2023, 9, 15))]),
    ("в период с 01.04.2024 по 07.04.2024", AY, [(D(2024, 4, 1), D(2024, 4, 7))]),
    ("3–7 апреля т.г.", ORDER, [(D(2024, 4, 3), D(2024, 4, 7))]),
    ("в течение II квартала т.г.", ORDER, [(D(2024, 4, 1), D(2024, 6, 30))]),
    ("ежедневно с 1 по 10 декабря", AY, [(D(2023, 12, 1), D(2023, 12, 10))]),
    ("до конца I полугодия", AY, [(D(2023, 9, 1), D(2023, 12, 31))]),
    ("до конца III квартала 2024 г.", AY, [(D(2024, 7, 1), D(2024, 9, 30))]),
    ("в течение II полугодия", AY, [(D(2024, 1, 1), D(2024, 5, 31))]),
    ("во II полугодии", AY, [(D(2024, 1, 1), D(2024, 5, 31))]),
    ("1-10 сентября 2023 г., 1-10 января 2024 г.", AY,
     [(D(2023, 9, 1), D(2023, 9, 10)), (D(2024, 1, 1), D(2024, 1, 10))]),
    # quarter marks: a list is one window per quarter, a range one window over them
    ("I, III кв.", CY, [(D(2024, 1, 1), D(2024, 3, 31)), (D(2024, 7, 1), D(2024, 9, 30))]),
    ("I и III кварталы", CY, [(D(2024, 1, 1), D(2024, 3, 31)), (D(2024, 7, 1), D(2024, 9, 30))]),
    ("III, IV кв. 2024 г.", AY, [(D(2024, 7, 1), D(2024, 9, 30)), (D(2024, 10, 1), D(2024, 12, 31))]),
    ("I–II кв. 2024 г.", CY, [(D(2024, 1, 1), D(2024, 6, 30))]),
    ("IV кв.", CY, [(D(2024, 10, 1), D(2024, 12, 31))]),  # a calendar-year plan: its own Q4
    ("сентябрь", CY, [(D(2024, 9, 1), D(2024, 9, 30))]),
    ("IV квартал 2013 г.", AY, [(D(2013, 10, 1), D(2013, 12, 31))]),
    ("I квартал", AY, [(D(2024, 1, 1), D(2024, 3, 31))]),
]


@pytest.mark.parametrize(("phrase", "ctx", "windows"), WINDOWS, ids=[w[0] for w in WINDOWS])
def test_windows(phrase: str, ctx: PlanContext, windows: list[tuple[date, date]]) -> None:
    schedule = parse_deadline(phrase, ctx)
    assert schedule.kind == Kind.WINDOW
    assert schedule.dues == tuple(Due(due, start) for start, due in windows)


def weekdays_of_march(*weekdays: int) -> list[date]:
    """Days of March 2024 falling on the given weekdays (Monday = 0)."""
    days = (date(2024, 3, 1) + timedelta(days=n) for n in range(31))
    return [day for day in days if day.weekday() in weekdays]


WEEKLY = [
    ("еженедельно (по средам)", (2,)),
    ("еженедельно, по средам до 12:00", (2,)),
    ("каждую пятницу", (4,)),
    ("1 раз в неделю", (4,)),
    ("еженедельно в течение учебного года", (4,)),
    ("по вторникам и четвергам", (1, 3)),
    ("Еженедельно – понедельник", (0,)),
]


@pytest.mark.parametrize(("phrase", "weekdays"), WEEKLY, ids=[w[0] for w in WEEKLY])
def test_weekly(phrase: str, weekdays: tuple[int, ...]) -> None:
    schedule = parse_deadline(phrase, MARCH)
    assert schedule.kind == Kind.RECURRING
    assert schedule.due_dates == weekdays_of_march(*weekdays)
    assert schedule.explain.startswith("еженедельно по ")


def test_weekly_in_an_open_order_runs_to_the_horizon() -> None:
    dues = parse_deadline("еженедельно", ORDER).due_dates
    assert dues[0] == D(2024, 3, 8)  # the first Friday on or after the order
    assert dues[-1] == D(2026, 12, 25)
    assert all(b - a == timedelta(days=7) for a, b in zip(dues, dues[1:], strict=False))


@pytest.mark.parametrize(
    "phrase",
    ["ежедневно до 10:00", "ежедневно (в рабочие дни)", "ежедневно, кроме выходных", "каждый день",
     "с 01.03.2024 ежедневно"],
)
def test_daily_work_is_continuous(phrase: str) -> None:
    schedule = parse_deadline(phrase, MARCH)
    assert schedule.kind == Kind.CONTINUOUS
    assert schedule.dues == ()
    assert schedule.explain == "ежедневно: без срока, не просрочивается"


@pytest.mark.parametrize("phrase", ["с 1 сентября 2023 г. – постоянно", "начиная с 2024 года постоянно"])
def test_continuous_work_from_a_start_date_has_no_due_date(phrase: str) -> None:
    schedule = parse_deadline(phrase, AY)
    assert (schedule.kind, schedule.dues) == (Kind.CONTINUOUS, ())


TWO_YEARS = PlanContext(D(2023, 9, 1), D(2025, 8, 31), D(2023, 8, 20))
RECURRING = [
    ("ежегодно до 1 октября т.г.", TWO_YEARS, [D(2023, 10, 1), D(2024, 10, 1)]),  # "т.г." of each year
    ("ежегодно, в срок до 20 декабря", TWO_YEARS, [D(2023, 12, 20), D(2024, 12, 20)]),
    ("ежегодно в срок не позднее 1 марта", AY, [D(2024, 3, 1)]),
    ("ежемесячно в срок до 5 числа", MARCH, [D(2024, 3, 5)]),
    ("до 15-го числа каждого месяца", MARCH, [D(2024, 3, 15)]),
    ("до 05 числа месяца, следующего за отчетным", MARCH, [D(2024, 3, 5)]),
    ("ежемесячно до 30 числа", CY,
     [D(2024, m, 29 if m == 2 else 30) for m in range(1, 13)]),  # 29.02 in a leap year
    ("ежеквартально до 10 числа месяца, следующего за отчетным кварталом", AY,
     [D(2023, 10, 10), D(2024, 1, 10), D(2024, 4, 10), D(2024, 7, 10)]),
    ("ежегодно с 25 декабря по 10 января", AY, [D(2024, 1, 10)]),
]


@pytest.mark.parametrize(("phrase", "ctx", "dues"), RECURRING, ids=[r[0] for r in RECURRING])
def test_recurring(phrase: str, ctx: PlanContext, dues: list[date]) -> None:
    schedule = parse_deadline(phrase, ctx)
    assert schedule.kind == Kind.RECURRING
    assert schedule.due_dates == dues


BASES = ["23 мая", "до 15.03.2024", "с 1 по 10 декабря", "II, III кв.", "ежегодно до 25 сентября"]
TIMES = ["{} 09.00 ч.", "{} 14:00 – 16:00", "10.00 ч. {}", "{}, в 10:00", "{} с 9 ч. 00 мин. до 12 ч. 00 мин."]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("shape", TIMES)
def test_a_clock_time_never_changes_the_dates(base: str, shape: str) -> None:
    plain = parse_deadline(base, AY)
    timed = parse_deadline(shape.format(base), AY)
    assert plain.kind != Kind.UNKNOWN
    assert (timed.kind, timed.dues) == (plain.kind, plain.dues)


@pytest.mark.parametrize("mark", ["*", "**", "¹", "²"])
@pytest.mark.parametrize("base", ["до 1 марта 2024 г.", "I квартал 2024 г.", "Ежегодно до 25 сентября"])
def test_a_footnote_mark_never_changes_the_dates(base: str, mark: str) -> None:
    assert parse_deadline(base + mark, AY).dues == parse_deadline(base, AY).dues


def test_current_year_is_the_documents_calendar_year() -> None:
    late_doc = PlanContext(D(2023, 9, 1), D(2024, 8, 31), D(2024, 1, 15))
    assert parse_deadline("до 1 марта т.г.", late_doc).due_dates == [D(2024, 3, 1)]
    assert parse_deadline("до 1 декабря т.г.", AY).due_dates == [D(2023, 12, 1)]
    assert parse_deadline("до 1 декабря т.г.", PlanContext()).kind == Kind.UNKNOWN  # no year known


@pytest.mark.parametrize("phrase", ["в 10.00", "14:00 – 16:00", "09.30 ч.", "31.45"])
def test_a_bare_time_is_not_a_deadline(phrase: str) -> None:
    schedule = parse_deadline(phrase, AY)
    assert schedule.kind == Kind.UNKNOWN
    assert schedule.dues == ()

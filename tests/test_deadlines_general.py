"""Phrasings from other municipalities' roadmaps, beyond the seed cases.

Expected dates are worked out by hand from DEADLINES.md:
* ONE_YEAR: plan "на 2022-2023 учебный год", document of 01.11.2022;
* MULTI: plan 20.01.2023..31.12.2026 (document of 20.01.2023);
* ORDER: an order of 02.03.2024 with no period (recurrences run to the
  horizon 31.12.2026; yearless months mean their next occurrence).
"""

from __future__ import annotations

from datetime import date

import pytest

from roadmap_tui.deadlines import (
    AcademicCalendar,
    Due,
    Kind,
    PlanContext,
    parse_deadline,
    plan_period_from_title,
)

ONE_YEAR = PlanContext(date(2022, 9, 1), date(2023, 8, 31), date(2022, 11, 1))
MULTI = PlanContext(date(2023, 1, 20), date(2026, 12, 31), date(2023, 1, 20))
ORDER = PlanContext(None, None, date(2024, 3, 2))
D = date


def month_ends(first: tuple[int, int], count: int) -> list[date]:
    year, month = first
    out = []
    for _ in range(count):
        nxt = date(year + month // 12, month % 12 + 1, 1)
        out.append(date.fromordinal(nxt.toordinal() - 1))
        year, month = nxt.year, nxt.month
    return out


def days_of_month(day: int, first: tuple[int, int], count: int) -> list[date]:
    return [d.replace(day=day) for d in month_ends(first, count)]


WINDOWS = [
    # phrase, context, window start, due
    ("I квартал 2024", ONE_YEAR, D(2024, 1, 1), D(2024, 3, 31)),
    ("IV квартал", ONE_YEAR, D(2022, 10, 1), D(2022, 12, 31)),
    ("IV квартал", ORDER, D(2024, 10, 1), D(2024, 12, 31)),
    ("2 квартал 2023 г.", MULTI, D(2023, 4, 1), D(2023, 6, 30)),
    ("в течение 1-го квартала 2024 г.", MULTI, D(2024, 1, 1), D(2024, 3, 31)),
    ("в течение 2023 года", ONE_YEAR, D(2023, 1, 1), D(2023, 12, 31)),
    ("декабрь 2023 г.", MULTI, D(2023, 12, 1), D(2023, 12, 31)),
    ("в течение 2023–2024 учебного года", MULTI, D(2023, 9, 1), D(2024, 5, 31)),
    ("2023-2024 уч. год", MULTI, D(2023, 9, 1), D(2024, 5, 31)),
    ("в течение всего периода", MULTI, D(2023, 1, 20), D(2026, 12, 31)),
    ("1 полугодие", ONE_YEAR, D(2022, 9, 1), D(2022, 12, 31)),
    ("первое полугодие", ONE_YEAR, D(2022, 9, 1), D(2022, 12, 31)),
    ("II полугодие 2023 года", MULTI, D(2023, 7, 1), D(2023, 12, 31)),
    ("1 полугодие 2023-2024 учебного года", MULTI, D(2023, 9, 1), D(2023, 12, 31)),
    ("ноябрь-декабрь", ONE_YEAR, D(2022, 11, 1), D(2022, 12, 31)),
    ("ноябрь 2022 – январь 2023", ONE_YEAR, D(2022, 11, 1), D(2023, 1, 31)),
    ("с 01.09.2023 по 31.10.2023", MULTI, D(2023, 9, 1), D(2023, 10, 31)),
    ("1-15 сентября", ONE_YEAR, D(2022, 9, 1), D(2022, 9, 15)),
    ("ЯНВАРЬ — МАЙ 2023ГОДА", MULTI, D(2023, 1, 1), D(2023, 5, 31)),
    ("<p>**Апрель-май 2024 г.**</p>", MULTI, D(2024, 4, 1), D(2024, 5, 31)),
    ("2019-2025 гг.", MULTI, D(2019, 1, 1), D(2025, 12, 31)),
]


@pytest.mark.parametrize(("phrase", "ctx", "start", "due"), WINDOWS,
                         ids=[w[0] for w in WINDOWS])
def test_single_window(phrase: str, ctx: PlanContext, start: date, due: date) -> None:
    schedule = parse_deadline(phrase, ctx)
    assert schedule.kind == Kind.WINDOW
    assert schedule.dues == (Due(due, start),)
    assert schedule.explain.startswith(("окно", "весь период"))


ONCE = [
    ("до 1 июня 2023 г.", D(2023, 6, 1)),
    ("01.09.2023", D(2023, 9, 1)),
    ("в срок до 01.06.2023", D(2023, 6, 1)),
    ("Срок: до 25.01.2023.", D(2023, 1, 25)),
    ("<p>**до 01.09.2023 г.**</p>", D(2023, 9, 1)),
    ("ДО 1 ИЮНЯ 2023Г;", D(2023, 6, 1)),
    ("до01.06.23", D(2023, 6, 1)),
    ("не позднее 15 марта 2024 года", D(2024, 3, 15)),
    ("до конца 2023 года", D(2023, 12, 31)),
]


@pytest.mark.parametrize(("phrase", "due"), ONCE, ids=[o[0] for o in ONCE])
def test_once(phrase: str, due: date) -> None:
    schedule = parse_deadline(phrase, MULTI)
    assert schedule.kind == Kind.ONCE
    assert schedule.due_dates == [due]
    assert schedule.dues[0].window_start is None
    assert schedule.explain == f"до {due:%d.%m.%Y}"


RECURRING = [
    ("ежеквартально", ONE_YEAR, [D(2022, 12, 31), D(2023, 3, 31), D(2023, 6, 30)]),
    ("ежеквартально", MULTI, [d for d in month_ends((2023, 1), 48) if d.month % 3 == 0]),
    ("ежемесячно", ONE_YEAR, month_ends((2022, 11), 10)),
    ("ежемесячно", ORDER, month_ends((2024, 3), 34)),
    ("ежемесячно до 5 числа", ONE_YEAR, days_of_month(5, (2022, 11), 10)),
    ("до 15 числа каждого месяца", ONE_YEAR, days_of_month(15, (2022, 11), 10)),
    ("2 раза в год", ONE_YEAR, [D(2022, 12, 31), D(2023, 5, 31)]),
    ("2 раза в год", MULTI, [D(y, m, 31) for y in range(2023, 2027) for m in (5, 12)]),
    ("ежегодно до 1 сентября", MULTI, [D(y, 9, 1) for y in range(2023, 2027)]),
    ("1 раз в год", MULTI, [D(y, 5, 31) for y in range(2023, 2027)]),
    ("Ежегодно (декабрь)", ORDER, [D(2024, 12, 31), D(2025, 12, 31), D(2026, 12, 31)]),
    ("в течение года", MULTI, [D(y, 12, 31) for y in range(2023, 2027)]),
]


@pytest.mark.parametrize(("phrase", "ctx", "dues"), RECURRING,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(RECURRING)])
def test_recurring(phrase: str, ctx: PlanContext, dues: list[date]) -> None:
    schedule = parse_deadline(phrase, ctx)
    assert schedule.kind == Kind.RECURRING
    assert schedule.due_dates == dues
    first, last = dues[0].year, dues[-1].year
    assert schedule.explain.endswith(f"({first}–{last})" if first != last else f"({first})")


def test_compound_then_every_year() -> None:
    schedule = parse_deadline("сентябрь 2023, далее ежегодно", MULTI)
    assert schedule.kind == Kind.COMPOUND
    assert schedule.due_dates == [D(y, 9, 30) for y in range(2023, 2027)]
    assert all(d.window_start == d.due_on.replace(day=1) for d in schedule.dues)
    assert schedule.explain == "окно 01.09.2023–30.09.2023, далее ежегодно"


def test_compound_then_as_needed() -> None:
    schedule = parse_deadline("до 01.03.2023; далее — по мере необходимости", MULTI)
    assert schedule.kind == Kind.COMPOUND
    assert schedule.due_dates == [D(2023, 3, 1)]
    assert schedule.explain.endswith("далее по мере необходимости")


@pytest.mark.parametrize(
    ("phrase", "ctx", "kind"),
    [
        ("по мере необходимости", MULTI, Kind.AS_NEEDED),
        ("По необходимости.", MULTI, Kind.AS_NEEDED),
        ("Постоянно", MULTI, Kind.CONTINUOUS),
        ("в постоянном режиме", MULTI, Kind.CONTINUOUS),
        ("в течение всего периода", ORDER, Kind.CONTINUOUS),  # no period end: never due
        ("по графику", MULTI, Kind.BY_PLAN),
        ("в течение месяца", MULTI, Kind.UNKNOWN),  # a month from what? truly ambiguous
        ("31.02.2023", MULTI, Kind.UNKNOWN),
        ("сделать хорошо", MULTI, Kind.UNKNOWN),
    ],
)
def test_undated_kinds(phrase: str, ctx: PlanContext, kind: Kind) -> None:
    schedule = parse_deadline(phrase, ctx)
    assert schedule.kind == kind
    assert schedule.dues == ()
    assert schedule.explain


@pytest.mark.parametrize(
    ("phrase", "owner"),
    [
        ("По плану ЦПК", "ЦПК"),
        ("по плану «Центра планирования карьеры»", "ЦПК"),
        ("Планирование карьеры", "ЦПК"),
        ("По плану ДОО ТО", "ДОО_ТО"),
        ("в соответствии с планом работы ИМЦ", "ИМЦ"),
        ("По отдельному плану", None),
        ("По плану работы школы", "работы школы"),
    ],
)
def test_by_plan_owner(phrase: str, owner: str | None) -> None:
    schedule = parse_deadline(phrase, MULTI)
    assert schedule.kind == Kind.BY_PLAN
    assert schedule.owner == owner
    assert schedule.explain.startswith("дата не назначена: ")


def test_explanations_are_short_and_russian() -> None:
    assert parse_deadline("Постоянно", MULTI).explain == "постоянно: без срока, не просрочивается"
    assert parse_deadline("По плану ЦПК", MULTI).explain == "дата не назначена: по плану ЦПК"
    assert parse_deadline("абв", MULTI).explain == "не распознано: «абв»"
    assert parse_deadline(None, MULTI).kind == Kind.UNKNOWN
    assert parse_deadline("", MULTI).explain
    yearly = parse_deadline("Ежегодно до 25 сентября", MULTI)
    assert yearly.explain == "ежегодно до 25 сентября (2023–2026)"


def test_yearless_month_without_any_plan_date_has_no_dues() -> None:
    schedule = parse_deadline("март", PlanContext(None, None, None))
    assert schedule.kind == Kind.WINDOW
    assert schedule.dues == ()
    assert "год не определён" in schedule.explain


def test_calendar_is_configurable() -> None:
    cal = AcademicCalendar(teaching_end_month=6, teaching_end_day=30)
    ctx = PlanContext(date(2022, 9, 1), date(2023, 8, 31), date(2022, 9, 1), calendar=cal)
    assert parse_deadline("В течение учебного года", ctx).dues == (
        Due(D(2023, 6, 30), D(2022, 9, 1)),
    )


def test_open_order_recurs_to_horizon() -> None:
    ctx = PlanContext(None, None, date(2024, 3, 2), horizon=date(2024, 12, 31))
    assert parse_deadline("ежеквартально", ctx).due_dates == [
        D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31),
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("План мероприятий на 2022 – 2023 учебный год", (D(2022, 9, 1), D(2023, 8, 31))),
        ("Дорожная карта на 2022/23 уч. год", (D(2022, 9, 1), D(2023, 8, 31))),
        ("Дорожная карта на период до 2025 года", (D(2021, 11, 8), D(2025, 12, 31))),
        ("Программа на 2019-2025 годы", (D(2019, 1, 1), D(2025, 12, 31))),
        ("План на 2024 год", (D(2024, 1, 1), D(2024, 12, 31))),
        ("План мероприятий по подготовке к ГИА в 2025 году", (D(2025, 1, 1), D(2025, 12, 31))),
        ("Распоряжение об организации работы", (None, None)),
        ("", (None, None)),
    ],
)
def test_plan_period_from_title(title: str, expected: tuple[date | None, date | None]) -> None:
    assert plan_period_from_title(title, D(2021, 11, 8)) == expected

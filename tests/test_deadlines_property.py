"""Property tests: parse_deadline never raises and its dues are always sane."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_tui.deadlines import Kind, PlanContext, Schedule, parse_deadline
from roadmap_tui.deadlines.engine import parse_unguarded

FRAGMENTS = [
    "Ежегодно", "ежегодно", "до", "Срок:", "в срок", "в течение", "учебного года",
    "учебный год", "уч. г.", "года", "г.", "гг.", "год", "Далее", "далее –", "по мере необходимости",
    "постоянно", "По плану", "ЦПК", "ИМЦ", "ДОО ТО", "квартал", "полугодие", "I", "II",
    "IV", "раз в", "2 раза в месяц", "1 раз в квартал", "ежемесячно", "числа", "каждого месяца",
    "январь", "февраля", "март", "мая", "июнь", "августа", "сентябрь", "Октябрь", "ноября",
    "декабрь", "-", "–", "—", ",", ";", ".", "и", "с", "по", "<p>", "</p>", "**",
    "01.09.2023", "31.02.2023", "29.02.2024", "1.1.99", "00.00.0000",
    "еженедельно", "ежедневно", "по пятницам", "средам", "14:00", "09.00 ч.", "10.05", "т.г.",
    "текущего года", "кв.", "к", "*", "¹", "в срок до", "следующего за отчетным",
]  # fmt: skip
NUMBERS = st.integers(min_value=0, max_value=99999).map(str)
PHRASES = st.lists(st.sampled_from(FRAGMENTS) | NUMBERS, max_size=10).map(" ".join)
GLUED = st.lists(st.sampled_from(FRAGMENTS) | NUMBERS, max_size=8).map("".join)
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def contexts(draw: st.DrawFn) -> PlanContext:
    start = draw(st.none() | DATES)
    end = draw(st.none() | DATES)
    doc = draw(st.none() | DATES)
    horizon = draw(DATES | st.dates())  # extreme horizons must stay cheap and valid
    return PlanContext(start, end, doc, horizon=horizon)


def check(schedule: Schedule, phrase: str | None, ctx: PlanContext) -> None:
    # The rules themselves must not raise: the guard in parse_deadline is a safety net.
    parse_unguarded(phrase or "", ctx)
    assert isinstance(schedule.kind, Kind)
    assert schedule.phrase == (phrase or "")
    assert schedule.explain
    days = schedule.due_dates
    assert days == sorted(set(days))
    for due in schedule.dues:
        assert date(1990, 1, 1) <= due.due_on <= date(2100, 12, 31)
        if due.window_start is not None:
            assert due.window_start <= due.due_on
    if schedule.kind in (Kind.CONTINUOUS, Kind.BY_PLAN, Kind.AS_NEEDED, Kind.UNKNOWN):
        assert schedule.dues == ()
    if schedule.kind == Kind.RECURRING and schedule.dues:
        lo = ctx.recurrence_start
        assert lo is not None and lo <= days[0]
        assert days[-1] <= ctx.recurrence_end


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(phrase=st.none() | st.text(max_size=80), ctx=contexts())
def test_never_raises_on_arbitrary_text(phrase: str | None, ctx: PlanContext) -> None:
    check(parse_deadline(phrase, ctx), phrase, ctx)


@settings(max_examples=800, suppress_health_check=[HealthCheck.too_slow])
@given(phrase=PHRASES | GLUED, ctx=contexts())
def test_never_raises_on_deadline_vocabulary(phrase: str, ctx: PlanContext) -> None:
    check(parse_deadline(phrase, ctx), phrase, ctx)


@given(ctx=contexts())
def test_undated_phrases_stay_undated(ctx: PlanContext) -> None:
    for phrase in ("Постоянно", "по мере необходимости", "По плану ЦПК"):
        assert parse_deadline(phrase, ctx).dues == ()

"""The states a coordinator sees, as of a day: one rule, in Python and in SQL.

A stored status is what a person decided; "просрочено" and "выполнено с
нарушением срока" are facts about dates as of a given day, so they are computed,
never stored. `derive` decides one row in Python; `STATE_SQL` decides the same
in a WHERE clause (binding :today and :soon). Both are written here, side by
side, and a property test holds them to the same answer on arbitrary rows;
every list, count, feed and digest uses one of the two. The overview counts
from tallies kept by triggers (`TALLY_SQL`), held to the same rule by the same test.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from roadmap_tui.model.statuses import OPEN_SQL, STATUS_LABELS, Status

#: "Скоро срок": due within this many days (the due day itself counts as soon).
SOON_DAYS = 14


class Derived(StrEnum):
    """What the coordinator sees, as of a day."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UNDATED = "undated"
    OPEN = "open"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    CANCELLED = "cancelled"


DERIVED_LABELS: dict[Derived, str] = {
    Derived.OVERDUE: "просрочено",
    Derived.DUE_SOON: "скоро срок",
    Derived.UNDATED: "дата не назначена",
    Derived.OPEN: "в плане",
    Derived.DONE_ON_TIME: "выполнено",
    Derived.DONE_LATE: "выполнено с нарушением срока",
    Derived.CANCELLED: "отменено",
}


def derive(
    status: Status,
    due_on: date | None,
    completed_on: date | None,
    as_of: date,
    soon_days: int = SOON_DAYS,
) -> Derived:
    """The state shown for an assignment as of `as_of` (due day itself is not late)."""
    if status is Status.CANCELLED:
        return Derived.CANCELLED
    if status is Status.DONE:
        if due_on is not None and completed_on is not None and completed_on > due_on:
            return Derived.DONE_LATE
        return Derived.DONE_ON_TIME
    if due_on is None:
        return Derived.UNDATED
    if due_on < as_of:
        return Derived.OVERDUE
    if (due_on - as_of).days <= soon_days:
        return Derived.DUE_SOON
    return Derived.OPEN


def soon_end(as_of: date, soon_days: int = SOON_DAYS) -> date:
    """The last day that is still "скоро срок" as of `as_of` (bound as :soon)."""
    return as_of + timedelta(days=soon_days)


def _sql(alias: str) -> dict[str, str]:
    a = f"{alias}." if alias else ""
    is_open = f"{a}status IN ({OPEN_SQL})"
    rules: dict[str, str] = {
        Derived.OVERDUE: f"{is_open} AND {a}due_on < :today",
        Derived.DUE_SOON: f"{is_open} AND {a}due_on >= :today AND {a}due_on <= :soon",
        Derived.UNDATED: f"{is_open} AND {a}due_on IS NULL",
        Derived.OPEN: f"{is_open} AND {a}due_on > :soon",
        Derived.DONE_ON_TIME: f"{a}status = 'done' AND ({a}due_on IS NULL OR {a}completed_on IS NULL"
        f" OR {a}completed_on <= {a}due_on)",
        Derived.DONE_LATE: f"{a}status = 'done' AND {a}completed_on > {a}due_on",
        Derived.CANCELLED: f"{a}status = 'cancelled'",
    }
    rules.update({f"status:{s.value}": f"{a}status = '{s.value}'" for s in Status})
    return rules


#: One SQL condition per state over `assignment a` (and per stored status, as
#: "status:<value>"), binding :today and :soon (see `soon_end`).
STATE_SQL: dict[str, str] = _sql("a")


def _tally(alias: str) -> dict[str, str]:
    t = f"{alias}."
    return {
        Derived.OVERDUE: f"{t}state = 'open' AND {t}day < :today",
        Derived.DUE_SOON: f"{t}state = 'open' AND {t}day >= :today AND {t}day <= :soon",
        Derived.UNDATED: f"{t}state = 'undated'",
        Derived.OPEN: f"{t}state = 'open' AND {t}day > :soon",
        Derived.DONE_ON_TIME: f"{t}state = 'done_on_time'",
        Derived.DONE_LATE: f"{t}state = 'done_late'",
        Derived.CANCELLED: f"{t}state = 'cancelled'",
    }


#: The same states over a tally row `t` (body_tally, item_tally: state class, day, n),
#: which triggers keep in step with `assignment`: open work by due day, the rest by class.
TALLY_SQL: dict[str, str] = _tally("t")


def state_sql(state: str, alias: str = "a") -> str:
    """The condition for `state` over the assignment table aliased `alias` ("" for none)."""
    return STATE_SQL[state] if alias == "a" else _sql(alias)[state]


def state_case(alias: str = "a") -> str:
    """A CASE expression naming each row's derived state (the `Derived` value)."""
    rules = _sql(alias)
    whens = " ".join(f"WHEN {rules[d]} THEN '{d.value}'" for d in Derived)
    return f"CASE {whens} END"


def status_name(value: str) -> str:
    """A stored status as a coordinator reads it («в работе»); a value we do not know, as stored."""
    try:
        return STATUS_LABELS[Status(value)]
    except ValueError:
        return value

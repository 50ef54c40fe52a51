"""Assignment statuses, their Russian names, and the states derived from dates.

Stored statuses are what a person decided; "просрочено" and "выполнено с
нарушением срока" are facts about dates as of a given day, so they are
computed, never stored.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class Status(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


STATUS_LABELS: dict[Status, str] = {
    Status.PLANNED: "запланировано",
    Status.IN_PROGRESS: "в работе",
    Status.DONE: "выполнено",
    Status.CANCELLED: "отменено",
    Status.POSTPONED: "перенесено",
}

#: Statuses that still owe something: only these can become overdue.
OPEN_STATUSES: tuple[Status, ...] = (Status.PLANNED, Status.IN_PROGRESS, Status.POSTPONED)
#: The same, as an SQL list for `status IN (…)` (constants, so no injection risk).
OPEN_SQL = ", ".join(f"'{s.value}'" for s in OPEN_STATUSES)


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

_ALIASES = {label: status for status, label in STATUS_LABELS.items()}
_ALIASES.update({status.value: status for status in Status})
_ALIASES.update({"сделано": Status.DONE, "отмена": Status.CANCELLED, "перенос": Status.POSTPONED})


def parse_status(text: str) -> Status | None:
    """Accept a status as typed by a person: Russian name or code, any case."""
    return _ALIASES.get(text.strip().lower().replace("ё", "е"))


def derive(
    status: Status,
    due_on: date | None,
    completed_on: date | None,
    as_of: date,
    soon_days: int = 14,
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

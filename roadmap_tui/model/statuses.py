"""Assignment statuses as stored: what a person decided, with their Russian names.

The states derived from dates ("просрочено", "выполнено с нарушением срока")
are facts as of a given day, computed by the read model (`roadmap_tui.read.states`).
"""

from __future__ import annotations

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

#: The batch prefix of status changes an item correction made: they are undone with the
#: correction, never by `undo` of status changes.
ITEM_CHANGE_BATCH = "item-change:"


_ALIASES = {label: status for status, label in STATUS_LABELS.items()}
_ALIASES.update({status.value: status for status in Status})
_ALIASES.update({"сделано": Status.DONE, "отмена": Status.CANCELLED, "перенос": Status.POSTPONED})


def parse_status(text: str) -> Status | None:
    """Accept a status as typed by a person: Russian name or code, any case."""
    return _ALIASES.get(text.strip().lower().replace("ё", "е"))

"""The audit trail as people read it: status changes of an assignment, corrections of an item.

One shape for each, read by column name, shared by the CLI (`roadmap history`,
`roadmap item`), the UI's details and the status core that writes them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date, datetime

from roadmap_tui.errors import NotFound
from roadmap_tui.model.connection import Reader
from roadmap_tui.settings import TIMEZONE

#: The Russian names of the item fields a correction may change.
FIELD_LABELS = {"title": "мероприятие", "deadline": "срок", "bodies": "ответственные",
                "report_form": "форма отчёта", "note": "примечание", "withdrawn": "исключение",
                "document": "документ"}


@dataclass(frozen=True)
class Change:
    """One recorded change of an assignment (a row of `status_change`): who, when, why, before."""

    assignment_id: int
    new_status: str
    changed_at: datetime
    changed_by: str
    id: int = 0
    batch: str | None = None
    old_status: str | None = None
    old_due_on: date | None = None
    new_due_on: date | None = None
    old_completed_on: date | None = None
    completed_on: date | None = None
    report_received: bool | None = None
    report_ref: str | None = None
    comment: str | None = None
    undo_of: int | None = None
    old_report_received: bool | None = None
    old_report_ref: str | None = None
    old_comment: str | None = None
    new_version: int | None = None

    @property
    def when(self) -> datetime:
        """When it was made, in the coordinators' zone (stored in UTC)."""
        return self.changed_at.astimezone(TIMEZONE)


#: Every column of `status_change`, named as `Change`'s fields.
CHANGE_COLUMNS = ", ".join(f.name for f in fields(Change))


def status_history(reader: Reader, assignment_id: int) -> list[Change]:
    """Every recorded change of one assignment, oldest first (NotFound for no such assignment)."""
    if reader.value("SELECT id FROM assignment WHERE id = :id", {"id": assignment_id}) is None:
        raise NotFound(f"Назначение №{assignment_id} не найдено.")
    return reader.records(Change, f"SELECT {CHANGE_COLUMNS} FROM status_change"
                                  " WHERE assignment_id = :a ORDER BY id", {"a": assignment_id})


@dataclass(frozen=True)
class Correction:
    """One recorded correction of an item (a row of `item_change`); values are JSON."""

    id: int
    field: str
    old_value: str | None
    new_value: str | None
    changed_at: datetime
    changed_by: str
    reason: str | None

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


def item_corrections(reader: Reader, item_id: int) -> list[Correction]:
    """Every recorded correction of one item, oldest first."""
    return reader.records(Correction, "SELECT id, field, old_value, new_value, changed_at,"
                                      " changed_by, reason FROM item_change"
                                      " WHERE item_id = :i ORDER BY id", {"i": item_id})


def corrections_of_assignment(reader: Reader, assignment_id: int) -> list[Correction]:
    """The corrections of an assignment's item: they explain moved dates and cancellations."""
    item_id = reader.value("SELECT item_id FROM assignment WHERE id = :id", {"id": assignment_id})
    return [] if item_id is None else item_corrections(reader, int(item_id))


def shown(value: str | None) -> str:
    """A recorded JSON value as a person reads it."""
    if value is None:
        return "—"
    loaded = json.loads(value)
    if isinstance(loaded, list):
        return ", ".join(str(v) for v in loaded) or "—"
    return str(loaded) if loaded not in (None, "") else "—"

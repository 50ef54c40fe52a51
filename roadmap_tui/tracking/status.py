"""Status changes: every one is a transaction, versioned, and recorded.

A change may name the version it was based on; if another coordinator
changed the row meanwhile, the update matches nothing and is refused
(StaleVersion) instead of silently overwriting their work. A change that
names no version applies to the row as it is now: the row is locked when read
(the write transaction's lock on SQLite, FOR UPDATE on PostgreSQL), so a
concurrent writer can never make it stale. History is append-only and keeps
the full before-image: an undo is itself a recorded change, restores exactly
what the undone change replaced, and is refused as stale when the row
changed since.

Plain SQL through `model.connection` (no ORM): `roadmap status` and `undo`
are the commands a coordinator scripts by the dozen, and the UI calls these
same functions.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import Any

from roadmap_tui.dates import fmt
from roadmap_tui.errors import BadInput, NotFound, StaleVersion
from roadmap_tui.model.connection import Writer
from roadmap_tui.model.statuses import ITEM_CHANGE_BATCH, STATUS_LABELS, Status
from roadmap_tui.read.history import CHANGE_COLUMNS, Change


@dataclass(frozen=True)
class StatusUpdate:
    """What a person asks to change on one assignment."""

    status: Status
    comment: str | None = None
    completed_on: date | None = None  # for "выполнено"; defaults to today
    new_due_on: date | None = None  # for "перенесено" (or setting a date for an undated item)
    report_received: bool | None = None
    report_ref: str | None = None
    expected_version: int | None = None  # None: take the row as it is now


@dataclass(frozen=True)
class AssignmentState:
    """The fields of an assignment that a change reads, checks and may replace."""

    id: int
    status: str
    due_on: date | None
    completed_on: date | None
    window_start: date | None
    original_due_on: date | None
    report_received: bool
    report_ref: str | None
    comment: str | None
    version: int


_STATE_SQL = ("SELECT id, status, due_on, completed_on, window_start, original_due_on,"
              " report_received, report_ref, comment, version FROM assignment WHERE id = :id")
_RECORDED = [f.name for f in fields(Change) if f.name != "id"]
_INSERT_CHANGE = (f"INSERT INTO status_change ({', '.join(_RECORDED)})"
                  f" VALUES ({', '.join(':' + name for name in _RECORDED)}) RETURNING id")


def change_status(
    tx: Writer,
    assignment_id: int,
    change: StatusUpdate,
    *,
    by: str,
    today: date,
    now: datetime,
    batch: str | None = None,
) -> Change:
    """Apply one change and record it; raise BadInput/NotFound/StaleVersion in Russian."""
    now = _utc(now)
    row = _load(tx, assignment_id)
    expected = row.version if change.expected_version is None else change.expected_version
    if expected != row.version:
        raise _stale(assignment_id)
    _validate(row, change, today)
    values: dict[str, Any] = {"status": change.status.value, "updated_at": now}
    if change.status is Status.DONE:
        values["completed_on"] = change.completed_on or today
    elif row.completed_on is not None:
        values["completed_on"] = None
    if change.new_due_on is not None:
        values["due_on"] = change.new_due_on
    if change.comment:
        values["comment"] = change.comment
    if change.report_received is not None:
        values["report_received"] = change.report_received
    if change.report_ref is not None:
        values["report_ref"] = change.report_ref
    _versioned_update(tx, assignment_id, expected, values)
    return _record(tx, Change(
        assignment_id=assignment_id, batch=batch, old_status=row.status,
        new_status=change.status.value, old_due_on=row.due_on,
        new_due_on=values.get("due_on", row.due_on), old_completed_on=row.completed_on,
        completed_on=values.get("completed_on", row.completed_on),
        report_received=change.report_received, report_ref=change.report_ref,
        old_report_received=row.report_received, old_report_ref=row.report_ref,
        old_comment=row.comment, new_version=expected + 1, changed_at=now, changed_by=by,
        comment=change.comment,
    ))


def moves_into_past(change: StatusUpdate, today: date) -> bool:
    """Whether the change sets a due date that has already passed (worth a confirmation)."""
    return change.new_due_on is not None and change.new_due_on < today


def _utc(now: datetime) -> datetime:
    """Timestamps are stored as UTC; a naive one would be read in the wrong zone."""
    if now.tzinfo is None:
        raise ValueError("naive timestamp: the clock must give an aware datetime")
    return now.astimezone(UTC)


def _stale(assignment_id: int) -> StaleVersion:
    return StaleVersion(
        f"Назначение №{assignment_id} уже изменил другой пользователь "
        "(версия устарела). Обновите данные и повторите."
    )


def _load(tx: Writer, assignment_id: int) -> AssignmentState:
    # FOR UPDATE (PostgreSQL; SQLite already holds the write lock): the row read
    # is the row updated, whoever else is writing.
    row = tx.record(AssignmentState, f"{_STATE_SQL} {tx.for_update}", {"id": assignment_id})
    if row is None:
        raise NotFound(f"Назначение №{assignment_id} не найдено.")
    return row


def _validate(row: AssignmentState, change: StatusUpdate, today: date) -> None:
    if change.status is Status.POSTPONED:
        if change.new_due_on is None:
            raise BadInput("Для статуса «перенесено» укажите новую дату (--date ДД.ММ.ГГГГ).")
        if not (change.comment or "").strip():
            raise BadInput("Для статуса «перенесено» укажите причину (--comment).")
    if change.status is Status.DONE and change.completed_on and change.completed_on > today:
        raise BadInput(
            f"Дата выполнения {fmt(change.completed_on)} ещё не наступила (сегодня "
            f"{fmt(today)}): отметить выполненным можно только прошедшим днём."
        )
    if (
        change.status is Status.DONE
        and change.completed_on
        and row.window_start
        and change.completed_on < row.window_start
    ):
        raise BadInput(
            f"Дата выполнения {fmt(change.completed_on)} раньше начала периода "
            f"{fmt(row.window_start)}."
        )
    unchanged = (
        change.status.value == row.status
        and change.new_due_on in (None, row.due_on)
        and change.report_received in (None, row.report_received)
        and change.report_ref in (None, row.report_ref)
        and not change.comment
        and (change.completed_on in (None, row.completed_on))
    )
    if unchanged:
        raise BadInput(f"Назначение №{row.id} уже «{STATUS_LABELS[change.status]}».")


def _versioned_update(tx: Writer, assignment_id: int, expected: int, values: dict[str, Any]) -> None:
    assignments = ", ".join(f"{name} = :{name}" for name in values)
    changed = tx.execute(
        f"UPDATE assignment SET version = version + 1, {assignments}"
        " WHERE id = :assignment_id AND version = :expected",
        {**values, "assignment_id": assignment_id, "expected": expected},
    )
    if changed != 1:
        raise _stale(assignment_id)


def _record(tx: Writer, entry: Change) -> Change:
    values = asdict(entry)
    del values["id"]
    return replace(entry, id=tx.insert(_INSERT_CHANGE, values))


def change_many(
    tx: Writer,
    assignment_ids: list[int],
    change: StatusUpdate,
    *,
    by: str,
    today: date,
    now: datetime,
    versions: dict[int, int] | None = None,
) -> list[Change]:
    """Apply one change to many assignments as one batch (undone together); the recorded changes."""
    batch = os.urandom(16).hex()  # uuid4's randomness, without importing uuid (and platform)
    return [change_status(tx, assignment_id,
                          replace(change, expected_version=(versions or {}).get(assignment_id)),
                          by=by, today=today, now=now, batch=batch)
            for assignment_id in assignment_ids]


# Walks `by`'s changes newest first on (changed_by, id), each candidate probed in the
# partial undo_of index: a NOT IN (SELECT undo_of …) read the whole history each time.
# Effects of item corrections are undone with their correction, not here.
LAST_OWN_SQL = f"""
SELECT {CHANGE_COLUMNS} FROM status_change s
WHERE s.changed_by = :by AND s.undo_of IS NULL
  AND (s.batch IS NULL OR s.batch NOT LIKE '{ITEM_CHANGE_BATCH}%')
  AND NOT EXISTS (SELECT 1 FROM status_change u WHERE u.undo_of = s.id)
ORDER BY s.id DESC LIMIT 1
"""


def undo_last(tx: Writer, *, by: str, now: datetime) -> list[Change]:
    """Revert the latest change (or batch) by `by` that is not yet undone."""
    last = tx.record(Change, LAST_OWN_SQL, {"by": by})
    if last is None:
        raise NotFound("Нечего отменять: ваших изменений нет.")
    group = (tx.records(Change, f"SELECT {CHANGE_COLUMNS} FROM status_change"
                                " WHERE batch = :batch ORDER BY id", {"batch": last.batch})
             if last.batch else [last])
    now = _utc(now)
    reverts = []
    for entry in group:
        row = _load(tx, entry.assignment_id)
        if _changed_since(tx, entry, row):
            raise StaleVersion(
                f"Назначение №{entry.assignment_id} изменено после изменения №{entry.id} "
                "(другим пользователем или позже вами); отмена вернула бы его поверх их "
                "правки. Посмотрите историю: roadmap history " + str(entry.assignment_id)
            )
        values = _before_image(entry)
        values["updated_at"] = now
        _versioned_update(tx, entry.assignment_id, row.version, values)
        reverts.append(_record(tx, Change(
            assignment_id=entry.assignment_id, old_status=row.status,
            new_status=str(values["status"]), old_due_on=row.due_on, new_due_on=entry.old_due_on,
            old_completed_on=row.completed_on, completed_on=entry.old_completed_on,
            report_received=values.get("report_received"), report_ref=values.get("report_ref"),
            old_report_received=row.report_received, old_report_ref=row.report_ref,
            old_comment=row.comment, new_version=row.version + 1, changed_at=now,
            changed_by=by, comment=f"отмена изменения №{entry.id}", undo_of=entry.id,
        )))
    return reverts


def _changed_since(tx: Writer, entry: Change, row: AssignmentState) -> bool:
    """Whether the row changed after `entry` in a way still in effect (undoing `entry`
    would then overwrite it). Later changes that were themselves undone cancel out."""
    later = tx.rows("SELECT id, undo_of FROM status_change"
                    " WHERE assignment_id = :a AND id > :id", {"a": entry.assignment_id, "id": entry.id})
    undone = {undo_of for _, undo_of in later if undo_of is not None}
    in_effect = [change_id for change_id, undo_of in later
                 if change_id not in undone and not (undo_of is not None and undo_of > entry.id)]
    if in_effect:
        return True
    # Every version bump is recorded; one that is not means an edit we cannot see.
    return entry.new_version is not None and row.version != entry.new_version + len(later)


def _before_image(entry: Change) -> dict[str, Any]:
    """The assignment's fields as they were before `entry` (as far as it recorded them)."""
    values: dict[str, Any] = {
        "status": entry.old_status or Status.PLANNED.value,
        "due_on": entry.old_due_on,
        "completed_on": entry.old_completed_on,
    }
    if entry.new_version is not None:  # a full before-image (revision 0003 on)
        values["report_received"] = bool(entry.old_report_received)
        values["report_ref"] = entry.old_report_ref
        values["comment"] = entry.old_comment
    return values


def set_due_date(
    tx: Writer,
    assignment_id: int,
    new_due_on: date,
    *,
    reason: str,
    by: str,
    today: date,
    now: datetime,
    expected_version: int | None = None,
) -> Change:
    """Give an undated assignment its date, or move a dated one ("перенесено")."""
    if not reason.strip():
        raise BadInput("Укажите причину назначения или переноса срока.")
    row = _load(tx, assignment_id)
    status = Status(row.status)
    if row.original_due_on is not None and status is not Status.DONE:
        status = Status.POSTPONED
    change = StatusUpdate(
        status=status, comment=reason, new_due_on=new_due_on, expected_version=expected_version
    )
    return change_status(tx, assignment_id, change, by=by, today=today, now=now)

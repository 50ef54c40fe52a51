"""Status changes: every one is a transaction, versioned, and recorded.

A change may name the version it was based on; if another coordinator
changed the row meanwhile, the update matches nothing and is refused
(StaleVersion) instead of silently overwriting their work. A change that
names no version applies to the row as it is now: the row is locked when read
(the unit of work's write lock on SQLite, FOR UPDATE on PostgreSQL), so a
concurrent writer can never make it stale. History is append-only and keeps
the full before-image: an undo is itself a recorded change, restores exactly
what the undone change replaced, and is refused as stale when the row
changed since.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy import exists, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from roadmap_tui.dates import fmt
from roadmap_tui.errors import BadInput, NotFound, StaleVersion
from roadmap_tui.model.statuses import STATUS_LABELS, Status
from roadmap_tui.model.tables import Assignment, StatusChange


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


def change_status(
    session: Session,
    assignment_id: int,
    change: StatusUpdate,
    *,
    by: str,
    today: date,
    now: datetime,
    batch: str | None = None,
) -> StatusChange:
    """Apply one change and record it; raise BadInput/NotFound/StaleVersion in Russian."""
    now = _utc(now)
    assignment = _load(session, assignment_id)
    expected = assignment.version if change.expected_version is None else change.expected_version
    if expected != assignment.version:
        raise _stale(assignment_id)
    _validate(assignment, change, today)
    values: dict[str, object] = {"status": change.status.value, "updated_at": now}
    if change.status is Status.DONE:
        values["completed_on"] = change.completed_on or today
    elif assignment.completed_on is not None:
        values["completed_on"] = None
    if change.new_due_on is not None:
        values["due_on"] = change.new_due_on
    if change.comment:
        values["comment"] = change.comment
    if change.report_received is not None:
        values["report_received"] = change.report_received
    if change.report_ref is not None:
        values["report_ref"] = change.report_ref
    entry = StatusChange(
        assignment_id=assignment_id,
        batch=batch,
        old_status=assignment.status,
        new_status=change.status.value,
        old_due_on=assignment.due_on,
        new_due_on=values.get("due_on", assignment.due_on),  # type: ignore[arg-type]
        old_completed_on=assignment.completed_on,
        completed_on=values.get("completed_on", assignment.completed_on),  # type: ignore[arg-type]
        report_received=change.report_received,
        report_ref=change.report_ref,
        old_report_received=assignment.report_received,
        old_report_ref=assignment.report_ref,
        old_comment=assignment.comment,
        new_version=expected + 1,
        changed_at=now,
        changed_by=by,
        comment=change.comment,
    )
    _versioned_update(session, assignment_id, expected, values)
    session.add(entry)
    session.flush()
    return entry


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


def _load(session: Session, assignment_id: int) -> Assignment:
    # FOR UPDATE (PostgreSQL; SQLite already holds the write lock): the row read
    # is the row updated, whoever else is writing.
    assignment = session.get(Assignment, assignment_id, with_for_update=True,
                             populate_existing=True)
    if assignment is None:
        raise NotFound(f"Назначение №{assignment_id} не найдено.")
    return assignment


def _validate(assignment: Assignment, change: StatusUpdate, today: date) -> None:
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
        and assignment.window_start
        and change.completed_on < assignment.window_start
    ):
        raise BadInput(
            f"Дата выполнения {fmt(change.completed_on)} раньше начала периода "
            f"{fmt(assignment.window_start)}."
        )
    unchanged = (
        change.status.value == assignment.status
        and change.new_due_on in (None, assignment.due_on)
        and change.report_received in (None, assignment.report_received)
        and change.report_ref in (None, assignment.report_ref)
        and not change.comment
        and (change.completed_on in (None, assignment.completed_on))
    )
    if unchanged:
        raise BadInput(f"Назначение №{assignment.id} уже «{STATUS_LABELS[change.status]}».")


def _versioned_update(
    session: Session, assignment_id: int, expected: int, values: Mapping[str, object]
) -> None:
    result = session.execute(
        update(Assignment)
        .where(col(Assignment.id) == assignment_id, col(Assignment.version) == expected)
        .values(version=Assignment.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise _stale(assignment_id)
    session.expire_all()


def change_many(
    session: Session,
    assignment_ids: list[int],
    change: StatusUpdate,
    *,
    by: str,
    today: date,
    now: datetime,
    versions: dict[int, int] | None = None,
) -> str:
    """Apply one change to many assignments as one batch (undone together); return its id."""
    batch = uuid.uuid4().hex
    for assignment_id in assignment_ids:
        expected = (versions or {}).get(assignment_id)
        one = replace(change, expected_version=expected)
        change_status(session, assignment_id, one, by=by, today=today, now=now, batch=batch)
    return batch


def undo_last(session: Session, *, by: str, now: datetime) -> list[StatusChange]:
    """Revert the latest change (or batch) by `by` that is not yet undone."""
    # NOT EXISTS over the undo_of index, walking `by`'s changes newest first on
    # (changed_by, id): a NOT IN (SELECT undo_of …) read the whole history each time.
    undoing = aliased(StatusChange)
    undone = exists().where(col(undoing.undo_of) == col(StatusChange.id))
    last = session.exec(
        select(StatusChange)
        .where(
            StatusChange.changed_by == by,
            col(StatusChange.undo_of).is_(None),
            # Effects of item corrections are undone with their correction, not here.
            or_(col(StatusChange.batch).is_(None), ~col(StatusChange.batch).startswith("item-change:")),
            ~undone,
        )
        .order_by(col(StatusChange.id).desc())
        .limit(1)
    ).first()
    if last is None:
        raise NotFound("Нечего отменять: ваших изменений нет.")
    group = (
        list(session.exec(select(StatusChange).where(StatusChange.batch == last.batch)))
        if last.batch
        else [last]
    )
    now = _utc(now)
    reverts = []
    for entry in sorted(group, key=lambda e: e.id or 0):
        assignment = _load(session, entry.assignment_id)
        if _changed_since(session, entry, assignment):
            raise StaleVersion(
                f"Назначение №{entry.assignment_id} изменено после изменения №{entry.id} "
                "(другим пользователем или позже вами); отмена вернула бы его поверх их "
                "правки. Посмотрите историю: roadmap history " + str(entry.assignment_id)
            )
        values = _before_image(entry)
        values["updated_at"] = now
        revert = StatusChange(
            assignment_id=entry.assignment_id,
            old_status=assignment.status,
            new_status=str(values["status"]),
            old_due_on=assignment.due_on,
            new_due_on=entry.old_due_on,
            old_completed_on=assignment.completed_on,
            completed_on=entry.old_completed_on,
            report_received=values.get("report_received"),  # type: ignore[arg-type]
            report_ref=values.get("report_ref"),  # type: ignore[arg-type]
            old_report_received=assignment.report_received,
            old_report_ref=assignment.report_ref,
            old_comment=assignment.comment,
            new_version=assignment.version + 1,
            changed_at=now,
            changed_by=by,
            comment=f"отмена изменения №{entry.id}",
            undo_of=entry.id,
        )
        _versioned_update(session, entry.assignment_id, assignment.version, values)
        session.add(revert)
        reverts.append(revert)
    session.flush()
    return reverts


def _changed_since(session: Session, entry: StatusChange, assignment: Assignment) -> bool:
    """Whether the row changed after `entry` in a way still in effect (undoing `entry`
    would then overwrite it). Later changes that were themselves undone cancel out."""
    later = list(session.exec(
        select(StatusChange).where(
            StatusChange.assignment_id == entry.assignment_id, col(StatusChange.id) > entry.id)
    ))
    undone = {e.undo_of for e in later if e.undo_of is not None}
    in_effect = [e for e in later
                 if e.id not in undone and not (e.undo_of is not None and e.undo_of > (entry.id or 0))]
    if in_effect:
        return True
    # Every version bump is recorded; one that is not means an edit we cannot see.
    return entry.new_version is not None and assignment.version != entry.new_version + len(later)


def _before_image(entry: StatusChange) -> dict[str, object]:
    """The assignment's fields as they were before `entry` (as far as it recorded them)."""
    values: dict[str, object] = {
        "status": entry.old_status or Status.PLANNED.value,
        "due_on": entry.old_due_on,
        "completed_on": entry.old_completed_on,
    }
    if entry.new_version is not None:  # a full before-image (revision 0003 on)
        values["report_received"] = bool(entry.old_report_received)
        values["report_ref"] = entry.old_report_ref
        values["comment"] = entry.old_comment
    return values


def history(session: Session, assignment_id: int) -> list[StatusChange]:
    """Every recorded change of one assignment, oldest first."""
    _load(session, assignment_id)
    return list(
        session.exec(
            select(StatusChange)
            .where(StatusChange.assignment_id == assignment_id)
            .order_by(col(StatusChange.id))
        )
    )


def set_due_date(
    session: Session,
    assignment_id: int,
    new_due_on: date,
    *,
    reason: str,
    by: str,
    today: date,
    now: datetime,
    expected_version: int | None = None,
) -> StatusChange:
    """Give an undated assignment its date, or move a dated one ("перенесено")."""
    if not reason.strip():
        raise BadInput("Укажите причину назначения или переноса срока.")
    assignment = _load(session, assignment_id)
    status = Status(assignment.status)
    if assignment.original_due_on is not None and status is not Status.DONE:
        status = Status.POSTPONED
    change = StatusUpdate(
        status=status, comment=reason, new_due_on=new_due_on, expected_version=expected_version
    )
    return change_status(session, assignment_id, change, by=by, today=today, now=now)

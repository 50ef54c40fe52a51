"""Change an item and carry its assignments along: one home for corrections and new editions.

A coordinator's correction (`tracking.items`) and a new edition of a document
(`importer.store`) change the same fields with the same effects, set-based:
new bodies gain assignments, removed ones are cancelled (never deleted),
due dates that moved take the work already recorded with them ("перенесено").
Every changed field is recorded in `item_change` with its before-image; each
status effect is a `status_change` row in batch ``item-change:<batch>``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, text
from sqlmodel import Session, col, select

from roadmap_tui.deadlines import Kind, PlanContext, Schedule, parse_deadline
from roadmap_tui.errors import BadInput
from roadmap_tui.model.materialize import materialize_assignments
from roadmap_tui.model.statuses import ITEM_CHANGE_BATCH, OPEN_SQL, Status
from roadmap_tui.model.tables import (
    UNDATED,
    Assignment,
    Body,
    Document,
    Item,
    ItemBody,
    ItemChange,
    ItemDue,
    StatusChange,
)

#: The fields a correction or an edition may change, in the order they are shown.
FIELDS = ("title", "deadline", "bodies", "report_form", "note")


@dataclass
class Effects:
    """What a revision did to assignments."""

    added: int = 0
    cancelled: int = 0
    moved: int = 0

    def __iadd__(self, other: Effects) -> Effects:
        self.added += other.added
        self.cancelled += other.cancelled
        self.moved += other.moved
        return self


@dataclass(frozen=True)
class Author:
    """Who revises, when, why, and the batch the records share."""

    by: str
    now: datetime
    reason: str
    batch: str


def plan_context(document: Document, horizon: Any) -> PlanContext:
    """The deadline engine's view of a document's period."""
    return PlanContext(period_start=document.period_start, period_end=document.period_end,
                       doc_date=document.doc_date, horizon=horizon)


def schedule_for(item_kind: str, phrase: str | None, context: PlanContext) -> Schedule:
    """An item's schedule; a control point ("Контроль … возложить") has no due date."""
    if item_kind == "control" and not phrase:
        return Schedule(phrase="", kind=Kind.CONTINUOUS, dues=(),
                        explain="контроль исполнения: без срока")
    return parse_deadline(phrase, context)


def body_codes(session: Session, item_id: int) -> list[str]:
    """The item's responsible bodies' codes, in printed order."""
    rows = session.exec(
        select(Body.code).join(ItemBody, col(ItemBody.body_id) == col(Body.id))
        .where(ItemBody.item_id == item_id).order_by(col(ItemBody.position))
    )
    return list(rows)


def current_values(session: Session, item: Item) -> dict[str, Any]:
    """The item's correctable fields as they are now."""
    assert item.id is not None
    return {"title": item.title, "deadline": item.deadline_raw, "bodies": body_codes(session, item.id),
            "report_form": item.report_form, "note": item.note}


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def revise_item(
    session: Session, item: Item, document: Document, wanted: dict[str, Any], *,
    author: Author, horizon: Any, create_bodies: bool = False, bump: bool = True,
) -> tuple[list[ItemChange], Effects]:
    """Set the fields in `wanted` that differ, record each, and carry assignments along.

    `bump=False`: the caller already took the item's next version (an optimistic lock).
    """
    assert item.id is not None and document.id is not None
    old = current_values(session, item)
    changed = {k: _clean(k, v) for k, v in wanted.items() if _clean(k, v) != old[k]}
    records = [
        ItemChange(batch=author.batch, document_id=document.id, item_id=item.id, field=name,
                   old_value=dump(old[name]), new_value=dump(value), changed_at=author.now,
                   changed_by=author.by, reason=author.reason)
        for name, value in changed.items()
    ]
    effects = Effects()
    if not changed:
        return records, effects
    for name in ("title", "report_form", "note"):
        if name in changed:
            setattr(item, name, changed[name])
    if "deadline" in changed:
        schedule = schedule_for(item.kind, changed["deadline"], plan_context(document, horizon))
        item.deadline_raw = changed["deadline"]
        item.schedule_kind, item.schedule_owner = str(schedule.kind), schedule.owner
        item.schedule_explain = schedule.explain
        effects.moved = move_dues(session, item.id, schedule, author)
    if "bodies" in changed:
        set_bodies(session, item.id, changed["bodies"], create=create_bodies)
    if bump:
        item.version += 1
        item.updated_at = author.now
    session.add(item)
    session.add_all(records)
    session.flush()
    effects.added = materialize_assignments(session, document.id)
    effects.cancelled = cancel_untargeted(session, item.id, author, author.reason)
    effects.added += reopen_retargeted(session, item.id, author)
    return records, effects


def _clean(name: str, value: Any) -> Any:
    if name == "bodies":
        return list(dict.fromkeys(str(c).strip() for c in value if str(c).strip()))
    if name == "title":
        return str(value).strip()
    return (str(value).strip() or None) if value is not None else None


def set_bodies(session: Session, item_id: int, codes: list[str], *, create: bool) -> None:
    """Replace the item's responsible bodies; unknown codes are refused (or made, for imports)."""
    known = {b.code: b.id for b in session.exec(select(Body).where(col(Body.code).in_(codes)))}
    unknown = [c for c in codes if c not in known]
    if unknown and not create:
        raise BadInput("Неизвестные ответственные: " + ", ".join(unknown)
                       + ". Коды — в справочнике (roadmap bodies).")
    for code in unknown:
        body = Body(code=code, full_name=code, short_name=code,
                    kind="school" if code.startswith("school:") else "other")
        session.add(body)
        session.flush()
        known[code] = body.id
    session.execute(delete(ItemBody).where(col(ItemBody.item_id) == item_id))
    for position, code in enumerate(codes):
        body_id = known[code]
        assert body_id is not None
        session.add(ItemBody(item_id=item_id, body_id=body_id, position=position))
    session.flush()


def move_dues(session: Session, item_id: int, schedule: Schedule, author: Author) -> int:
    """Make the due rows match `schedule`; worked-on assignments move to the new dates.

    An untouched assignment of a date no longer in the schedule is dropped (it
    is re-created at the new date); one somebody worked on moves, pairwise in
    date order, to a new date with a recorded "перенесено"; if there is no new
    date left for it, it stays where it was, with its history.
    """
    wanted = {due.due_on.isoformat(): due for due in schedule.dues}
    wanted_keys = set(wanted) or {UNDATED}
    current = {d.occurrence for d in session.exec(select(ItemDue).where(ItemDue.item_id == item_id))}
    stale = sorted(k for k in current if k not in wanted_keys)
    fresh = sorted(k for k in wanted_keys if k not in current)
    moved = 0
    if stale:
        session.execute(delete(Assignment).where(
            col(Assignment.item_id) == item_id, col(Assignment.occurrence).in_(stale),
            col(Assignment.version) == 1))
        for old_key, new_key in zip(stale, fresh, strict=False):
            moved += _move(session, item_id, old_key, new_key, wanted.get(new_key), author)
        session.execute(delete(ItemDue).where(col(ItemDue.item_id) == item_id,
                                              col(ItemDue.occurrence).in_(stale)))
    for key in fresh:
        due = wanted.get(key)
        session.add(ItemDue(item_id=item_id, occurrence=key,
                            window_start=due.window_start if due else None,
                            due_on=due.due_on if due else None))
    session.flush()
    return moved


def _move(session: Session, item_id: int, old_key: str, new_key: str, due: Any, author: Author) -> int:
    taken = set(session.exec(select(Assignment.body_id).where(
        Assignment.item_id == item_id, Assignment.occurrence == new_key)))
    moved = 0
    for a in list(session.exec(select(Assignment).where(
            Assignment.item_id == item_id, Assignment.occurrence == old_key))):
        if a.body_id in taken or a.id is None:
            continue
        new_due = due.due_on if due else None
        status = a.status
        if status in (Status.PLANNED, Status.IN_PROGRESS) and new_due is not None:
            status = Status.POSTPONED.value
        session.add(StatusChange(
            assignment_id=a.id, batch=ITEM_CHANGE_BATCH + author.batch, old_status=a.status,
            new_status=status, old_due_on=a.due_on, new_due_on=new_due,
            old_completed_on=a.completed_on, completed_on=a.completed_on,
            changed_at=author.now, changed_by=author.by,
            comment=f"срок мероприятия изменён: {author.reason}"))
        a.occurrence, a.due_on, a.status = new_key, new_due, status
        a.window_start = due.window_start if due else None
        a.version += 1
        a.updated_at = author.now
        session.add(a)
        moved += 1
    session.flush()
    return moved


_UNTARGETED = f"""
SELECT a.id FROM assignment a
WHERE a.item_id = :item AND a.status IN ({OPEN_SQL})
  AND a.body_id NOT IN (SELECT body_id FROM item_body WHERE item_id = :item)
  AND (a.via_group_id IS NULL
       OR a.via_group_id NOT IN (SELECT body_id FROM item_body WHERE item_id = :item))
"""


def cancel_untargeted(session: Session, item_id: int, author: Author, comment: str) -> int:
    """Cancel the open assignments of bodies the item no longer names; history is kept."""
    ids = [int(r[0]) for r in session.execute(text(_UNTARGETED), {"item": item_id})]
    for assignment_id in ids:
        a = session.get(Assignment, assignment_id)
        assert a is not None
        session.add(StatusChange(
            assignment_id=assignment_id, batch=ITEM_CHANGE_BATCH + author.batch, old_status=a.status,
            new_status=Status.CANCELLED.value, old_due_on=a.due_on, new_due_on=a.due_on,
            old_completed_on=a.completed_on, completed_on=a.completed_on,
            changed_at=author.now, changed_by=author.by, comment=comment))
        a.status = Status.CANCELLED.value
        a.version += 1
        a.updated_at = author.now
        session.add(a)
    session.flush()
    return len(ids)


_RETARGETED = f"""
SELECT a.id, c.old_status FROM assignment a
JOIN status_change c ON c.id = (SELECT MAX(x.id) FROM status_change x WHERE x.assignment_id = a.id)
WHERE a.item_id = :item AND a.status = 'cancelled' AND c.new_status = 'cancelled'
  AND c.batch LIKE '{ITEM_CHANGE_BATCH}%'
  AND (a.body_id IN (SELECT body_id FROM item_body WHERE item_id = :item)
       OR a.via_group_id IN (SELECT body_id FROM item_body WHERE item_id = :item))
"""


def reopen_retargeted(session: Session, item_id: int, author: Author) -> int:
    """A body named again gets back the assignments a correction had cancelled."""
    rows = [(int(r[0]), str(r[1] or Status.PLANNED.value))
            for r in session.execute(text(_RETARGETED), {"item": item_id})]
    for assignment_id, status in rows:
        a = session.get(Assignment, assignment_id)
        assert a is not None
        session.add(StatusChange(
            assignment_id=assignment_id, batch=ITEM_CHANGE_BATCH + author.batch, old_status=a.status,
            new_status=status, old_due_on=a.due_on, new_due_on=a.due_on,
            old_completed_on=a.completed_on, completed_on=a.completed_on,
            changed_at=author.now, changed_by=author.by,
            comment=f"ответственный снова назначен: {author.reason}"))
        a.status = status
        a.version += 1
        a.updated_at = author.now
        session.add(a)
    session.flush()
    return len(rows)


def withdraw_item(session: Session, item: Item, note: str, author: Author) -> int:
    """An item gone from a new edition: kept, marked, its open assignments cancelled."""
    assert item.id is not None
    session.add(ItemChange(batch=author.batch, document_id=item.document_id, item_id=item.id,
                           field="withdrawn", old_value=dump(body_codes(session, item.id)),
                           new_value=dump(note), changed_at=author.now, changed_by=author.by,
                           reason=author.reason))
    item.withdrawn = note
    item.version += 1
    item.updated_at = author.now
    session.add(item)
    # The bodies go so that no later registry change materialises work for it again;
    # the before-image above keeps who they were.
    session.execute(delete(ItemBody).where(col(ItemBody.item_id) == item.id))
    session.flush()
    return cancel_untargeted(session, item.id, author, note)

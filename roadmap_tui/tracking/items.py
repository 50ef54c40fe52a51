"""A coordinator's corrections to an item, and everything known about one item.

A correction names the item's version it was based on; if the item changed
meanwhile it is refused (StaleVersion). Each changed field is recorded with
who, when, why and the value before (`item_change`); its effect on the
assignments is the importer's own (`importer.revise`), so a correction and a
new edition of the document behave alike, and a re-import keeps it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from roadmap_tui.deadlines import Schedule
from roadmap_tui.errors import BadInput, NotFound, StaleVersion
from roadmap_tui.importer.revise import (
    FIELDS,
    Author,
    Effects,
    body_codes,
    plan_context,
    revise_item,
    schedule_for,
)
from roadmap_tui.model.db import lean
from roadmap_tui.model.tables import (
    Assignment,
    Document,
    ImportNote,
    Item,
    ItemChange,
)
from roadmap_tui.read.history import Correction, item_corrections


@dataclass(frozen=True)
class ItemEdit:
    """What a coordinator asks to change; None leaves a field as it is."""

    title: str | None = None
    deadline: str | None = None  # "" clears the phrase
    bodies: list[str] | None = None
    report_form: str | None = None
    note: str | None = None
    expected_version: int | None = None

    def wanted(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS if getattr(self, name) is not None}


@dataclass
class EditResult:
    item_id: int
    version: int
    changes: list[ItemChange]
    effects: Effects


@dataclass
class ItemCard:
    """Everything about one item, for `roadmap item` and the TUI."""

    id: int
    version: int
    document_id: int
    document: str
    kind: str
    number: str
    title: str
    deadline: str | None
    schedule_kind: str
    explain: str
    responsible_raw: str | None
    bodies: list[str]
    report_form: str | None
    note: str | None
    withdrawn: str | None
    dues: list[date | None]
    assignments: dict[str, int]
    warnings: list[str]
    history: list[Correction] = field(default_factory=list)


def _load(session: Session, item_id: int) -> tuple[Item, Document]:
    item = session.get(Item, item_id)
    document = session.get(Document, item.document_id) if item else None
    if item is None or document is None:
        raise NotFound(f"Мероприятие №{item_id} не найдено (список: roadmap items).")
    return item, document


def preview_deadline(session: Session, item_id: int, phrase: str, *, horizon: date) -> Schedule:
    """The due dates `phrase` would give this item (nothing is saved)."""
    item, document = _load(session, item_id)
    return schedule_for(item.kind, phrase.strip() or None, plan_context(document, horizon))


def edit_item(
    session: Session, item_id: int, edit: ItemEdit, *, by: str, reason: str, now: datetime,
    horizon: date,
) -> EditResult:
    """Correct one item, record each changed field, carry its assignments along."""
    if not reason.strip():
        raise BadInput("Укажите причину исправления (--why).")
    item, document = _load(session, item_id)
    if edit.expected_version is not None and edit.expected_version != item.version:
        raise StaleVersion(
            f"Мероприятие №{item_id} уже изменено (версия {item.version}, а правка основана на "
            f"версии {edit.expected_version}). Обновите данные и повторите.")
    wanted = edit.wanted()
    if "title" in wanted and not wanted["title"].strip():
        raise BadInput("Название мероприятия не может быть пустым.")
    if not wanted:
        raise BadInput("Нечего исправлять: укажите хотя бы одно поле.")
    _claim(session, item_id, item.version, now)
    session.refresh(item)
    author = Author(by=by, now=now, reason=reason.strip(), batch=f"edit-{uuid.uuid4().hex[:12]}")
    changes, effects = revise_item(session, item, document, wanted, author=author, horizon=horizon,
                                   bump=False)
    if not changes:
        raise BadInput(f"Мероприятие №{item_id}: новые значения совпадают с текущими.")
    if "deadline" in wanted or "bodies" in wanted:
        # What the import doubted about these fields is now the coordinator's decision.
        for note in session.exec(select(ImportNote).where(ImportNote.item_id == item_id)):
            session.delete(note)
    session.flush()
    return EditResult(item_id, item.version, changes, effects)


def _claim(session: Session, item_id: int, based_on: int, now: datetime) -> None:
    """Take the item's next version, or refuse if another transaction took it meanwhile."""
    from sqlalchemy import update

    result = session.execute(
        update(Item).where(col(Item.id) == item_id, col(Item.version) == based_on)
        .values(version=based_on + 1, updated_at=now).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersion(f"Мероприятие №{item_id} одновременно изменил другой пользователь. "
                           "Обновите данные и повторите.")


def item_card(session: Session, item_id: int) -> ItemCard:
    """One item with its due dates, assignment counts, import warnings and history."""
    item, document = _load(session, item_id)
    assert item.id is not None
    counts: dict[str, int] = {}
    for status in session.exec(select(Assignment.status).where(Assignment.item_id == item_id)):
        counts[status] = counts.get(status, 0) + 1
    from roadmap_tui.model.tables import ItemDue

    dues = sorted((d.due_on for d in session.exec(select(ItemDue).where(ItemDue.item_id == item_id))),
                  key=lambda d: d or date.max)
    warnings = [n.message for n in session.exec(
        select(ImportNote).where(ImportNote.item_id == item_id).order_by(col(ImportNote.id)))]
    label = document.source_name
    if document.number:
        label = f"{document.kind or 'документ'} № {document.number} ({document.source_name})"
    return ItemCard(
        id=item.id, version=item.version, document_id=item.document_id, document=label,
        kind=item.kind, number=item.number, title=item.title, deadline=item.deadline_raw,
        schedule_kind=item.schedule_kind, explain=item.schedule_explain,
        responsible_raw=item.responsible_raw, bodies=body_codes(session, item.id),
        report_form=item.report_form, note=item.note, withdrawn=item.withdrawn, dues=dues,
        assignments=counts, warnings=warnings, history=item_corrections(lean(session), item_id))



"""Documents as a coordinator manages them: the list with editions, and taking one back.

Removing a document imported by mistake is one transaction: its items and
assignments go (the schema cascades), and an `item_change` row keeps what
was removed — including, with `force`, every status change that was
recorded on it — since the status history itself goes with the assignments.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from roadmap_tui.errors import NotFound, RoadmapError
from roadmap_tui.model.statuses import ITEM_CHANGE_BATCH
from roadmap_tui.model.tables import (
    Assignment,
    Document,
    DocumentVersion,
    Item,
    ItemChange,
    StatusChange,
)


class HasRecordedWork(RoadmapError):
    """Removing the document would drop statuses somebody recorded."""


@dataclass(frozen=True)
class EditionRow:
    version: int
    source_name: str
    source_path: str | None
    imported_at: datetime
    summary: str


@dataclass(frozen=True)
class DocumentRow:
    id: int
    source_name: str
    kind: str | None
    number: str | None
    doc_date: date | None
    title: str | None
    version: int
    items: int
    withdrawn: int
    assignments: int
    editions: list[EditionRow]


def list_documents(session: Session) -> list[DocumentRow]:
    """Every document with its current edition, item counts and the editions received."""
    counts = {
        r[0]: (int(r[1]), int(r[2] or 0)) for r in session.exec(
            select(Item.document_id, func.count(),
                   func.sum(case((col(Item.withdrawn).is_not(None), 1), else_=0)))
            .group_by(col(Item.document_id)))
    }
    assigned = dict(session.exec(
        select(Item.document_id, func.count()).join(Assignment, col(Assignment.item_id) == col(Item.id))
        .group_by(col(Item.document_id))).all())
    editions: dict[int, list[EditionRow]] = {}
    for v in session.exec(select(DocumentVersion).order_by(col(DocumentVersion.version))):
        editions.setdefault(v.document_id, []).append(
            EditionRow(v.version, v.source_name, v.source_path, v.imported_at, v.summary))
    rows = []
    for d in session.exec(select(Document).order_by(col(Document.id))):
        assert d.id is not None
        items, withdrawn = counts.get(d.id, (0, 0))
        rows.append(DocumentRow(d.id, d.source_name, d.kind, d.number, d.doc_date, d.title,
                                d.version, items, withdrawn, int(assigned.get(d.id, 0)),
                                editions.get(d.id, [])))
    return rows


def remove_document(
    session: Session, document_id: int, *, by: str, reason: str, now: datetime, force: bool = False
) -> int:
    """Take back a document imported by mistake; return how many items went with it."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"Документ №{document_id} не найден (список: roadmap documents).")
    item_ids = list(session.exec(select(Item.id).where(Item.document_id == document_id)))
    recorded = list(session.exec(
        select(StatusChange).join(Assignment, col(Assignment.id) == col(StatusChange.assignment_id))
        .where(col(Assignment.item_id).in_(item_ids)).order_by(col(StatusChange.id))))
    # Cancellations a correction or an edition made are not anybody's work.
    work = [c for c in recorded if not (c.batch or "").startswith(ITEM_CHANGE_BATCH)]
    if work and not force:
        raise HasRecordedWork(
            f"У документа №{document_id} «{document.title or document.source_name}» уже отмечена "
            f"работа: изменений статусов — {len(work)}. Удаление их потеряет. Если документ "
            "всё же импортирован по ошибке, повторите с --force (история сохранится в журнале).")
    before = {
        "source_name": document.source_name, "kind": document.kind, "number": document.number,
        "doc_date": document.doc_date.isoformat() if document.doc_date else None,
        "title": document.title, "version": document.version, "items": len(item_ids),
        "status_changes": [
            {"assignment": c.assignment_id, "old_status": c.old_status, "new_status": c.new_status,
             "changed_at": c.changed_at.isoformat(), "changed_by": c.changed_by,
             "comment": c.comment} for c in recorded],
    }
    session.add(ItemChange(batch=f"remove-{uuid.uuid4().hex[:12]}", document_id=document_id,
                           field="document", old_value=json.dumps(before, ensure_ascii=False),
                           new_value=json.dumps("удалён", ensure_ascii=False), changed_at=now,
                           changed_by=by, reason=reason or "импортирован по ошибке"))
    session.delete(document)
    session.flush()
    return len(item_ids)

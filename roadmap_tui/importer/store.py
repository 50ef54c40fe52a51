"""Save parsed documents into the model, idempotently, in the caller's transaction.

Items are keyed by (document, kind, number, dup_index) and due dates by their
original date, so re-importing a document adds nothing and never touches a
status or a history entry. Warnings are returned and kept for review; none
is dropped silently.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import Session, col, select

from roadmap_tui.dates import fmt
from roadmap_tui.deadlines import Kind, PlanContext, Schedule, parse_deadline
from roadmap_tui.importer import ParsedDocument, ParsedItem, parse_bytes
from roadmap_tui.importer.registry_match import KnownName, known_names, match_registry
from roadmap_tui.inputs import read_input
from roadmap_tui.model.materialize import materialize_assignments
from roadmap_tui.model.tables import (
    UNDATED,
    Assignment,
    Body,
    Document,
    ImportNote,
    Item,
    ItemBody,
    ItemDue,
    Section,
    utcnow,
)


@dataclass
class DocumentReport:
    """What one document's import did."""

    source_name: str
    outcome: str  # "новый" | "обновлён" | "без изменений"
    title: str | None = None
    items: int = 0
    items_added: int = 0
    assignments_added: int = 0
    warnings: list[str] = field(default_factory=list)


def import_paths(paths: list[Path], *, session: Session, horizon: date) -> list[DocumentReport]:
    """Read and store every document; any bad file aborts the whole (caller's) transaction."""
    reports = []
    for path in paths:
        data = read_input(path)  # read once: parsed and fingerprinted from the same bytes
        parsed = parse_bytes(data, path.name)  # DocumentError is BadInput: a Russian message
        digest = hashlib.sha256(data).hexdigest()
        reports.append(store_document(parsed, digest, session=session, horizon=horizon))
    return reports


def plan_context(document: Document, horizon: date) -> PlanContext:
    """The deadline engine's view of a document's period."""
    return PlanContext(
        period_start=document.period_start,
        period_end=document.period_end,
        doc_date=document.doc_date,
        horizon=horizon,
    )


def schedule_for(item_kind: str, phrase: str | None, context: PlanContext) -> Schedule:
    """An item's schedule; a control point ("Контроль … возложить") has no due date."""
    if item_kind == "control" and not phrase:
        return Schedule(phrase="", kind=Kind.CONTINUOUS, dues=(),
                        explain="контроль исполнения: без срока")
    return parse_deadline(phrase, context)


def store_document(
    parsed: ParsedDocument, digest: str, *, session: Session, horizon: date
) -> DocumentReport:
    """Insert or update one parsed document with its items, dues and bodies."""
    document = session.exec(
        select(Document).where(Document.source_name == parsed.source_name)
    ).first()
    report = DocumentReport(parsed.source_name, "новый", parsed.title, items=len(parsed.items))
    if document is not None and document.content_sha256 == digest:
        report.outcome = "без изменений"
        report.warnings = [n.message for n in _notes(session, document)]
        return report
    if document is None:
        document = Document(source_name=parsed.source_name)
    else:
        report.outcome = "обновлён"
    document.sqlmodel_update(
        {
            "kind": parsed.kind, "number": parsed.number, "doc_date": parsed.date,
            "title": parsed.title, "issuer": parsed.issuer, "municipality": parsed.municipality,
            "plan_title": parsed.plan_title, "period_start": parsed.period_start,
            "period_end": parsed.period_end, "content_sha256": digest, "imported_at": utcnow(),
        }
    )
    session.add(document)
    session.flush()
    assert document.id is not None
    bodies = _ensure_bodies(session, parsed)
    registry = _registry_names(session)
    context = plan_context(document, horizon)
    existing = {
        (i.kind, i.number, i.dup_index): i
        for i in session.exec(select(Item).where(Item.document_id == document.id))
    }
    sections: dict[tuple[str, str], int] = {}
    warnings = list(parsed.warnings)
    for position, parsed_item in enumerate(parsed.items):
        item = existing.pop((parsed_item.kind, parsed_item.number, parsed_item.dup_index), None)
        if item is None:
            item = Item(document_id=document.id)
            report.items_added += 1
        schedule = schedule_for(parsed_item.kind, parsed_item.deadline_raw, context)
        item.sqlmodel_update(_item_fields(parsed_item, schedule, position))
        item.section_id = _section_id(session, document.id, parsed_item, sections)
        session.add(item)
        session.flush()
        assert item.id is not None
        store_dues(session, item.id, schedule)
        if not parsed_item.responsible and parsed_item.responsible_raw:
            parsed_item.responsible = match_registry(parsed_item.responsible_raw, registry)
        store_responsibility(session, item.id, parsed_item.responsible, bodies)
        warnings.extend(_item_warnings(parsed_item, schedule, document.doc_date))
    for gone in existing.values():
        warnings.append(f"пункт {gone.number}: больше нет в документе; оставлен со статусами")
    session.execute(delete(ImportNote).where(col(ImportNote.document_id) == document.id))
    session.add_all(ImportNote(document_id=document.id, code="import", message=w) for w in warnings)
    report.assignments_added = materialize_assignments(session, document.id)
    report.warnings = warnings
    return report


def _notes(session: Session, document: Document) -> list[ImportNote]:
    return list(session.exec(select(ImportNote).where(ImportNote.document_id == document.id)))


def _item_fields(parsed: ParsedItem, schedule: Schedule, position: int) -> dict[str, object]:
    return {
        "kind": parsed.kind, "number": parsed.number, "dup_index": parsed.dup_index,
        "position": position, "title": parsed.title, "deadline_raw": parsed.deadline_raw,
        "schedule_kind": str(schedule.kind), "schedule_owner": schedule.owner,
        "schedule_explain": schedule.explain, "form": parsed.form,
        "responsible_raw": parsed.responsible_raw, "report_form": parsed.report_form,
        "note": parsed.note, "person": parsed.person,
        "source_lines": ",".join(str(n) for n in parsed.source_lines),
    }


def _section_id(
    session: Session, document_id: int, parsed: ParsedItem, cache: dict[tuple[str, str], int]
) -> int | None:
    if not parsed.section:
        return None
    key = (parsed.section_number or "", parsed.section)
    if key not in cache:
        section = session.exec(
            select(Section).where(
                Section.document_id == document_id,
                Section.number == key[0],
                Section.title == key[1],
            )
        ).first() or Section(document_id=document_id, number=key[0], title=key[1])
        section.position = len(cache)
        session.add(section)
        session.flush()
        assert section.id is not None
        cache[key] = section.id
    return cache[key]


def store_dues(session: Session, item_id: int, schedule: Schedule) -> None:
    """Make the item's due rows match its schedule.

    A due date that is no longer in the schedule loses its untouched
    assignments; ones somebody already worked on stay, with their history.
    """
    wanted = {due.due_on.isoformat(): due for due in schedule.dues}
    current = {
        d.occurrence: d for d in session.exec(select(ItemDue).where(ItemDue.item_id == item_id))
    }
    wanted_keys = set(wanted) or {UNDATED}
    stale = [key for key in current if key not in wanted_keys]
    if stale:
        session.execute(
            delete(Assignment).where(
                col(Assignment.item_id) == item_id,
                col(Assignment.occurrence).in_(stale),
                col(Assignment.version) == 1,
            )
        )
        session.execute(
            delete(ItemDue).where(col(ItemDue.item_id) == item_id, col(ItemDue.occurrence).in_(stale))
        )
    for key in wanted_keys - set(current):
        due = wanted.get(key)
        session.add(
            ItemDue(
                item_id=item_id,
                occurrence=key,
                window_start=due.window_start if due else None,
                due_on=due.due_on if due else None,
            )
        )
    session.flush()



def store_responsibility(
    session: Session, item_id: int, codes: list[str], bodies: dict[str, int]
) -> None:
    """Replace the item's responsible bodies (assignments already made stay)."""
    session.execute(delete(ItemBody).where(col(ItemBody.item_id) == item_id))
    for position, code in enumerate(dict.fromkeys(codes)):
        body_id = bodies.get(code) or _body_id(session, code, bodies)
        session.add(ItemBody(item_id=item_id, body_id=body_id, position=position))
    session.flush()



def _body_id(session: Session, code: str, bodies: dict[str, int]) -> int:
    body = Body(code=code, full_name=code, short_name=code,
                kind="school" if code.startswith("school:") else "other")
    session.add(body)
    session.flush()
    assert body.id is not None
    bodies[code] = body.id
    return body.id


def _registry_names(session: Session) -> list[KnownName]:
    """Every registered body's names (short, full, aliases) for matching executors."""
    return known_names(
        (b.code, [b.short_name, b.full_name, *b.aliases.split("|")]) for b in session.exec(select(Body))
    )


def _ensure_bodies(session: Session, parsed: ParsedDocument) -> dict[str, int]:
    """Known bodies by code, adding the schools the document names."""
    bodies = {b.code: b.id for b in session.exec(select(Body)) if b.id is not None}
    for school in parsed.schools:
        if school.code not in bodies:
            body = Body(code=school.code, short_name=school.short_name,
                        full_name=school.full_name or school.short_name, kind="school",
                        municipality=parsed.municipality)
            session.add(body)
            session.flush()
            assert body.id is not None
            bodies[school.code] = body.id
    return bodies


def _item_warnings(parsed: ParsedItem, schedule: Schedule, doc_date: date | None) -> list[str]:
    where = f"пункт {parsed.number}"
    found = []
    if parsed.kind != "control" and not (parsed.deadline_raw or "").strip():
        found.append(f"{where}: срок не указан")
    elif schedule.kind == Kind.UNKNOWN:
        found.append(f"{where}: срок «{parsed.deadline_raw}» не распознан")
    if doc_date is not None and schedule.kind == Kind.ONCE:
        early = [d.due_on for d in schedule.dues if d.due_on < doc_date]
        found.extend(f"{where}: срок {fmt(d)} раньше даты документа {fmt(doc_date)}" for d in early)
    if not parsed.responsible:
        if parsed.responsible_raw:
            found.append(f"{where}: ответственный «{parsed.responsible_raw}» не распознан")
        else:
            found.append(f"{where}: не указан ответственный")
    return found

"""Save parsed documents into the model, in the caller's transaction.

A document is identified by what it is — its bytes, or its number, date and
issuer (or the coordinator's `replaces`) — never by its file name. The same
bytes again change nothing; the same document amended is a new edition of
it: items are matched to the stored ones (by kind, number and repeat index,
then by title), changed fields are revised as corrections are (history and
statuses kept, moved dates "перенесено"), new items added, missing ones
withdrawn. A field changes only when the document changed it, so a
coordinator's correction survives a re-import. Warnings are stored with
their item, skipped lines with their line number: none is dropped silently.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, text
from sqlmodel import Session, col, select

from roadmap_tui.dates import fmt
from roadmap_tui.deadlines import Kind, Schedule
from roadmap_tui.errors import BadInput, NotFound
from roadmap_tui.importer import ParsedDocument, ParsedItem, parse_bytes
from roadmap_tui.importer.registry_match import exact_alias, match_registry, registry_names
from roadmap_tui.importer.report import (
    DocumentReport,
    ItemDiff,
    SkippedReport,
    skipped_note,
)
from roadmap_tui.importer.revise import (
    FIELDS,
    Author,
    Effects,
    current_values,
    dump,
    move_dues,
    plan_context,
    revise_item,
    schedule_for,
    set_bodies,
    withdraw_item,
)
from roadmap_tui.importer.skips import unexplained
from roadmap_tui.inputs import read_input
from roadmap_tui.model.materialize import materialize_assignments
from roadmap_tui.model.tables import (
    Body,
    Document,
    DocumentVersion,
    ImportNote,
    Item,
    Section,
)
from roadmap_tui.names import BodyNames
from roadmap_tui.read.history import FIELD_LABELS
from roadmap_tui.settings import utcnow

__all__ = ["DocumentReport", "import_paths", "plan_context", "schedule_for", "store_document"]

IMPORTER = "импорт"


def import_paths(
    paths: list[Path], *, session: Session, horizon: date, replaces: int | None = None,
    by: str = IMPORTER,
) -> list[DocumentReport]:
    """Read and store every document; any bad file aborts the whole (caller's) transaction."""
    if replaces is not None and len(paths) != 1:
        raise BadInput("--replaces относится к одному документу: укажите один файл.")
    reports = []
    for path in paths:
        data = read_input(path)  # read once: parsed and fingerprinted from the same bytes
        parsed = parse_bytes(data, path.name)  # DocumentError is BadInput: a Russian message
        digest = hashlib.sha256(data).hexdigest()
        reports.append(store_document(parsed, digest, session=session, horizon=horizon,
                                      source_path=str(path.parent), replaces=replaces, by=by))
    return reports


def store_document(
    parsed: ParsedDocument, digest: str, *, session: Session, horizon: date,
    source_path: str | None = None, replaces: int | None = None, by: str = IMPORTER,
) -> DocumentReport:
    """Insert one parsed document, or a new edition of a stored one, with items, dues and bodies."""
    report = DocumentReport(parsed.source_name, "новый", parsed.title, items=len(parsed.items))
    report.skipped = [SkippedReport(s.line, s.text, s.reason) for s in parsed.skipped]
    report.not_understood = len(unexplained(parsed))
    same = _same_bytes(session, digest)
    if same is not None and (replaces is None or replaces == same.id):
        report.outcome, report.document_id, report.version = "без изменений", same.id, same.version
        _count(report, parsed, plan_context(same, horizon), session)
        report.warnings = [n.message for n in _notes(session, same)]
        return report
    document = _target(session, parsed, replaces)
    edition = None
    requisites: tuple[object, ...] = ()
    if document is None:
        document = Document(source_name=_free_name(session, parsed.source_name), version=0)
    else:
        report.outcome = "новая редакция"
        # The same act in other bytes (its .docx beside its .txt, a re-save)
        # changes nothing: then the edition is taken back, not recorded.
        edition = session.begin_nested()
        requisites = _requisites(document)
    document.sqlmodel_update({
        "kind": parsed.kind, "number": parsed.number, "doc_date": parsed.date,
        "title": parsed.title, "issuer": parsed.issuer, "municipality": parsed.municipality,
        "plan_title": parsed.plan_title, "period_start": parsed.period_start,
        "period_end": parsed.period_end, "content_sha256": digest, "imported_at": utcnow(),
        "version": document.version + 1,
    })
    session.add(document)
    session.flush()
    assert document.id is not None
    report.document_id, report.version = document.id, document.version
    author = Author(by=by, now=utcnow(), batch=f"import-{uuid.uuid4().hex[:12]}",
                    reason=_edition_reason(parsed, document.version))
    _store_items(session, parsed, document, report, author, horizon)
    session.add(DocumentVersion(
        document_id=document.id, version=document.version, source_name=parsed.source_name,
        source_path=source_path, doc_date=parsed.date, content_sha256=digest,
        summary=f"добавлено {report.items_added}, изменено {report.items_changed}, "
                f"исключено {report.items_withdrawn}"))
    report.assignments_added += materialize_assignments(session, document.id)
    if edition is not None and not _changed_anything(report) and _requisites(document) == requisites:
        edition.rollback()
        session.expire_all()
        same_act = session.get(Document, report.document_id)
        assert same_act is not None
        report.outcome, report.version = "без изменений", same_act.version
        report.warnings = [n.message for n in _notes(session, same_act)]
    return report


def _requisites(document: Document) -> tuple[object, ...]:
    return (document.kind, document.title, document.issuer, document.municipality,
            document.plan_title, document.period_start, document.period_end)


def _changed_anything(report: DocumentReport) -> bool:
    return bool(report.items_added or report.items_changed or report.items_withdrawn
                or report.assignments_added or report.assignments_cancelled or report.deadlines_moved)


def _edition_reason(parsed: ParsedDocument, version: int) -> str:
    if version == 1:
        return "импорт документа"
    dated = f" от {fmt(parsed.date)}" if parsed.date else f" №{version}"
    return f"новая редакция документа{dated}"


def _same_bytes(session: Session, digest: str) -> Document | None:
    found = session.exec(select(Document).where(Document.content_sha256 == digest)).first()
    if found is not None:
        return found
    earlier = session.exec(
        select(DocumentVersion).where(DocumentVersion.content_sha256 == digest)).first()
    return session.get(Document, earlier.document_id) if earlier else None


def _target(session: Session, parsed: ParsedDocument, replaces: int | None) -> Document | None:
    """The stored document this one is an edition of, if any."""
    if replaces is not None:
        document = session.get(Document, replaces)
        if document is None:
            raise NotFound(f"Документ №{replaces} не найден (список: roadmap documents).")
        return document
    if parsed.number and parsed.date:
        candidates = session.exec(select(Document).where(
            Document.number == parsed.number, Document.doc_date == parsed.date))
    elif parsed.title:
        candidates = session.exec(select(Document).where(
            col(Document.number).is_(None), Document.title == parsed.title))
    else:
        return None
    for candidate in candidates:
        if candidate.kind == parsed.kind and (
            not candidate.issuer or not parsed.issuer or candidate.issuer == parsed.issuer
        ):
            return candidate
    return None


def _free_name(session: Session, name: str) -> str:
    """Another document may carry the same file name (another folder): number the newcomer."""
    taken = set(session.exec(select(Document.source_name).where(
        col(Document.source_name).startswith(name))))
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def _store_items(
    session: Session, parsed: ParsedDocument, document: Document, report: DocumentReport,
    author: Author, horizon: date,
) -> None:
    assert document.id is not None
    context = plan_context(document, horizon)
    registry = _registry_names(session)
    _ensure_schools(session, parsed)
    stored = list(session.exec(select(Item).where(Item.document_id == document.id)))
    pairs = _match(parsed.items, stored)
    sections: dict[tuple[str, str], int] = {}
    notes: list[ImportNote] = [ImportNote(document_id=document.id, code="document", message=w)
                               for w in parsed.warnings]
    effects = Effects()
    for position, (parsed_item, item) in enumerate(pairs):
        _resolve_bodies(parsed_item, registry)
        schedule = schedule_for(parsed_item.kind, _phrase(parsed_item), context)
        values = _imported_values(parsed_item)
        fixed = {"kind": parsed_item.kind, "number": parsed_item.number,
                 "dup_index": parsed_item.dup_index, "position": position,
                 "form": parsed_item.form, "responsible_raw": parsed_item.responsible_raw,
                 "person": parsed_item.person,
                 "source_lines": ",".join(str(n) for n in parsed_item.source_lines)}
        if item is None:
            item = _new_item(session, document, values, fixed, schedule, author)
            report.items_added += 1
            if report.outcome != "новый":
                report.changes.append(ItemDiff(item.number, item.title, "добавлен"))
        else:
            changed = _revise(session, item, document, values, author, horizon, effects)
            if changed:
                report.items_changed += 1
                report.changes.append(ItemDiff(parsed_item.number, parsed_item.title, "изменён",
                                               [FIELD_LABELS[f] for f in changed]))
        item.sqlmodel_update(fixed)
        item.section_id = _section_id(session, document.id, parsed_item, sections)
        item.imported = dump(values)
        session.add(item)
        session.flush()
        assert item.id is not None
        found = [*parsed_item.warnings, *_item_warnings(parsed_item, schedule, document.doc_date)]
        notes.extend(ImportNote(document_id=document.id, item_id=item.id, code="item",
                                message=f"пункт {parsed_item.number}: {w}") for w in found)
    matched = {id(i) for _, i in pairs if i is not None}
    for gone in stored:
        if id(gone) in matched or gone.withdrawn:
            continue
        note = author.reason.replace("новая редакция документа", "исключено в редакции")
        effects.cancelled += withdraw_item(session, gone, note, author)
        report.items_withdrawn += 1
        report.changes.append(ItemDiff(gone.number, gone.title, "исключён"))
    notes.extend(ImportNote(document_id=document.id, code="skipped", line=s.line,
                            message=skipped_note(s)) for s in report.skipped)
    session.execute(delete(ImportNote).where(col(ImportNote.document_id) == document.id))
    session.add_all(notes)
    session.flush()
    report.assignments_added += effects.added
    report.assignments_cancelled += effects.cancelled
    report.deadlines_moved += effects.moved
    report.warnings = [n.message for n in notes]
    _count(report, parsed, context, session)


def _phrase(parsed: ParsedItem) -> str | None:
    """The printed deadline, or the one the layout implies (quarter marks)."""
    return (parsed.deadline_raw or "").strip() or parsed.deadline_hint or None


def _imported_values(parsed: ParsedItem) -> dict[str, Any]:
    return {"title": parsed.title.strip(), "deadline": _phrase(parsed),
            "bodies": list(dict.fromkeys(parsed.responsible)),
            "report_form": parsed.report_form, "note": parsed.note}


def _new_item(
    session: Session, document: Document, values: dict[str, Any], fixed: dict[str, Any],
    schedule: Schedule, author: Author,
) -> Item:
    assert document.id is not None
    item = Item(document_id=document.id, title=values["title"], deadline_raw=values["deadline"],
                schedule_kind=str(schedule.kind), schedule_owner=schedule.owner,
                schedule_explain=schedule.explain, report_form=values["report_form"],
                note=values["note"], updated_at=None, **fixed)  # stamped when first revised
    session.add(item)
    session.flush()
    assert item.id is not None
    move_dues(session, item.id, schedule, author)
    set_bodies(session, item.id, values["bodies"], create=True)
    return item


def _revise(
    session: Session, item: Item, document: Document, values: dict[str, Any], author: Author,
    horizon: date, effects: Effects,
) -> list[str]:
    """Take from the document only what it changed since it was last imported."""
    before = json.loads(item.imported) if item.imported else current_values(session, item)
    now = current_values(session, item)
    wanted = {f: values[f] for f in FIELDS if values[f] != before.get(f, now[f])}
    if item.withdrawn:  # back in this edition: responsible again
        item.withdrawn = None
        wanted["bodies"] = values["bodies"]
    records, done = revise_item(session, item, document, wanted, author=author, horizon=horizon,
                                create_bodies=True)
    effects += done
    return [r.field for r in records]


def _match(parsed: list[ParsedItem], stored: list[Item]) -> list[tuple[ParsedItem, Item | None]]:
    """Pair each parsed item with a stored one: same key first, then the most similar title."""
    by_key = {(i.kind, i.number, i.dup_index): i for i in stored}
    used: set[tuple[str, str, int]] = set()
    pairs: list[tuple[ParsedItem, Item | None]] = []
    for p in parsed:
        # A line printed twice (a repeated point) must not collide with itself.
        while (p.kind, p.number, p.dup_index) in used:
            p.dup_index += 1
        key = (p.kind, p.number, p.dup_index)
        used.add(key)
        pairs.append((p, by_key.pop(key, None)))
    left = [i for i in by_key.values() if not i.withdrawn]
    for n, (p, item) in enumerate(pairs):
        if item is not None or not left:
            continue
        best = max(left, key=lambda i: _similar(i.title, p.title) if i.kind == p.kind else 0.0)
        if best.kind == p.kind and _similar(best.title, p.title) >= 0.75:
            pairs[n] = (p, best)
            left.remove(best)
    return pairs


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _resolve_bodies(parsed: ParsedItem, registry: BodyNames) -> None:
    """Executors the parser did not know: the registry's names, then the coordinator's aliases."""
    if parsed.responsible or not parsed.responsible_raw:
        return
    parsed.responsible = (exact_alias(parsed.responsible_raw, registry)
                          or match_registry(parsed.responsible_raw, registry))


def _count(report: DocumentReport, parsed: ParsedDocument, context: Any, session: Session) -> None:
    report.undated = report.unknown_deadlines = 0
    report.unrecognised_executors = []
    registry = _registry_names(session)
    for p in parsed.items:
        schedule = schedule_for(p.kind, _phrase(p), context)
        report.undated += not schedule.dues and p.kind != "control"
        report.unknown_deadlines += schedule.kind == Kind.UNKNOWN
        _resolve_bodies(p, registry)
        if not p.responsible:
            report.unrecognised_executors.append(f"пункт {p.number}: {p.responsible_raw or '—'}")


def _notes(session: Session, document: Document) -> list[ImportNote]:
    return list(session.exec(select(ImportNote).where(ImportNote.document_id == document.id)
                             .order_by(col(ImportNote.id))))


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


def _registry_names(session: Session) -> BodyNames:
    """Every registered body's names (short, full, aliases) for matching executors.

    Built once per unit of work while the registry stays as it is: at a region's
    1,500 bodies the build costs more than storing a document, and an import of
    many documents asked for it twice per document.
    """
    version = tuple(session.execute(text("SELECT COUNT(*), MAX(id) FROM body")).one())
    built = session.info.get("registry_names")
    if built is None or built[0] != version:
        built = (version, registry_names(session.exec(select(Body))))
        session.info["registry_names"] = built
    return built[1]


def _ensure_schools(session: Session, parsed: ParsedDocument) -> None:
    """Register the schools the document names."""
    known = set(session.exec(select(Body.code)))
    for school in parsed.schools:
        if school.code not in known:
            session.add(Body(code=school.code, short_name=school.short_name,
                             full_name=school.full_name or school.short_name, kind="school",
                             municipality=parsed.municipality))
            known.add(school.code)
    session.flush()


def _item_warnings(parsed: ParsedItem, schedule: Schedule, doc_date: date | None) -> list[str]:
    found = []
    if parsed.kind != "control" and not _phrase(parsed):
        found.append("срок не указан")
    elif schedule.kind == Kind.UNKNOWN:
        found.append(f"срок «{_phrase(parsed)}» не распознан")
    if doc_date is not None and schedule.kind == Kind.ONCE:
        early = [d.due_on for d in schedule.dues if d.due_on < doc_date]
        found.extend(f"срок {fmt(d)} раньше даты документа {fmt(doc_date)}" for d in early)
    if not parsed.responsible:
        if parsed.responsible_raw:
            found.append(f"ответственный «{parsed.responsible_raw}» не распознан")
        else:
            found.append("не указан ответственный")
    return found

"""`roadmap import`, `item`, `documents`, `bodies map|unmapped`: a document's life cycle.

Thin: each command opens one unit of work, calls one core function and
renders the result. `import --dry-run` runs the very same import and rolls
it back, so the report it prints is exactly what the import would do.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap_tui.cli.render import print_json, table
from roadmap_tui.dates import fmt
from roadmap_tui.errors import BadInput
from roadmap_tui.settings import Settings, recurrence_horizon

if TYPE_CHECKING:
    from sqlmodel import Session

    from roadmap_tui.cli.options import Parents
    from roadmap_tui.importer.report import DocumentReport
    from roadmap_tui.read.history import Correction
    from roadmap_tui.tracking.items import ItemCard


def register(sub: Any, parents: Parents) -> None:
    """Add `item` and `documents` (each sets `handler`)."""
    p = sub.add_parser("item", parents=[parents.common, parents.as_json],
                       help="одно мероприятие: всё о нём; edit — исправить")
    p.add_argument("words", nargs="+", metavar="[edit] МЕРОПРИЯТИЕ")
    p.add_argument("--title", default=None, help="новое название")
    p.add_argument("--deadline", default=None, metavar="ФРАЗА", help="новый срок, как в документе")
    p.add_argument("--bodies", "--responsible", dest="bodies", default=None, metavar="КОД,КОД",
                   help="ответственные: коды через запятую")
    p.add_argument("--report-form", default=None, help="форма отчёта")
    p.add_argument("--note", default=None, help="примечание")
    p.add_argument("--by", default=None, help="кто исправляет")
    p.add_argument("--why", "--reason", dest="why", default=None, help="причина исправления")
    p.add_argument("--expect-version", type=int, default=None,
                   help="версия мероприятия, на которой основана правка")
    p.set_defaults(handler=cmd_item)

    p = sub.add_parser("documents", parents=[parents.common, parents.as_json],
                       help="документы и их редакции; remove — удалить ошибочно импортированный")
    p.add_argument("words", nargs="*", metavar="[remove ДОКУМЕНТ]")
    p.add_argument("--by", default=None, help="кто удаляет")
    p.add_argument("--why", "--reason", dest="why", default=None, help="причина")
    p.add_argument("--force", action="store_true",
                   help="удалить, даже если по документу уже отмечена работа")
    p.set_defaults(handler=cmd_documents)


@contextmanager
def _session(settings: Settings, *, dry_run: bool = False) -> Iterator[Session]:
    from roadmap_tui.cli.context import session

    if not dry_run:
        with session(settings) as opened:
            yield opened
        return
    from roadmap_tui.cli.context import prepare
    from roadmap_tui.model.db import make_engine

    prepare(settings)
    from sqlmodel import Session

    engine = make_engine(settings.db_url)
    try:
        with Session(engine, expire_on_commit=False) as opened:
            try:
                yield opened
            finally:
                opened.rollback()  # a dry run: nothing it did is kept
    finally:
        engine.dispose()


def _settings(args: argparse.Namespace) -> Settings:
    from roadmap_tui.cli.context import settings_from

    return settings_from(args)


def cmd_import(args: argparse.Namespace) -> int:
    from roadmap_tui.cli.context import document_paths
    from roadmap_tui.importer.store import import_paths

    settings = _settings(args)
    paths = document_paths([Path(p) for p in args.paths])
    dry_run = bool(getattr(args, "dry_run", False))
    with _session(settings, dry_run=dry_run) as db:
        reports = import_paths(paths, session=db, horizon=recurrence_horizon(settings.today),
                               replaces=getattr(args, "replaces", None), by=settings.user)
    if getattr(args, "json", False):
        print_json({"dry_run": dry_run, "documents": reports})
        return 0
    if dry_run:
        print("Пробный импорт: база не изменена.")
    for report in reports:
        print_report(report)
    return 0


def print_report(report: DocumentReport) -> None:
    edition = f", редакция {report.version}" if report.version > 1 else ""
    print(f"{report.source_name}: {report.outcome}{edition}; мероприятий {report.items} "
          f"(новых {report.items_added}, изменённых {report.items_changed}, "
          f"исключённых {report.items_withdrawn}), новых назначений {report.assignments_added}"
          + (f", отменено {report.assignments_cancelled}" if report.assignments_cancelled else "")
          + (f", перенесено {report.deadlines_moved}" if report.deadlines_moved else ""))
    if report.title:
        print(f"  {report.title}")
    print(f"  без даты: {report.undated}; срок не распознан: {report.unknown_deadlines}; "
          f"исполнитель не распознан: {len(report.unrecognised_executors)}; "
          f"пропущено строк: {len(report.skipped)}, из них не понято: {report.not_understood}")
    for diff in report.changes:
        fields = f" ({', '.join(diff.fields)})" if diff.fields else ""
        print(f"  {diff.change}: пункт {diff.number}{fields} — {diff.title[:80]}")
    for warning in report.warnings:
        print(f"  ! {warning}")


def cmd_item(args: argparse.Namespace) -> int:
    words = list(args.words)
    editing = words[0] == "edit"
    if editing:
        words = words[1:]
    if len(words) != 1 or not words[0].isdigit():
        raise BadInput("Укажите номер мероприятия: roadmap item 12 или roadmap item edit 12 … "
                       "(номера — в roadmap items --json).")
    item_id = int(words[0])
    return _edit(args, item_id) if editing else _show(args, item_id)


def _show(args: argparse.Namespace, item_id: int) -> int:
    from roadmap_tui.tracking.items import item_card

    with _session(_settings(args)) as db:
        card = item_card(db, item_id)
    if getattr(args, "json", False):
        print_json(_card_json(card))
        return 0
    rows = [["Мероприятие", f"№{card.id} (версия {card.version})"], ["Документ", card.document],
            ["Пункт", card.number], ["Название", card.title], ["Срок", card.deadline or "—"],
            ["Как понят", card.explain or card.schedule_kind],
            ["Сроки", ", ".join(fmt(d) if d else "без даты" for d in card.dues[:12]) or "—"],
            ["Ответственные", ", ".join(card.bodies) or "—"],
            ["В документе", card.responsible_raw or "—"],
            ["Форма отчёта", card.report_form or "—"], ["Примечание", card.note or "—"],
            ["Назначения", ", ".join(f"{_status(k)}: {v}" for k, v in sorted(card.assignments.items()))
             or "—"]]
    if card.withdrawn:
        rows.append(["Исключено", card.withdrawn])
    print(table(["Поле", "Значение"], rows))
    for warning in card.warnings:
        print(f"! {warning}")
    _print_history(card)
    return 0


def _status(code: str) -> str:
    from roadmap_tui.model.statuses import STATUS_LABELS, Status

    return STATUS_LABELS.get(Status(code), code) if code in Status._value2member_map_ else code


def _print_history(card: ItemCard) -> None:
    if not card.history:
        print("Исправлений не было.")
        return
    print_item_history(card.history)


def print_item_history(history: list[Correction]) -> None:
    """An item's corrections as a table (who, when, field, before → after, why)."""
    from roadmap_tui.read.history import shown
    from roadmap_tui.settings import TIMEZONE

    print("\nИсправления мероприятия:")
    print(table(["Когда", "Кто", "Поле", "Было → стало", "Причина"], [
        [c.changed_at.astimezone(TIMEZONE).strftime("%d.%m.%Y %H:%M"), c.changed_by,
         c.label, f"{shown(c.old_value)} → {shown(c.new_value)}", c.reason or ""]
        for c in history]))


def _card_json(card: ItemCard) -> dict[str, Any]:
    import json
    from dataclasses import asdict

    out = asdict(card)
    out["history"] = [
        {"id": c.id, "field": c.field, "old": json.loads(c.old_value or "null"),
         "new": json.loads(c.new_value or "null"), "changed_at": c.changed_at,
         "changed_by": c.changed_by, "reason": c.reason} for c in card.history]
    return out


def _edit(args: argparse.Namespace, item_id: int) -> int:
    from roadmap_tui.settings import utcnow
    from roadmap_tui.tracking.items import ItemEdit, edit_item, item_card

    settings = _settings(args)
    bodies = None if args.bodies is None else [c.strip() for c in args.bodies.split(",") if c.strip()]
    edit = ItemEdit(title=args.title, deadline=args.deadline, bodies=bodies,
                    report_form=args.report_form, note=args.note,
                    expected_version=args.expect_version)
    with _session(settings) as db:
        result = edit_item(db, item_id, edit, by=settings.user, reason=args.why or "",
                           now=utcnow(), horizon=recurrence_horizon(settings.today))
        card = item_card(db, item_id)
    if getattr(args, "json", False):
        print_json({"item": _card_json(card), "assignments_added": result.effects.added,
                    "assignments_cancelled": result.effects.cancelled,
                    "assignments_moved": result.effects.moved})
        return 0
    from roadmap_tui.read.history import FIELD_LABELS

    fields = ", ".join(FIELD_LABELS.get(c.field, c.field) for c in result.changes)
    print(f"Мероприятие №{item_id} исправлено ({fields}); версия {result.version}. "
          f"Новых назначений {result.effects.added}, отменено {result.effects.cancelled}, "
          f"перенесено {result.effects.moved}.")
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    words = list(args.words)
    if words and words[0] == "remove":
        if len(words) != 2 or not words[1].isdigit():
            raise BadInput("Укажите номер документа: roadmap documents remove 3 "
                           "(номера — в roadmap documents).")
        return _remove(args, int(words[1]))
    if words:
        raise BadInput(f"Неизвестное действие «{words[0]}». Допустимо: remove.")
    from roadmap_tui.tracking.documents import list_documents

    with _session(_settings(args)) as db:
        rows = list_documents(db)
    if getattr(args, "json", False):
        print_json(rows)
        return 0
    print(table(["№", "Ред.", "Дата", "Номер", "Мероприятий", "Исключено", "Назначений", "Документ"],
                [[str(r.id), str(r.version), fmt(r.doc_date) if r.doc_date else "—", r.number or "—",
                  str(r.items), str(r.withdrawn), str(r.assignments),
                  f"{r.source_name}: {r.title or ''}"] for r in rows]))
    print(f"\nВсего документов: {len(rows)}")
    return 0


def _remove(args: argparse.Namespace, document_id: int) -> int:
    from roadmap_tui.settings import utcnow
    from roadmap_tui.tracking.documents import remove_document

    settings = _settings(args)
    with _session(settings) as db:
        items = remove_document(db, document_id, by=settings.user, reason=args.why or "",
                                now=utcnow(), force=args.force)
    if getattr(args, "json", False):
        print_json({"removed": document_id, "items": items})
    else:
        print(f"Документ №{document_id} удалён вместе с мероприятиями ({items}); запись — в журнале.")
    return 0


def cmd_bodies_map(args: argparse.Namespace) -> int:
    from roadmap_tui.settings import utcnow
    from roadmap_tui.tracking.executors import map_executor

    settings = _settings(args)
    codes = [c.strip() for c in args.codes.split(",") if c.strip()]
    with _session(settings) as db:
        result = map_executor(db, args.printed, codes, by=settings.user, now=utcnow(),
                              horizon=recurrence_horizon(settings.today))
    if getattr(args, "json", False):
        print_json({"codes": result.codes, "items": result.items,
                    "assignments_added": result.effects.added})
    else:
        print(f"«{args.printed}» → {', '.join(codes)}: запомнено; мероприятий исправлено "
              f"{len(result.items)}, новых назначений {result.effects.added}.")
    return 0


def cmd_bodies_unmapped(args: argparse.Namespace) -> int:
    from roadmap_tui.tracking.executors import unmapped

    with _session(_settings(args)) as db:
        rows = unmapped(db)
    if getattr(args, "json", False):
        print_json(rows)
        return 0
    if not rows:
        print("Все исполнители сопоставлены со справочником.")
        return 0
    print(table(["Мероприятий", "Номера", "Как напечатано"],
                [[str(len(r.items)), ", ".join(map(str, r.items[:8])), r.printed] for r in rows]))
    print('\nСопоставьте один раз: roadmap bodies map "ТЕКСТ" КОД[,КОД]')
    return 0

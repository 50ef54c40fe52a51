"""One function per `roadmap` subcommand; each calls one core function.

Write commands open an SQLModel unit of work (one transaction); read
commands use the light `model.connection`. Heavy modules are imported inside
the commands that need them, which keeps the read path fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from roadmap_tui.cli.context import prepare, reader, session, settings_from, writer
from roadmap_tui.cli.options import MAX_INT
from roadmap_tui.cli.render import print_json, print_json_stream, table
from roadmap_tui.dates import fmt, parse_period, parse_user_date
from roadmap_tui.errors import BadInput
from roadmap_tui.model.statuses import STATUS_LABELS, Status, parse_status
from roadmap_tui.read import assignments as queries
from roadmap_tui.read.bodies import list_bodies

DEFAULT_LIMIT = 200
MAX_WITHIN_DAYS = 36_600  # a century: "within N days" must stay inside the calendar
MAX_IDS = 10_000  # one `roadmap status` call: a school's whole year, not a typo's million


def cmd_ui(args: argparse.Namespace) -> int:
    """No subcommand: the coordinator's UI when it is available, else the overdue report."""
    try:
        from roadmap_tui.tui import check_database, run_app
    except ImportError:
        return cmd_overdue(args)
    settings = settings_from(args)
    check_database(settings)  # before prepare(), which would create a mistyped path
    prepare(settings)
    return int(run_app(settings))


def cmd_deadline(args: argparse.Namespace) -> int:
    from roadmap_tui.deadlines import PlanContext, parse_deadline

    start, end = parse_period(args.period)
    doc_date = parse_user_date(args.doc_date) if args.doc_date else start
    schedule = parse_deadline(args.phrase, PlanContext(start, end, doc_date, horizon=end))
    result = {
        "kind": str(schedule.kind),
        "due": [d.due_on for d in schedule.dues],
        "windows": [{"start": d.window_start, "due": d.due_on} for d in schedule.dues],
        "owner": schedule.owner,
        "explain": schedule.explain,
    }
    if getattr(args, "json", False):
        print_json(result)
        return 0
    print(f"Вид: {result['kind']}\nПояснение: {schedule.explain}")
    for due in schedule.dues:
        window = f" (период {fmt(due.window_start)}–{fmt(due.due_on)})" if due.window_start else ""
        print(f"  срок {fmt(due.due_on)}{window}")
    if not schedule.dues:
        print("  сроков нет")
    return 0


def cmd_items(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    with reader(settings) as db:
        rows = queries.items(db, doc=args.doc, body=getattr(args, "body", None))
    if getattr(args, "json", False):
        print_json([
            {"id": r.id, "doc": r.doc, "kind": r.kind, "number": r.number, "section": r.section,
             "title": r.title, "deadline": r.deadline, "schedule": r.schedule_kind,
             "explain": r.explain, "form": r.form, "responsible": r.responsible,
             "report_form": r.report_form, "note": r.note, "person": r.person}
            for r in rows
        ])
        return 0
    print(table(["Документ", "№", "Срок", "Ответственные", "Мероприятие"],
                [[r.doc[:3], r.number, r.deadline or "—", ", ".join(r.responsible) or "—", r.title]
                 for r in rows]))
    print(f"\nВсего мероприятий: {len(rows)}")
    return 0


def _assignments_out(
    args: argparse.Namespace, heading: str, rows: Iterator[queries.AssignmentRow], total: int,
    as_of: date,
) -> int:
    if getattr(args, "json", False):
        print_json_stream({"as_of": as_of, "total": total}, "assignments",
                          (_assignment_json(r, as_of) for r in rows))
        return 0
    shown = list(rows)
    print(f"{heading}: {total}")
    if shown:
        print(table(
            ["№", "Срок", "Дней просрочки", "Ответственный", "Статус", "Пункт", "Мероприятие"],
            [[str(r.id), fmt(r.due_on), str(r.days_overdue(as_of) or "—"), r.body_name,
              STATUS_LABELS[Status(r.status)], f"{r.doc[:3]} {r.number}", r.title] for r in shown]))
    if total > len(shown):
        print(f"… и ещё {total - len(shown)}; покажите все: --limit 0")
    return 0


def _assignment_json(r: queries.AssignmentRow, as_of: date) -> dict[str, Any]:
    return {"id": r.id, "version": r.version, "doc": r.doc, "number": r.number, "title": r.title,
            "body": r.body_code, "body_name": r.body_name, "window_start": r.window_start,
            "due": r.due_on, "original_due": r.original_due_on, "status": r.status,
            "days_overdue": r.days_overdue(as_of), "report_form": r.report_form,
            "deadline": r.deadline}


def _limit(args: argparse.Namespace) -> int | None:
    value = getattr(args, "limit", DEFAULT_LIMIT)
    if value < 0:
        raise BadInput("--limit не может быть отрицательным.")
    return value or None


def cmd_overdue(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    with reader(settings) as db:
        rows, total = queries.overdue(db, settings.today, body=getattr(args, "body", None),
                                      limit=_limit(args))
        return _assignments_out(args, f"Просрочено на {fmt(settings.today)}", rows, total,
                                settings.today)


def cmd_due(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if not 0 <= args.within <= MAX_WITHIN_DAYS:
        raise BadInput(f"--within: от 0 до {MAX_WITHIN_DAYS} дней.")
    heading = (f"Срок с {fmt(settings.today)} по "
               f"{fmt(date.fromordinal(settings.today.toordinal() + args.within))}")
    with reader(settings) as db:
        rows, total = queries.due_within(db, settings.today, args.within,
                                         body=getattr(args, "body", None), limit=_limit(args))
        return _assignments_out(args, heading, rows, total, settings.today)


def cmd_bodies(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    with reader(settings) as db:
        rows = list_bodies(db)
    if getattr(args, "json", False):
        print_json(rows)
        return 0
    print(table(["Код", "Вид", "Почта", "Краткое имя", "Полное наименование"],
                [[r.code, r.kind, r.email or "—", r.short_name, r.full_name] for r in rows]))
    print(f"\nВсего: {len(rows)}")
    return 0


def cmd_bodies_import(args: argparse.Namespace) -> int:
    from roadmap_tui.model.materialize import materialize_assignments
    from roadmap_tui.model.registry import load_registry, read_registry

    settings = settings_from(args)
    rows = read_registry(Path(args.csv_path))
    with session(settings) as db:
        loaded = load_registry(db, rows)
        assignments = materialize_assignments(db)
    result: dict[str, Any] = {"added": loaded.added, "updated": loaded.updated,
                              "assignments_added": assignments}
    if loaded.matched:  # rows without a code that were recognised as known bodies
        result["matched"] = [{"line": line, "name": name, "body": code}
                             for line, name, code in loaded.matched]
    if getattr(args, "json", False):
        print_json(result)
    else:
        print(f"Реестр: добавлено {loaded.added}, обновлено {loaded.updated}; "
              f"новых назначений {assignments}")
        for line, name, code in loaded.matched:
            print(f"  строка {line}: «{name}» — это {code}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from roadmap_tui.settings import utcnow
    from roadmap_tui.tracking.status import StatusUpdate, change_many, change_status, moves_into_past

    settings = settings_from(args)
    status = parse_status(args.status)
    if status is None:
        raise BadInput(f"Неизвестный статус «{args.status}». Допустимо: "
                       + ", ".join(STATUS_LABELS.values()))
    ids = assignment_ids(args.assignments)
    if args.expect_version is not None and len(ids) > 1:
        raise BadInput("--expect-version относится к одному назначению; укажите одно.")
    day = parse_user_date(args.date) if args.date else None
    change = StatusUpdate(
        status=status, comment=args.comment,
        completed_on=day if status is Status.DONE else None,
        new_due_on=day if status is Status.POSTPONED else None,
        report_received=True if args.report_ref else None, report_ref=args.report_ref,
        expected_version=args.expect_version,
    )
    if day and status not in (Status.DONE, Status.POSTPONED):
        raise BadInput("--date нужна только для статусов «выполнено» и «перенесено».")
    if moves_into_past(change, settings.today):
        print(f"Внимание: новый срок {fmt(change.new_due_on)} уже прошёл (сегодня "
              f"{fmt(settings.today)}); назначение сразу будет просрочено.", file=sys.stderr)
    with writer(settings) as tx:
        if len(ids) == 1:
            entries = [change_status(tx, ids[0], change, by=settings.user, today=settings.today,
                                     now=utcnow())]
        else:  # one batch: `roadmap undo` reverts it as a whole
            entries = change_many(tx, ids, change, by=settings.user, today=settings.today,
                                  now=utcnow())
    return _print_changes(args, entries)


def assignment_ids(given: list[str]) -> list[int]:
    """Assignment ids as typed: «12», «12,15», «20-25» (each at most once, in order)."""
    found: dict[int, None] = {}
    for word in given:
        for part in filter(None, word.replace(" ", "").split(",")):
            low, dash, high = part.partition("-")
            if not (low.isdigit() and (not dash or high.isdigit())):
                raise BadInput(f"«{part}» — не номер назначения (пример: 12, 12,15 или 20-25).")
            first, last = int(low), int(high) if dash else int(low)
            if last > MAX_INT:
                raise BadInput(f"«{part}» вне допустимого диапазона (0…{MAX_INT}).")
            if last < first or last - first >= MAX_IDS:
                raise BadInput(f"Диапазон «{part}»: от меньшего к большему, не больше {MAX_IDS}.")
            found.update(dict.fromkeys(range(first, last + 1)))
    if len(found) > MAX_IDS:
        raise BadInput(f"За один раз — не больше {MAX_IDS} назначений.")
    return list(found)


def _print_changes(args: argparse.Namespace, entries: list[Any]) -> int:
    if getattr(args, "json", False):
        print_json(_change_json(entries[0]) if len(entries) == 1 else
                   [_change_json(e) for e in entries])
        return 0
    for entry in entries:
        _print_change(args, entry)
    return 0


def _print_change(args: argparse.Namespace, entry: Any) -> int:
    if getattr(args, "json", False):
        print_json(_change_json(entry))
    else:
        old = STATUS_LABELS.get(Status(entry.old_status), entry.old_status) if entry.old_status else "—"
        print(f"Назначение №{entry.assignment_id}: {old} → {STATUS_LABELS[Status(entry.new_status)]}"
              f" (кто: {entry.changed_by})")
    return 0


def _change_json(entry: Any) -> dict[str, Any]:
    from roadmap_tui.settings import TIMEZONE

    # Stored in UTC; shown, with its offset, in the coordinators' zone.
    return {"id": entry.id, "assignment": entry.assignment_id, "old_status": entry.old_status,
            "new_status": entry.new_status, "old_due": entry.old_due_on,
            "new_due": entry.new_due_on, "completed_on": entry.completed_on,
            "changed_at": entry.changed_at.astimezone(TIMEZONE), "changed_by": entry.changed_by,
            "comment": entry.comment, "undo_of": entry.undo_of}


def cmd_history(args: argparse.Namespace) -> int:
    from roadmap_tui.read.history import corrections_of_assignment, status_history

    settings = settings_from(args)
    with reader(settings) as db:
        entries = status_history(db, args.assignment)
        corrections = corrections_of_assignment(db, args.assignment)
    if getattr(args, "json", False):
        print_json([_change_json(e) for e in entries])
        return 0
    if not entries:
        print(f"Назначение №{args.assignment}: изменений не было.")
    else:
        rows = []
        for e in entries:
            label = STATUS_LABELS.get(Status(e.new_status), e.new_status)
            moved = (f" срок {fmt(e.old_due_on)} → {fmt(e.new_due_on)}"
                     if e.old_due_on != e.new_due_on else "")
            rows.append([e.when.strftime("%d.%m.%Y %H:%M"), e.changed_by, label + moved,
                         e.comment or ""])
        print(table(["Когда", "Кто", "Изменение", "Комментарий"], rows))
    if corrections:
        from roadmap_tui.cli.lifecycle import print_item_history

        print_item_history(corrections)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    from roadmap_tui.settings import utcnow
    from roadmap_tui.tracking.status import undo_last

    settings = settings_from(args)
    with writer(settings) as tx:
        reverts = undo_last(tx, by=settings.user, now=utcnow())
    if getattr(args, "json", False):
        print_json([_change_json(e) for e in reverts])
    else:
        for entry in reverts:
            _print_change(args, entry)
    return 0

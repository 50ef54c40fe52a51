"""The list, the roll-up and the matrix as spreadsheet views (the one-key export, issue 11).

Headless, and imported only when the coordinator asks for an export: the
launch of the UI and the headless commands never load openpyxl. The rows
are the screen's own — same filters, same sort, same order — read page by
page with the list's keyset query, so a long list streams into the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from roadmap_tui.dates import fmt
from roadmap_tui.errors import RoadmapError
from roadmap_tui.export.view_xlsx import Tinted, free_path, write_view
from roadmap_tui.export.view_xlsx import View as Sheet
from roadmap_tui.model.statuses import STATUS_LABELS
from roadmap_tui.read.details import Matrix, RollupRow, rollup
from roadmap_tui.read.states import DERIVED_LABELS, Derived
from roadmap_tui.read.view import SORTS, Filters, View
from roadmap_tui.settings import TIMEZONE
from roadmap_tui.tui.format import state_label

#: The colour of each state the coordinator sees (the list's and the matrix's colours).
TONE: dict[Derived, str] = {
    Derived.OVERDUE: "overdue", Derived.DONE_ON_TIME: "done", Derived.DONE_LATE: "done",
    Derived.DUE_SOON: "working", Derived.CANCELLED: "cancelled",
}


def _tinted(text: str, state: Derived) -> Tinted | str:
    tone = TONE.get(state)
    return Tinted(text, tone) if tone else text


def _conditions(data: View, filters: Filters, exported: datetime) -> list[tuple[str, str]]:
    found = [("Выгружено", exported.astimezone(TIMEZONE).strftime("%d.%m.%Y %H:%M")),
             ("Состояние на дату", fmt(data.today))]
    found += filters.active() or [("Фильтры", "нет (все назначения)")]
    return found


def list_view(data: View, filters: Filters, sort: str, descending: bool,
              exported: datetime) -> Sheet:
    """The assignments list as shown: every row the filters give, in the list's order."""

    def rows() -> Iterator[Sequence[Any]]:
        cursor = None
        while True:
            page = data.page(filters, sort, cursor, 500, descending)
            for r in page.rows:
                yield (r.number, r.doc, r.title, r.body, r.window_start, r.due_on,
                       _tinted(state_label(r.status, r.derived), r.derived),
                       STATUS_LABELS[r.status], r.completed_on,
                       Tinted(r.days_overdue, "overdue") if r.days_overdue else None)
            if page.cursor is None:
                return
            cursor = page.cursor

    arrow = "по убыванию" if descending else "по возрастанию"
    conditions = [*_conditions(data, filters, exported), ("Сортировка",
                                                          f"по {SORTS[sort][0]}, {arrow}")]
    return Sheet("Назначения", ("№", "Документ", "Мероприятие", "Ответственный", "Начало периода",
                               "Срок", "Состояние", "Статус", "Выполнено", "Дней просрочки"),
                (8, 22, 60, 28, 12, 12, 20, 14, 12, 10), rows(), data.count(filters), conditions)


def rollup_view(data: View, filters: Filters, exported: datetime) -> Sheet:
    """The roll-up as shown: an item's due date across its bodies, «выполнено N из M».

    Read whole: it has a row per item and due date, not per assignment (thousands at most).
    """
    found: list[RollupRow] = []
    while page := rollup(data, filters, len(found), 500):
        found += page
    rows = [(r.number, r.doc, r.title, r.due_on, r.total,
             Tinted(r.done, "done") if r.done == r.total else r.done,
             Tinted(r.overdue, "overdue") if r.overdue else 0) for r in found]
    return Sheet("Свод", ("№", "Документ", "Мероприятие", "Срок", "Назначений", "Выполнено",
                         "Просрочено"), (8, 22, 60, 12, 12, 12, 12), rows, len(rows),
                [*_conditions(data, filters, exported), ("Вид", "свод по мероприятиям")])


def matrix_view(data: View, m: Matrix, exported: datetime) -> Sheet:
    """Schools × items as the matrix shows them (laggards first), a state word per cell."""

    def rows() -> Iterator[Sequence[Any]]:
        for body_id, name in m.schools:
            late = m.lagging.get(body_id, 0)
            cells: list[Any] = [name, Tinted(late, "overdue") if late else 0]
            for item_id, _, _ in m.items:
                state = m.cells.get((body_id, item_id))
                cells.append(None if state is None else _tinted(DERIVED_LABELS[state], state))
            yield cells

    header = ("Школа", "Просрочено", *(f"{number} {title}".strip() for _, number, title in m.items))
    conditions = [*_conditions(data, Filters(), exported)[:2], ("Матрица", m.title),
                  ("Пусто", "не назначено")]
    return Sheet("Матрица", header, (30, 11, *(18 for _ in m.items)), rows(), len(m.schools),
                conditions)


def export_view(view: Sheet, folder: Path, stem: str, exported: datetime) -> Path:
    """Write `view` under `folder` with a fresh name; return the file's path."""
    path = free_path(folder, stem, exported.astimezone(TIMEZONE))
    try:
        write_view(path, view)
    except OSError as error:
        raise RoadmapError(f"Таблица не записана ({path}): {error.strerror or error}. "
                           "Проверьте, что папка выгрузки доступна на запись.") from error
    return path

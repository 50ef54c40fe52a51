"""The assignments list: combined filters, search, sort, marks, status changes."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input

from roadmap_tui.read.details import RollupRow, rollup
from roadmap_tui.read.view import PAGE_SIZE, SORTS, STATE_CHOICES, Choice, Filters, Page, Row
from roadmap_tui.tracking.status import StatusUpdate
from roadmap_tui.tui.screens.base import BaseScreen
from roadmap_tui.tui.widgets.assignment_table import COLUMNS, AssignmentTable
from roadmap_tui.tui.widgets.filter_bar import FilterBar
from roadmap_tui.tui.widgets.header import RoadmapHeader
from roadmap_tui.tui.widgets.inputs import TextInput
from roadmap_tui.tui.widgets.rollup_table import RollupTable


class AssignmentsScreen(BaseScreen):
    CSS_PATH = "assignments.tcss"
    # Focus the list from the moment it is composed: Textual's default focuses the first
    # focusable widget (the search box) until on_mount, and keys typed meanwhile landed there.
    AUTO_FOCUS = "#assignments"
    BINDINGS = [
        Binding("enter", "details", "Подробно", show=False),
        Binding("s", "status", "Статус"),
        Binding("space", "mark", "Отметить"),
        Binding("b", "bulk", "Массово"),
        Binding("d", "set_date", "Срок"),
        Binding("e", "edit_item", "Пункт", tooltip="Исправить пункт выбранной строки"),
        Binding("m", "matrix", "Матрица"),
        Binding("g", "rollup", "Свод"),
        Binding("ctrl+e", "export_xlsx", "В Excel", tooltip="Записать список с фильтрами в .xlsx"),
        Binding("o", "sort", "Сорт."),
        Binding("O", "reverse_sort", "Обратная сортировка", show=False),
        Binding("slash", "search", "Поиск"),
        Binding("1", "pick_document", "Док."),
        Binding("2", "pick_section", "Разд."),
        Binding("3", "pick_body", "Отв."),
        Binding("4", "pick_state", "Сост."),
        Binding("5", "toggle_overdue", "Просроч."),
        Binding("6", "toggle_week", "Неделя"),
        Binding("x", "clear_filters", "Сброс"),
        Binding("escape", "back", "Назад"),
    ]

    def __init__(self, filters: Filters | None = None) -> None:
        super().__init__()
        self.filters = filters or Filters()
        self.sort = "due"
        self.descending = False
        self.page_size = PAGE_SIZE
        self.rows: dict[int, Row] = {}
        self.marked: dict[int, int] = {}  # assignment id -> version it was marked at
        self.total: int | None = None
        self.rollup_mode = False
        self.rollup_rows: list[RollupRow] = []
        self.loaded = 0  # pages shown so far (tests and the benchmark wait on it)
        self._generation = 0
        self._cursor: Any = None
        self._loading = False
        self._keep: int | None = None

    def compose(self) -> ComposeResult:
        yield RoadmapHeader(show_clock=False)
        yield FilterBar(id="filter-bar")
        yield TextInput(value=self.filters.text, placeholder="/ Поиск по названию или номеру…",
                        id="search")
        yield AssignmentTable(id="assignments")
        yield RollupTable(id="rollup", classes="hidden")
        yield Footer()

    def on_mount(self) -> None:
        self.table.focus()
        self.reload()

    @property
    def table(self) -> AssignmentTable:
        return self.query_one(AssignmentTable)

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Start again from the first page with the current filters and sort."""
        self._generation += 1
        self._keep = self.table.selected_id()
        self._cursor, self._loading, self.total = None, True, None
        self.rollup_rows = []
        self._show_bar()
        if self.rollup_mode:
            self._fetch_rollup(self._generation, self.filters, 0)
        else:
            self._fetch(self._generation, self.filters, (self.sort, self.descending), None)
        self._count(self._generation, self.filters)

    @work(thread=True, exclusive=True, exit_on_error=False, group="list")
    def _fetch(self, generation: int, filters: Filters, order: tuple[str, bool],
               cursor: Any) -> None:
        sort, descending = order
        page = self.roadmap.data.page(filters, sort, cursor, self.page_size, descending)
        cells = [AssignmentTable.rendered(row) for row in page.rows]
        self.app.call_from_thread(self._append, generation, page, cells, cursor is None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="count")
    def _count(self, generation: int, filters: Filters) -> None:
        total = self.roadmap.data.count(filters)
        self.app.call_from_thread(self._counted, generation, total)

    @work(thread=True, exclusive=True, exit_on_error=False, group="list")
    def _fetch_rollup(self, generation: int, filters: Filters, offset: int) -> None:
        rows = rollup(self.roadmap.data, filters, offset)
        self.app.call_from_thread(self._append_rollup, generation, rows, offset)

    def _append(self, generation: int, page: Page, cells: list[list[Text | str]],
                first: bool) -> None:
        if generation != self._generation:
            return
        table = self.table
        if first:
            self.rows.clear()
            table.clear()
        for row in page.rows:
            self.rows[row.id] = row
            if row.id in self.marked:
                self.marked[row.id] = row.version
        table.add_page(page.rows, cells, set(self.marked))
        if first and self._keep is not None and self._keep in self.rows:
            table.move_cursor(row=table.get_row_index(str(self._keep)), animate=False)
        self._cursor, self._loading = page.cursor, False
        self.loaded += 1

    def _append_rollup(self, generation: int, rows: list[RollupRow], offset: int) -> None:
        if generation != self._generation:
            return
        table = self.query_one(RollupTable)
        if offset == 0:
            table.clear()
        self.rollup_rows.extend(rows)
        table.add_page(rows, offset)
        self._cursor = offset + len(rows) if len(rows) == 100 else None
        self._loading = False
        self.loaded += 1

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.total = total
            self._show_bar()

    def _show_bar(self) -> None:
        arrow = "↓" if self.descending else "↑"
        sort = "мероприятиям (свод)" if self.rollup_mode else f"{SORTS[self.sort][0]} {arrow}"
        self.query_one(FilterBar).show(self.filters, self.total, sort, len(self.marked))

    @on(AssignmentTable.NearEnd)
    def _more(self) -> None:
        if (self._cursor is not None and not self._loading and not self.rollup_mode
                and self.table.near_end()):
            self._loading = True
            self._fetch(self._generation, self.filters, (self.sort, self.descending),
                        self._cursor)

    @on(RollupTable.NearEnd)
    def _more_rollup(self) -> None:
        if (self._cursor is not None and not self._loading and self.rollup_mode
                and self.query_one(RollupTable).near_end()):
            self._loading = True
            self._fetch_rollup(self._generation, self.filters, self._cursor)

    # -- filters ----------------------------------------------------------------------------
    def set_filters(self, filters: Filters) -> None:
        self.filters = filters
        search = self.query_one("#search", Input)
        if search.value != filters.text:
            with search.prevent(Input.Changed):
                search.value = filters.text
        self.reload()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value != self.filters.text:
            self.filters = replace(self.filters, text=event.value)
            self.reload()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.table.focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear_filters(self) -> None:
        self.set_filters(Filters())

    def action_toggle_overdue(self) -> None:
        self.set_filters(replace(self.filters, overdue_only=not self.filters.overdue_only))

    def action_toggle_week(self) -> None:
        self.set_filters(replace(self.filters, this_week=not self.filters.this_week))

    def action_pick_document(self) -> None:
        self._pick("document", "Документ")

    def action_pick_section(self) -> None:
        self._pick("section", "Раздел")

    def action_pick_body(self) -> None:
        self._pick("body", "Ответственный (начните вводить название школы)")

    def action_pick_state(self) -> None:
        self._pick("state", "Состояние")

    @work(thread=True, exclusive=True, exit_on_error=False, group="picker")
    def _pick(self, field: str, title: str) -> None:
        data = self.roadmap.data
        if field == "document":
            choices = data.documents()
        elif field == "section":
            document = self.filters.document
            choices = data.sections(int(document.id) if document else None)
        elif field == "body":
            choices = data.bodies()
        else:
            choices = list(STATE_CHOICES)
        self.app.call_from_thread(self._open_picker, field, title, choices)

    def _open_picker(self, field: str, title: str, choices: list[Choice]) -> None:
        from roadmap_tui.tui.dialogs.pickers import PickerDialog

        def chosen(choice: Choice | None) -> None:
            if choice is not None:
                change: dict[str, Any] = {field: choice}  # the picker names the filter it sets
                self.set_filters(replace(self.filters, **change))

        self.app.push_screen(PickerDialog(title, choices), chosen)

    # -- sort, marks, modes -----------------------------------------------------------------
    def action_sort(self) -> None:
        keys = list(SORTS)
        self.sort = keys[(keys.index(self.sort) + 1) % len(keys)]
        self.descending = False
        self.reload()

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.reload()

    @on(DataTable.HeaderSelected, "#assignments")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        """A column's heading sorts by it; the same heading again reverses the order."""
        sort = COLUMNS[event.column_index][2]
        if sort is not None:
            self.descending = not self.descending if sort == self.sort else False
            self.sort = sort
            self.reload()

    def action_mark(self) -> None:
        assignment_id = self.table.selected_id()
        if assignment_id is None or assignment_id not in self.rows:
            return
        if self.marked.pop(assignment_id, None) is None:
            self.marked[assignment_id] = self.rows[assignment_id].version
        self.table.set_mark(assignment_id, assignment_id in self.marked)
        self.table.action_cursor_down()
        self._show_bar()

    def action_rollup(self) -> None:
        self.rollup_mode = not self.rollup_mode
        self.query_one(AssignmentTable).set_class(self.rollup_mode, "hidden")
        self.query_one(RollupTable).set_class(not self.rollup_mode, "hidden")
        (self.query_one(RollupTable) if self.rollup_mode else self.table).focus()
        self.reload()

    def action_export_xlsx(self) -> None:
        self._export(self.filters, self.sort, self.descending, self.rollup_mode)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export(self, filters: Filters, sort: str, descending: bool, rollup_mode: bool) -> None:
        # Imported here: openpyxl and the exporters stay out of the UI's launch.
        from roadmap_tui.tui.sheets import export_view, list_view, rollup_view

        app, now = self.roadmap, self.roadmap.store.clock()
        view = (rollup_view(app.data, filters, now) if rollup_mode
                else list_view(app.data, filters, sort, descending, now))
        path = export_view(view, app.settings.export_dir, "svod" if rollup_mode else "spisok", now)
        self.app.call_from_thread(app.export_written, path)

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.table.focus()
        else:
            self.app.pop_screen()

    # -- acting on rows ---------------------------------------------------------------------
    def current(self) -> Row | None:
        assignment_id = self.table.selected_id()
        return self.rows.get(assignment_id) if assignment_id is not None else None

    def current_item(self) -> int | None:
        if self.rollup_mode:
            table = self.query_one(RollupTable)
            n = table.cursor_row
            return self.rollup_rows[n].item_id if 0 <= n < len(self.rollup_rows) else None
        row = self.current()
        return row.item_id if row else None

    @on(DataTable.RowSelected, "#assignments")
    def action_details(self) -> None:
        row = self.current()
        if row is not None:
            self.roadmap.open_details(row.id)

    @on(DataTable.RowSelected, "#rollup")
    def action_matrix(self) -> None:
        item_id = self.current_item()
        if item_id is not None:
            self.roadmap.open_matrix(item_id)

    def action_status(self) -> None:
        row = self.current()
        if row is not None:
            from roadmap_tui.tui.screens.edits import edit_status

            edit_status(self, row.id, row.title, row.status, row.version)

    def action_set_date(self) -> None:
        row = self.current()
        if row is not None:
            from roadmap_tui.tui.screens.edits import edit_due_date

            edit_due_date(self, row.id, row.title, row.due_on, row.version)

    def action_edit_item(self) -> None:
        item_id = self.current_item()
        if item_id is not None:
            from roadmap_tui.tui.screens.edits import edit_item

            edit_item(self, item_id)

    def action_bulk(self) -> None:
        chosen = dict(self.marked)
        if not chosen and (row := self.current()) is not None:
            chosen = {row.id: row.version}
        if chosen and not self.roadmap.refuse_if_read_only():
            self._ask_bulk(chosen, bool(self.marked))

    def _ask_bulk(self, chosen: dict[int, int], marked: bool, draft: StatusUpdate | None = None,
                  error: str = "") -> None:
        """Ask for one change to every chosen row; a change the core refuses comes back to
        the form with its message, the marks restored (nothing was written)."""
        from roadmap_tui.tui.dialogs.bulk import BulkDialog

        def again(update: StatusUpdate, message: str) -> None:
            if marked:
                self.marked.update(chosen)
                self.reload()
            self._ask_bulk(chosen, marked, update, message)

        def done(update: StatusUpdate | None) -> None:
            if update is not None:
                self.marked.clear()
                self.write(lambda: self.roadmap.store.change_many(chosen, update),
                           f"Изменено назначений: {len(chosen)}",
                           on_refused=lambda refused: partial(again, update, str(refused)))

        self.app.push_screen(BulkDialog(len(chosen), self.roadmap.data.today, draft, error), done)

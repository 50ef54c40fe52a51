"""Schools × items of a section: a status mark per cell, laggards on top."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from roadmap_tui.read.bodies import natural_key
from roadmap_tui.read.details import Matrix, matrix
from roadmap_tui.read.states import Derived
from roadmap_tui.read.view import Choice, Filters
from roadmap_tui.tui.format import LEGEND, MARKS, STATE_STYLE
from roadmap_tui.tui.screens.base import BaseScreen
from roadmap_tui.tui.widgets.header import RoadmapHeader


class MatrixScreen(BaseScreen):
    CSS_PATH = "matrix.tcss"
    AUTO_FOCUS = "#matrix"
    BINDINGS = [
        Binding("enter", "open", "Назначения школы", show=True),
        Binding("ctrl+e", "export_xlsx", "В Excel", tooltip="Записать матрицу в .xlsx"),
        Binding("escape", "back", "Назад"),
    ]

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id
        self.matrix: Matrix | None = None
        self.loaded = 0

    def compose(self) -> ComposeResult:
        yield RoadmapHeader(show_clock=False)
        yield Static("Загрузка…", id="matrix-title")
        yield Static(LEGEND, id="legend")
        yield DataTable(id="matrix", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self._load(self.item_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="matrix")
    def _load(self, item_id: int) -> None:
        found = matrix(self.roadmap.data, item_id)
        self.app.call_from_thread(self._show, found)

    def _show(self, m: Matrix) -> None:
        # Laggards first; among equals, schools in number order («№ 2» before «№ 19»).
        m = replace(m, schools=sorted(m.schools, key=lambda s: (-m.lagging.get(s[0], 0),
                                                                natural_key(s[1]))))
        self.matrix = m
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("Школа", width=30)
        table.add_column("Просроч.", width=8)
        for _, number, _ in m.items:
            table.add_column(Text(number, justify="center"), width=max(3, len(number)))
        for body_id, name in m.schools:
            late = m.lagging.get(body_id, 0)
            cells: list[Text | str] = [name, Text(str(late) if late else "",
                                                  style="bold red", justify="right")]
            for item_id, _, _ in m.items:
                state = m.cells.get((body_id, item_id))
                cells.append(self._mark(state))
            table.add_row(*cells, key=str(body_id))
        done = sum(1 for s in m.cells.values() if s in (Derived.DONE_ON_TIME, Derived.DONE_LATE))
        self.query_one("#matrix-title", Static).update(Text.assemble(
            ("Матрица: ", "bold"), m.title, "\n",
            (f"школ {len(m.schools)}, мероприятий {len(m.items)}; выполнено {done} из "
             f"{len(m.cells)} ячеек; отстают {len(m.lagging)} школ", "dim")))
        self.loaded += 1

    @staticmethod
    def _mark(state: Derived | None) -> Text:
        if state is None:
            return Text(" ")
        return Text(MARKS[state], style=STATE_STYLE[state], justify="center")

    @on(DataTable.CellSelected)
    def action_open(self) -> None:
        if self.matrix is None or not self.matrix.schools:
            return
        table = self.query_one(DataTable)
        body_id, name = self.matrix.schools[table.cursor_row]
        filters = Filters(body=Choice(body_id, name, "school"))
        column = table.cursor_column - 2
        if 0 <= column < len(self.matrix.items):
            item_id, number, title = self.matrix.items[column]
            filters = Filters(body=Choice(body_id, name, "school"),
                              item=Choice(item_id, f"{number} {title}"[:50]))
        self.roadmap.open_assignments(filters)

    def action_export_xlsx(self) -> None:
        if self.matrix is not None:
            self._export(self.matrix)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export(self, m: Matrix) -> None:
        from roadmap_tui.tui.sheets import export_view, matrix_view  # not at the UI's launch

        app, now = self.roadmap, self.roadmap.store.clock()
        path = export_view(matrix_view(app.data, m, now), app.settings.export_dir, "matrica", now)
        self.app.call_from_thread(app.export_written, path)

    def action_back(self) -> None:
        self.app.pop_screen()

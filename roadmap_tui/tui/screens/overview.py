"""The first screen: who is late and who owes what, per body and per document."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

from roadmap_tui.dates import fmt
from roadmap_tui.read.overview import OVERVIEW_STATES, Counts, overview_by_body, overview_by_section
from roadmap_tui.read.view import STATE_CHOICES, Choice, Filters
from roadmap_tui.tui.format import STATE_STYLE
from roadmap_tui.tui.screens.base import BaseScreen
from roadmap_tui.tui.widgets.header import RoadmapHeader

_STATE = {c.id: c for c in STATE_CHOICES}


class OverviewScreen(BaseScreen):
    CSS_PATH = "overview.tcss"
    AUTO_FOCUS = "#by-body"
    BINDINGS = [
        Binding("enter", "open_cell", "Открыть список", show=True),
        Binding("a", "all", "Все назначения"),
        Binding("tab", "switch_table", "Другая таблица", show=False),
        Binding("shift+tab", "switch_table", "Другая таблица", show=False),
        Binding("f5", "reload", "Обновить"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.by_body: list[Counts] = []
        self.by_section: list[Counts] = []
        self.loaded = 0  # how many loads have finished (tests and the benchmark wait on it)
        self._stale = False  # the counts changed while another screen covered this one

    def compose(self) -> ComposeResult:
        yield RoadmapHeader(show_clock=False)
        yield Static("Загрузка…", id="overview-caption", classes="caption")
        yield Static("По ответственным", classes="section-title")
        yield DataTable(id="by-body", cursor_type="cell", zebra_stripes=True)
        yield Static("По документам и разделам", classes="section-title")
        yield DataTable(id="by-section", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        for table_id, first in (("#by-body", "Ответственный"), ("#by-section", "Документ / раздел")):
            table = self.query_one(table_id, DataTable)
            table.add_column(first, width=36)
            for _, heading in OVERVIEW_STATES:
                table.add_column(heading, width=max(8, len(heading)))
            table.add_column("Всего", width=6)
        self.query_one("#by-body", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        """Read the counts again, now if the overview is shown, else when it is shown again.

        Covered by the list, it reads nothing: at a region the read and its drawing
        took a tenth of a second from the list the coordinator went to.
        """
        if self.is_active:
            self._stale = False
            self._load()
        else:
            self._stale = True

    def on_screen_suspend(self) -> None:
        if self.workers.cancel_group(self, "overview"):
            self._stale = True  # a read cut short: done again on return

    def on_screen_resume(self) -> None:
        if self._stale:
            self.reload()

    def action_reload(self) -> None:
        self.reload()

    def action_switch_table(self) -> None:
        """Tab moves between the two tables (and nowhere else)."""
        other = "#by-section" if self.focused is self.query_one("#by-body") else "#by-body"
        self.query_one(other, DataTable).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="overview")
    def _load(self) -> None:
        worker, data = get_current_worker(), self.roadmap.data
        by_body = overview_by_body(data)
        if worker.is_cancelled:
            return
        by_section = overview_by_section(data)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, by_body, by_section)

    def _show(self, by_body: list[Counts], by_section: list[Counts]) -> None:
        self.by_body, self.by_section = by_body, by_section
        if self.is_active:
            self._fill()
        else:  # read just as the coordinator left: drawn on return
            self._stale = True

    def _fill(self) -> None:
        for table_id, rows in (("#by-body", self.by_body), ("#by-section", self.by_section)):
            table = self.query_one(table_id, DataTable)
            cursor = table.cursor_coordinate
            table.clear()
            for n, counts in enumerate(rows):
                # A placeholder's long explanation wraps onto a second line.
                height = None if counts.kind == "placeholder" else 1
                table.add_row(*self._cells(counts), key=str(n), height=height)
            if rows:
                table.move_cursor(row=min(cursor.row, len(rows) - 1), column=cursor.column)
        overdue = sum(c.values["overdue"] for c in self.by_body)
        self.query_one("#overview-caption", Static).update(
            Text.assemble(
                (f"На {fmt(self.roadmap.data.today)}: ", "bold"),
                (f"просрочено {overdue}", "bold red" if overdue else "green"),
                ("   Enter на ячейке — список назначений;  a — все назначения;  "
                 "F3 — разбор импорта", "dim"),
            )
        )
        self.loaded += 1

    @staticmethod
    def _cells(counts: Counts) -> list[Text | str]:
        style = {"document": "bold", "": "bold", "placeholder": "yellow"}.get(counts.kind, "")
        cells: list[Text | str] = [Text(counts.label, style=style)]
        for state, _ in OVERVIEW_STATES:
            value = counts.values[state.value]
            colour = STATE_STYLE[state] or "default"
            cells.append(Text(str(value) if value else "·", style=colour if value else "dim",
                              justify="right"))
        cells.append(Text(str(counts.total), justify="right"))
        return cells

    def filters_for(self, table_id: str, row: int, column: int) -> Filters | None:
        rows = self.by_body if table_id == "by-body" else self.by_section
        if not 0 <= row < len(rows):
            return None
        counts = rows[row]
        state = None
        if 1 <= column <= len(OVERVIEW_STATES):
            state = _STATE[OVERVIEW_STATES[column - 1][0].value]
        label = counts.label.strip()
        if table_id == "by-body":
            # The row counts assignments by `body_id`; a "group" choice would filter
            # by `via_group_id` instead, so placeholder rows keep their own kind.
            body = Choice(counts.key[0] or 0, label, counts.kind)
            return Filters(body=body, state=state, municipality=counts.municipality)
        if counts.kind == "section":
            return Filters(section=Choice(counts.key[1] or 0, label), state=state)
        return Filters(document=Choice(counts.key[0] or 0, label), state=state)

    @on(DataTable.CellSelected)
    def _cell_selected(self, event: DataTable.CellSelected) -> None:
        self._open(event.data_table)

    def action_open_cell(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            self._open(focused)

    def _open(self, table: DataTable[object]) -> None:
        filters = self.filters_for(table.id or "", table.cursor_row, table.cursor_column)
        if filters is not None:
            self.roadmap.open_assignments(filters)

    def action_all(self) -> None:
        self.roadmap.open_assignments(Filters())

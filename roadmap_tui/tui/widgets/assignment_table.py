"""The assignments list: a DataTable fed one page at a time (never all rows)."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from roadmap_tui.dates import days_ru
from roadmap_tui.read.states import Derived
from roadmap_tui.read.view import Row
from roadmap_tui.tui.format import due_text, short, state_label, styled

#: (key, heading, sort key or None)
COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("mark", " ", None),
    ("number", "№", "number"),
    ("title", "Мероприятие", "title"),
    ("body", "Ответственный", "body"),
    ("due", "Срок", "due"),
    ("status", "Состояние", "status"),
    ("late", "Просрочка", "due"),
)
WIDTHS = {"mark": 1, "number": 6, "title": 34, "body": 18, "due": 17, "status": 18, "late": 9}


class AssignmentTable(DataTable[Text | str]):
    """Rows keyed by assignment id; asks for the next page near the bottom."""

    class NearEnd(Message):
        """The cursor is close to the last loaded row: time to load the next page."""

    LOOKAHEAD = 20

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for key, label, _ in COLUMNS:
            self.add_column(label, key=key, width=WIDTHS[key])

    def add_page(self, rows: list[Row], cells: list[list[Text | str]], marked: set[int]) -> None:
        """Add a page whose cells `rendered` made (in the worker, off the event loop)."""
        for row, row_cells in zip(rows, cells, strict=True):
            if row.id in marked:
                row_cells = [_mark(True), *row_cells[1:]]
            self.add_row(*row_cells, key=str(row.id))

    @staticmethod
    def rendered(row: Row) -> list[Text | str]:
        """A row's cells (unmarked). Pure: called in the loading worker, so that the
        formatting (and Russian plurals' first load) never holds up the event loop."""
        late = days_ru(row.days_overdue) if row.days_overdue else ""
        return [
            _mark(False),
            row.number,
            short(row.title, WIDTHS["title"]),
            short(row.body, WIDTHS["body"]),
            styled(due_text(row.window_start, row.due_on), row.derived),
            styled(state_label(row.status, row.derived), row.derived),
            Text(late, style="bold red" if row.derived is Derived.OVERDUE else ""),
        ]

    def set_mark(self, assignment_id: int, marked: bool) -> None:
        self.update_cell(str(assignment_id), "mark", _mark(marked))

    def selected_id(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def watch_cursor_coordinate(self, old, new) -> None:  # type: ignore[no-untyped-def]
        super().watch_cursor_coordinate(old, new)
        if old != new and self.near_end():
            self.post_message(self.NearEnd())

    def near_end(self) -> bool:
        return bool(self.row_count) and self.cursor_row >= self.row_count - self.LOOKAHEAD


def _mark(marked: bool) -> Text:
    return Text("✓" if marked else " ", style="bold magenta")

"""Roll-up rows: one per item and due date, "выполнено 45 из 57"."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from roadmap_tui.dates import fmt
from roadmap_tui.read.details import RollupRow
from roadmap_tui.tui.format import short


def progress(row: RollupRow) -> Text:
    style = "green" if row.done == row.total else ("bold red" if row.overdue else "")
    return Text(f"выполнено {row.done} из {row.total}", style=style)


class RollupTable(DataTable[Text | str]):
    class NearEnd(Message):
        """The cursor is close to the last loaded roll-up row."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for label, width in (("№", 6), ("Мероприятие", 52), ("Срок", 11),
                             ("Выполнение", 26), ("Просрочено", 10)):
            self.add_column(label, width=width)

    def add_page(self, rows: list[RollupRow], start: int) -> None:
        for n, row in enumerate(rows, start):
            self.add_row(
                row.number, short(row.title, 52), fmt(row.due_on, "без даты"), progress(row),
                Text(str(row.overdue) if row.overdue else "", style="bold red"), key=str(n),
            )

    def watch_cursor_coordinate(self, old, new) -> None:  # type: ignore[no-untyped-def]
        super().watch_cursor_coordinate(old, new)
        if old != new and self.near_end():
            self.post_message(self.NearEnd())

    def near_end(self) -> bool:
        return bool(self.row_count) and self.cursor_row >= self.row_count - 20

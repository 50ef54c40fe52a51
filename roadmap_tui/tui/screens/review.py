"""Review of the import: unknown deadlines, no responsible body, warnings."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from roadmap_tui.tui.format import short
from roadmap_tui.tui.reports import ReviewRow, review
from roadmap_tui.tui.screens.base import BaseScreen


class ReviewScreen(BaseScreen):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("enter", "edit", "Исправить", show=True),
        Binding("escape", "back", "Назад"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[ReviewRow] = []
        self.loaded = 0

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Загрузка…", id="review-caption")
        yield DataTable(id="review", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in (("Документ", 14), ("№", 6), ("Мероприятие", 34),
                             ("Срок в документе", 18), ("Ответственные", 14), ("Что не так", 30)):
            table.add_column(label, width=width)
        table.focus()
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="review")
    def _load(self) -> None:
        found = review(self.roadmap.data)
        self.app.call_from_thread(self._show, found)

    def _show(self, items: list[ReviewRow]) -> None:
        self.items = items
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for n, item in enumerate(items):
            table.add_row(
                short(item.doc, 14), item.number, short(item.title, 34),
                short(item.deadline_raw or "—", 18),
                short(", ".join(item.bodies) or "—", 14),
                Text(short("; ".join(item.problems), 30), style="yellow"), key=str(n))
        if items:
            table.move_cursor(row=min(row, len(items) - 1))
        caption = (f"Требуют внимания: {len(items)}. Enter — исправить срок или ответственных; "
                   "новые сроки видны до сохранения." if items
                   else "Всё импортировано без замечаний.")
        self.query_one("#review-caption", Static).update(caption)
        self.loaded += 1

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        table = self.query_one(DataTable)
        if not 0 <= table.cursor_row < len(self.items):
            return
        item = self.items[table.cursor_row]
        from roadmap_tui.tui.dialogs.review import ReviewDialog, ReviewFix

        def fixed(fix: ReviewFix | None) -> None:
            if fix is not None:
                self.write(lambda: self.roadmap.store.save_review(item.item_id, fix.phrase,
                                                                  fix.codes),
                           f"Пункт {item.number} исправлен")

        self.app.push_screen(ReviewDialog(item), fixed)

    def action_back(self) -> None:
        self.app.pop_screen()

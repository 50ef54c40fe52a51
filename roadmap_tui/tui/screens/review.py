"""Review of the import: every item of every document, the doubtful ones first.

Each row carries the importer's own warnings for that item; the lines a
document had that gave no item are listed above the table. Enter fixes the
deadline and bodies quickly; `e` opens the full item edit; `f` shows only
the rows that need attention.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from roadmap_tui.read.review import ReviewRow, SkippedRow, body_codes, review, skipped_lines
from roadmap_tui.tui.format import short
from roadmap_tui.tui.screens.base import BaseScreen


class ReviewScreen(BaseScreen):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("enter", "fix", "Срок и ответственные", show=True),
        Binding("e", "edit", "Исправить пункт", show=True, id="review.edit"),
        Binding("f", "flagged", "Только замечания", show=True, id="review.flagged"),
        Binding("escape", "back", "Назад"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_items: list[ReviewRow] = []
        self.items: list[ReviewRow] = []
        self.skipped: list[SkippedRow] = []
        self.codes: list[str] = []
        self.only_flagged = False
        self.loaded = 0

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("Загрузка…", id="review-caption")
        yield Static("", id="review-skipped")
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
        found, skipped = review(self.roadmap.data), skipped_lines(self.roadmap.data)
        codes = body_codes(self.roadmap.data)
        self.app.call_from_thread(self._show, found, skipped, codes)

    def _show(self, items: list[ReviewRow], skipped: list[SkippedRow], codes: list[str]) -> None:
        self.all_items, self.skipped, self.codes = items, skipped, codes
        self._fill()
        self.loaded += 1

    def _fill(self) -> None:
        items = [i for i in self.all_items if i.flagged] if self.only_flagged else self.all_items
        self.items = items
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for n, item in enumerate(items):
            table.add_row(
                short(item.doc, 14), item.number, short(item.title, 34),
                short(item.deadline_raw or "—", 18),
                short(", ".join(item.bodies) or "—", 14),
                Text(short("; ".join(item.problems) or "—", 30),
                     style="yellow" if item.flagged else "dim"), key=str(n))
        if items:
            table.move_cursor(row=min(max(row, 0), len(items) - 1))
        flagged = sum(1 for i in self.all_items if i.flagged)
        caption = (f"Мероприятий: {len(self.all_items)}, требуют внимания: {flagged}"
                   + (" (показаны только они)" if self.only_flagged else "")
                   + ". Enter — срок и ответственные, e — исправить пункт, f — только замечания."
                   if self.all_items else "Мероприятий нет.")
        self.query_one("#review-caption", Static).update(caption)
        lines = [f"{s.doc}: {s.message}" for s in self.skipped[:8]]
        if len(self.skipped) > 8:
            lines.append(f"… и ещё {len(self.skipped) - 8}")
        self.query_one("#review-skipped", Static).update(
            Text("\n".join(lines), style="bold yellow") if lines else "")

    def _current(self) -> ReviewRow | None:
        table = self.query_one(DataTable)
        return self.items[table.cursor_row] if 0 <= table.cursor_row < len(self.items) else None

    def action_flagged(self) -> None:
        self.only_flagged = not self.only_flagged
        self._fill()

    @on(DataTable.RowSelected)
    def action_fix(self) -> None:
        item = self._current()
        if item is None:
            return
        from roadmap_tui.tui.dialogs.review import ReviewDialog, ReviewFix

        def fixed(fix: ReviewFix | None) -> None:
            if fix is not None:
                self.write(lambda: self.roadmap.store.save_review(item.item_id, fix.phrase,
                                                                  fix.codes, item.version),
                           f"Пункт {item.number} исправлен")

        self.app.push_screen(ReviewDialog(item, self.roadmap.store.preview), fixed)

    def action_edit(self) -> None:
        item = self._current()
        if item is not None and not self.roadmap.refuse_if_read_only():
            from roadmap_tui.tui.screens.edits import open_item_edit

            open_item_edit(self, item, self.codes)

    def action_back(self) -> None:
        self.app.pop_screen()

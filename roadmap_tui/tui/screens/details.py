"""Everything about one assignment: the item, how its deadline was read, its history."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from roadmap_tui.dates import fmt
from roadmap_tui.model.statuses import STATUS_LABELS
from roadmap_tui.read.details import Details, details
from roadmap_tui.read.states import DERIVED_LABELS
from roadmap_tui.tui.format import due_text, kind_label, status_label, styled
from roadmap_tui.tui.screens.base import BaseScreen
from roadmap_tui.tui.widgets.header import RoadmapHeader


class DetailsScreen(BaseScreen):
    CSS_PATH = "details.tcss"
    AUTO_FOCUS = "#details-scroll"
    BINDINGS = [
        Binding("s", "status", "Статус"),
        Binding("d", "set_date", "Срок"),
        Binding("e", "edit_item", "Исправить пункт"),
        Binding("m", "matrix", "Матрица"),
        Binding("escape", "back", "Назад"),
    ]

    def __init__(self, assignment_id: int) -> None:
        super().__init__()
        self.assignment_id = assignment_id
        self.details: Details | None = None
        self.loaded = 0

    def compose(self) -> ComposeResult:
        yield RoadmapHeader(show_clock=False)
        with VerticalScroll(id="details-scroll"):
            yield Static("Загрузка…", id="summary")
            yield Static("", id="deadline")
            yield Static("", id="dues")
            yield Static("", id="history")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#details-scroll").focus()
        self.reload()

    def reload(self) -> None:
        self._load(self.assignment_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="details")
    def _load(self, assignment_id: int) -> None:
        found = details(self.roadmap.data, assignment_id)
        self.app.call_from_thread(self._show, found)

    def _show(self, d: Details) -> None:
        self.details = d
        summary = Table.grid(padding=(0, 2))
        summary.add_column(style="dim", no_wrap=True)
        summary.add_column()
        summary.add_row("Назначение", f"№{d.id}")
        summary.add_row("Документ", d.document)
        if d.section:
            summary.add_row("Раздел", d.section)
        summary.add_row("Пункт", d.number)
        summary.add_row("Мероприятие", Text(d.title, style="bold"))
        summary.add_row("Ответственный", d.body)
        summary.add_row("Срок", styled(due_text(d.window_start, d.due_on), d.derived))
        if d.original_due_on and d.original_due_on != d.due_on:
            summary.add_row("Первоначальный срок", fmt(d.original_due_on))
        summary.add_row("Статус", Text.assemble(
            STATUS_LABELS[d.status], "  ·  ", styled(DERIVED_LABELS[d.derived], d.derived)))
        if d.completed_on:
            summary.add_row("Выполнено", fmt(d.completed_on))
        report = "получен" if d.report_received else "не получен"
        summary.add_row("Отчёт", report + (f" ({d.report_ref})" if d.report_ref else ""))
        for label, value in (("Форма отчёта", d.report_form), ("Форма", d.form),
                             ("Примечание", d.note), ("Исполнитель", d.person),
                             ("Комментарий", d.comment)):
            if value:
                summary.add_row(label, value)
        self.query_one("#summary", Static).update(summary)
        deadline = Table.grid(padding=(0, 2))
        deadline.add_column(style="dim", no_wrap=True)
        deadline.add_column()
        deadline.add_row("Срок в документе", f"«{d.deadline_raw}»" if d.deadline_raw else "—")
        deadline.add_row("Вид срока", kind_label(d.schedule_kind))
        deadline.add_row("Как понят", d.explain or kind_label(d.schedule_kind))
        self.query_one("#deadline", Static).update(deadline)
        dues = ", ".join(due_text(w, day) for w, day in d.dues) or "—"
        self.query_one("#dues", Static).update(
            Text.assemble(("Все сроки мероприятия: ", "dim"), dues))
        self.query_one("#history", Static).update(self._history(d))
        self.loaded += 1

    @staticmethod
    def _history(d: Details) -> Table | Text:
        if not d.history:
            return Text("История изменений: изменений ещё не было", style="dim")
        table = Table(title="История изменений", title_justify="left", expand=True)
        for column in ("Когда", "Кто", "Статус", "Срок", "Комментарий"):
            table.add_column(column)
        for h in d.history:
            status = f"{status_label(h.old_status)} → {status_label(h.new_status)}"
            if h.completed_on and h.new_status == "done":
                status += f" ({fmt(h.completed_on)})"
            due = "" if h.old_due_on == h.new_due_on else f"{fmt(h.old_due_on)} → {fmt(h.new_due_on)}"
            comment = h.comment or ""
            if h.report_received:
                comment += f" [отчёт получен{': ' + h.report_ref if h.report_ref else ''}]"
            table.add_row(h.when.strftime("%d.%m.%Y %H:%M"), h.changed_by, status, due, comment.strip())
        return table

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_status(self) -> None:
        if self.details is not None:
            from roadmap_tui.tui.screens.edits import edit_status

            d = self.details
            edit_status(self, d.id, d.title, d.status, d.version)

    def action_set_date(self) -> None:
        if self.details is not None:
            from roadmap_tui.tui.screens.edits import edit_due_date

            d = self.details
            edit_due_date(self, d.id, d.title, d.due_on, d.version)

    def action_edit_item(self) -> None:
        if self.details is not None:
            from roadmap_tui.tui.screens.edits import edit_item

            edit_item(self, self.details.item_id)

    def action_matrix(self) -> None:
        if self.details is not None:
            self.roadmap.open_matrix(self.details.item_id)

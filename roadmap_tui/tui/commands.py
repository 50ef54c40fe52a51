"""The command palette: every action of the app, by its Russian name."""

from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

#: (title, help, screen class name or "" for everywhere, action)
ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Справка по клавишам", "все привязки клавиш", "", "app.help"),
    ("Отменить последнее изменение", "откатывает ваше последнее изменение или пакет", "",
     "app.undo"),
    ("Разбор импорта", "пункты без срока, без ответственного, с замечаниями", "", "app.review"),
    ("Выход", "закрыть программу (Ctrl+Q)", "", "app.quit"),
    ("Все назначения", "список без фильтров", "OverviewScreen", "all"),
    ("Открыть список по ячейке", "назначения выбранной строки и столбца", "OverviewScreen",
     "open_cell"),
    ("Обновить сводку", "перечитать данные", "OverviewScreen", "reload"),
    ("Изменить статус", "статус, дата выполнения, комментарий, отчёт", "AssignmentsScreen",
     "status"),
    ("Отметить строку", "для массового изменения", "AssignmentsScreen", "mark"),
    ("Массовое изменение статуса", "все отмеченные строки одним комментарием",
     "AssignmentsScreen", "bulk"),
    ("Назначить или перенести срок", "с указанием причины", "AssignmentsScreen", "set_date"),
    ("Подробности назначения", "пункт, срок, история", "AssignmentsScreen", "details"),
    ("Исправить пункт", "название, срок, ответственные, форма отчёта", "AssignmentsScreen",
     "edit_item"),
    ("Матрица школ", "мероприятия × школы", "AssignmentsScreen", "matrix"),
    ("Свод по мероприятиям", "«выполнено N из M»", "AssignmentsScreen", "rollup"),
    ("Сменить сортировку", "срок, номер, ответственный, название, статус",
     "AssignmentsScreen", "sort"),
    ("Обратная сортировка", "по убыванию / по возрастанию (Shift+O)", "AssignmentsScreen",
     "reverse_sort"),
    ("Поиск по названию", "", "AssignmentsScreen", "search"),
    ("Фильтр: документ", "", "AssignmentsScreen", "pick_document"),
    ("Фильтр: раздел", "", "AssignmentsScreen", "pick_section"),
    ("Фильтр: ответственный", "школа, отдел, центр", "AssignmentsScreen", "pick_body"),
    ("Фильтр: состояние", "просрочено, скоро срок, без даты…", "AssignmentsScreen",
     "pick_state"),
    ("Фильтр: только просроченные", "вкл/выкл", "AssignmentsScreen", "toggle_overdue"),
    ("Фильтр: на этой неделе", "вкл/выкл", "AssignmentsScreen", "toggle_week"),
    ("Сбросить все фильтры", "", "AssignmentsScreen", "clear_filters"),
    ("Выгрузить в Excel", "список или свод с текущими фильтрами, в папку выгрузки (Ctrl+E)",
     "AssignmentsScreen", "export_xlsx"),
    ("Выгрузить в Excel", "матрица школ, в папку выгрузки (Ctrl+E)", "MatrixScreen",
     "export_xlsx"),
    ("Изменить статус", "", "DetailsScreen", "status"),
    ("Назначить или перенести срок", "", "DetailsScreen", "set_date"),
    ("Матрица школ", "", "DetailsScreen", "matrix"),
    ("Исправить пункт", "название, срок, ответственные, форма отчёта", "DetailsScreen",
     "edit_item"),
    ("Исправить пункт", "срок и ответственные", "ReviewScreen", "edit"),
)


class RoadmapCommands(Provider):
    """Offers the actions that apply on the screen the palette was opened from."""

    def _applicable(self) -> list[tuple[str, str, str]]:
        screen = type(self.screen).__name__
        return [(title, text, action) for title, text, where, action in ACTIONS
                if where in ("", screen)]

    def _run(self, action: str) -> object:
        if action.startswith("app."):
            return self.app.run_action(action.removeprefix("app."))
        return self.screen.run_action(action)

    async def discover(self) -> Hits:
        for title, text, action in self._applicable():
            yield DiscoveryHit(title, partial(self._run, action), help=text or None)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, text, action in self._applicable():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action),
                          text=title, help=text or None)


class RussianPalette(CommandPalette):
    """Textual's command palette with its own words in Russian."""

    def __init__(self) -> None:
        super().__init__(placeholder="Поиск команды…", id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's version adds the English "No matches found"; same timing, our words.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text("Ничего не найдено", style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)

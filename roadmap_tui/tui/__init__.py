"""The coordinator's Textual UI: `roadmap` with no subcommand opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roadmap_tui.errors import BadInput
from roadmap_tui.settings import DEFAULT_DB_PATH, database_url, sqlite_path

if TYPE_CHECKING:
    from roadmap_tui.settings import Settings
    from roadmap_tui.tui.app import RoadmapApp


def check_database(settings: Settings) -> None:
    """Refuse an SQLite path that names no file, before anything creates it.

    A mistyped `--db` would otherwise become a new, empty database that reports
    «Просрочено: 0». Only the default database (data/roadmap.db) is created on first
    use, with the bundled roadmaps; a new one elsewhere is made by `roadmap import`.
    """
    path = sqlite_path(settings.db_url)
    if path is None or path.exists() or settings.db_url == database_url(str(DEFAULT_DB_PATH)):
        return
    hint = ("папки тоже нет" if not path.parent.is_dir()
            else "в папке нет такого файла")
    raise BadInput(f"Файл базы данных не найден: {path} ({hint}). Проверьте путь в --db "
                   "или ROADMAP_DB. Новую базу создаёт импорт: "
                   f"roadmap import --db {path} ФАЙЛЫ…")


def make_app(settings: Settings) -> RoadmapApp:
    from roadmap_tui.tui.app import make_app as factory

    return factory(settings)


def run_app(settings: Settings) -> int:
    """Run the UI until the coordinator quits; the exit code."""
    check_database(settings)
    app = make_app(settings)
    app.run()
    return app.return_code or 0

"""What the coordinator reads when something fails: one Russian message per cause.

Headless. A worker's exception becomes plain text here (never markup: database
messages are full of `[SQL: … = ?]`); database errors are named by their cause
and what to do, with the database's own first line kept for the administrator.
"""

from __future__ import annotations

from roadmap_tui.errors import RoadmapError

#: (SQLite error name prefix or message fragment, what it means for the coordinator)
_CAUSES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("SQLITE_READONLY", "readonly database", "read-only"),
     "База данных открыта только для чтения: изменение не сохранено. "
     "Проверьте права на файл базы или попросите администратора открыть доступ на запись."),
    (("SQLITE_BUSY", "SQLITE_LOCKED", "database is locked"),
     "База данных занята другой программой: изменение не сохранено. Повторите через минуту."),
    (("SQLITE_FULL", "disk is full"),
     "На диске нет места: изменение не сохранено. Освободите место и повторите."),
    (("SQLITE_IOERR", "disk I/O error"),
     "Ошибка чтения или записи файла базы (диск, сетевая папка): изменение не сохранено."),
    (("SQLITE_CORRUPT", "SQLITE_NOTADB", "malformed", "not a database"),
     "Файл базы данных повреждён или это не база программы. Восстановите его из резервной копии."),
    (("SQLITE_CANTOPEN", "unable to open database"),
     "Не удаётся открыть файл базы данных: проверьте, что он на месте и доступен."),
    (("connection", "could not connect", "server closed"),
     "Нет связи с сервером базы данных: изменение не сохранено. Проверьте сеть и повторите."),
)


def _database_error(error: BaseException) -> BaseException | None:
    """The driver's error behind `error` (SQLAlchemy wraps it in `.orig`), if any."""
    import sqlite3

    original = getattr(error, "orig", None)
    if isinstance(original, BaseException):
        return original
    if isinstance(error, sqlite3.Error):
        return error
    module = type(error).__module__
    return error if module.startswith(("psycopg", "sqlalchemy")) else None


def describe_failure(error: BaseException) -> str:
    """The Russian message shown for `error` (plain text, not markup)."""
    if isinstance(error, RoadmapError):
        return str(error)
    database = _database_error(error)
    if database is None:
        return f"Внутренняя ошибка: {type(error).__name__}: {error}"
    name = str(getattr(database, "sqlite_errorname", "") or "")
    first_line = (str(database).strip().splitlines() or [""])[0]
    meaning = "Ошибка базы данных: действие не выполнено."
    for signs, text in _CAUSES:
        if any(sign in name or sign.casefold() in first_line.casefold() for sign in signs):
            meaning = text
            break
    return f"{meaning}\n\nОтвет базы данных: {first_line}" if first_line else meaning

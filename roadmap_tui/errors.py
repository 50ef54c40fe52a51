"""Domain errors that carry a message for the coordinator, in Russian.

The CLI turns any of these into that message and exit code 2; the TUI shows
it in a dialog. Anything else escaping the core is a bug, not bad input.
"""

from __future__ import annotations


class RoadmapError(Exception):
    """Bad input or a refused operation; `str(error)` is the Russian message."""


class NotFound(RoadmapError):
    """A referenced document, body or assignment does not exist."""


class StaleVersion(RoadmapError):
    """The row changed since it was read (optimistic locking)."""


class BadInput(RoadmapError):
    """A value a person typed cannot be understood."""


#: The database's own words (SQLite, SQLAlchemy, psycopg) -> what happened and what to do.
_DATABASE_CAUSES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("readonly", "read-only", "read only"),
     "база данных открыта только для чтения: нет права записи в файл базы или в его папку "
     "(нужны оба: SQLite пишет рядом журнал). Проверьте права или скопируйте базу к себе."),
    (("disk is full", "no space left", "could not extend file", "database or disk is full"),
     "на диске не осталось места; изменения не сохранены. Освободите место и повторите."),
    (("disk i/o error", "i/o error", "input/output error"),
     "ошибка ввода-вывода диска при работе с базой; изменения не сохранены. Проверьте диск "
     "(или сетевую папку) и повторите; при повторении сделайте копию базы."),
    (("database is locked", "locked", "could not obtain lock", "lock timeout"),
     "база данных занята другим процессом дольше 30 секунд; повторите позже."),
    (("not a database", "malformed", "file is encrypted"),
     "файл базы данных повреждён или не является базой SQLite."),
    (("unable to open database file", "cannot open"),
     "не удалось открыть файл базы данных: нет папки или нет прав на неё. Проверьте путь --db."),
    (("connection refused", "could not connect", "server closed the connection",
      "connection timed out", "name or service not known"),
     "нет связи с сервером базы данных; проверьте адрес в --db / ROADMAP_DB и сеть."),
    (("password authentication failed",),
     "сервер базы данных не принял имя пользователя или пароль."),
)


def describe_failure(error: BaseException) -> str:
    """A Russian sentence, with advice, for a failure below the domain (database, file system)."""
    module = type(error).__module__
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    if module.startswith(("sqlite3", "sqlalchemy", "psycopg")) or "sqlite3" in module:
        lowered = str(error).lower()
        for needles, sentence in _DATABASE_CAUSES:
            if any(needle in lowered for needle in needles):
                return sentence
        return f"ошибка базы данных ({type(error).__name__}); изменения не сохранены."
    if isinstance(error, OSError):
        return _os_failure(error, text)
    return (f"внутренняя ошибка ({type(error).__name__}: {text}). "
            "Запустите с ROADMAP_DEBUG=1 для подробностей.")


def _os_failure(error: OSError, text: str) -> str:
    import errno

    where = f" ({error.filename})" if error.filename else ""
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"нет прав доступа{where}; проверьте права на файл и папку."
    if error.errno == errno.ENOSPC:
        return f"на диске не осталось места{where}; освободите место и повторите."
    if error.errno == errno.EROFS:
        return f"файловая система только для чтения{where}."
    if error.errno == errno.EIO:
        return f"ошибка ввода-вывода диска{where}; проверьте диск и повторите."
    if error.errno == errno.ENOENT:
        return f"файл или папка не найдены{where}."
    return f"ошибка файловой системы: {error.strerror or text}{where}."

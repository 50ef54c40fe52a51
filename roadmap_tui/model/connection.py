"""DB-API connections without the ORM: one `Database` per URL, for as long as its owner runs.

The hot paths (`roadmap overdue`, `status`, `undo`, every read and write the
UI makes) cannot afford importing SQLAlchemy: that alone costs more than the
whole 100 ms budget. They speak portable SQL with `:name` parameters straight
to the standard library's `sqlite3` or to psycopg2, through this module.

A `Database` keeps a few idle connections and lends them out: `read()` for a
consistent snapshot, `write()` for one transaction that takes the write lock
first (BEGIN IMMEDIATE on SQLite; rows are locked `FOR UPDATE` on PostgreSQL),
commits when the block ends and rolls back on any error. The UI holds one for
its lifetime; a command holds one for its run.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from _thread import allocate_lock  # threading's own lock, without importing threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime
from enum import Enum
from functools import lru_cache
from typing import Any, TypeVar, get_args, get_type_hints

from roadmap_tui.model.schema_head import HEAD
from roadmap_tui.settings import is_postgres, libpq_url, sqlite_path, sqlite_uri

_BATCH = 5000
_BUSY_SECONDS = 30
_IDLE_MAX = 4

T = TypeVar("T")


def as_utc(value: Any) -> datetime:
    """A timestamp column as aware UTC (SQLite hands back naive ISO text; we store UTC)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def as_date(value: Any) -> date | None:
    """A DATE column's value as `date` (SQLite hands back ISO text)."""
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class Reader:
    """Queries over one borrowed connection: rows as tuples, or typed records by column name."""

    def __init__(self, connection: Any, dialect: str) -> None:
        self.connection = connection
        self.dialect = dialect

    def _execute(self, sql: str, params: dict[str, Any] | None, cursor: Any = None) -> Any:
        if self.dialect == "sqlite":
            return self.connection.execute(sql, _sqlite_params(params))
        cursor = cursor or self.connection.cursor()
        # Always a mapping, even empty: psycopg2 then reads `%%` as the `%` it stands for.
        cursor.execute(_pg_sql(sql), params or {})
        return cursor

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        """All rows of a (small, LIMITed) result."""
        return list(self._execute(sql, params).fetchall())

    def value(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        """The first column of the first row (None when there is no row)."""
        row = self._execute(sql, params).fetchone()
        return None if row is None else row[0]

    def stream(self, sql: str, params: dict[str, Any] | None = None) -> Iterator[Sequence[Any]]:
        """Rows as the database steps them, so memory stays flat on a million."""
        for batch, _ in self._batches(sql, params):
            yield from batch

    def stream_records(self, kind: type[T], sql: str,
                       params: dict[str, Any] | None = None) -> Iterator[T]:
        """`records`, streamed: for lists asked for in full."""
        make = None
        for batch, description in self._batches(sql, params):
            if make is None:
                make = _maker(kind, tuple(column[0] for column in description))  # type: ignore[arg-type]
            yield from map(make, batch)

    def _batches(self, sql: str, params: dict[str, Any] | None) -> Iterator[tuple[list[Any], Any]]:
        # PostgreSQL: a named (server-side) cursor, or psycopg2 would fetch all rows first;
        # its description is known once the first batch is fetched.
        named = None if self.dialect == "sqlite" else self.connection.cursor(name=_cursor_name())
        if named is not None:
            named.itersize = _BATCH
        cursor = self._execute(sql, params, named)
        try:
            while batch := cursor.fetchmany(_BATCH):
                yield batch, cursor.description
        finally:
            if named is not None:
                named.close()

    def records(self, kind: type[T], sql: str, params: dict[str, Any] | None = None) -> list[T]:
        """Rows as instances of the dataclass `kind`, each column given to the field of its name."""
        cursor = self._execute(sql, params)
        make = _maker(kind, tuple(column[0] for column in cursor.description))  # type: ignore[arg-type]
        return [make(row) for row in cursor.fetchall()]

    def record(self, kind: type[T], sql: str, params: dict[str, Any] | None = None) -> T | None:
        """The first row as a `kind`, or None."""
        found = self.records(kind, sql, params)
        return found[0] if found else None


class Writer(Reader):
    """A reader inside a write transaction."""

    @property
    def for_update(self) -> str:
        """What locks the rows a SELECT reads (SQLite's transaction already holds the lock)."""
        return "" if self.dialect == "sqlite" else "FOR UPDATE"

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> int:
        """Run one statement; the number of rows it changed."""
        return int(self._execute(sql, params).rowcount)

    def insert(self, sql: str, params: dict[str, Any] | None = None) -> int:
        """Run an INSERT … RETURNING id; the new row's id."""
        return int(self._execute(sql, params).fetchone()[0])


def indexed_by(reader: Reader, index: str) -> str:
    """SQLite's `INDEXED BY index` for a table in FROM, nothing elsewhere.

    For the few pages whose good plan SQLite does not find from the data alone
    (without statistics it reads the overdue page from the status index and
    sorts every past-due row); PostgreSQL plans the same text without the hint.
    """
    return f"INDEXED BY {index}" if reader.dialect == "sqlite" else ""


class Database:
    """Connections to one database, lent out one block at a time (thread-safe)."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        self.path = sqlite_path(url)
        if self.path is None and not is_postgres(url):
            from roadmap_tui.errors import BadInput

            raise BadInput(f"Неподдерживаемая база данных «{url.split('://')[0]}»: "
                           "укажите файл SQLite или postgresql://…")
        self.dialect = "sqlite" if self.path is not None else "postgresql"
        self._idle: list[Any] = []
        self._lock = allocate_lock()

    # -- connections --------------------------------------------------------------------------
    def _connect(self) -> Any:
        if self.path is not None:
            # Always a URI built with escaping: a `#`, `?` or `%` in the path is part of the
            # file name. Autocommit mode: transactions are begun explicitly, below.
            connection = sqlite3.connect(
                sqlite_uri(self.path, "ro" if self.read_only else "rw"), uri=True,
                isolation_level=None, check_same_thread=False, timeout=_BUSY_SECONDS)
            connection.execute("PRAGMA foreign_keys=ON")
            if not self.read_only:
                connection.execute("PRAGMA synchronous=NORMAL")
            return connection
        import psycopg2

        connection = psycopg2.connect(libpq_url(self.url))
        if self.read_only:
            connection.set_session(readonly=True)
        return connection

    @contextmanager
    def _borrowed(self) -> Iterator[Any]:
        with self._lock:
            connection = self._idle.pop() if self._idle else None
        if connection is None:
            connection = self._connect()
        try:
            yield connection
        finally:
            if not self._ends_clean(connection):
                _close_quietly(connection)
            else:
                with self._lock:
                    keep = len(self._idle) < _IDLE_MAX
                    if keep:
                        self._idle.append(connection)
                if not keep:
                    connection.close()

    def _ends_clean(self, connection: Any) -> bool:
        """Leave no transaction open on a connection going back to the pool."""
        try:
            if self.dialect == "sqlite":
                if connection.in_transaction:
                    connection.rollback()
            else:
                connection.rollback()
            return True
        except Exception:  # noqa: BLE001  (a broken connection is closed, not pooled)
            return False

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """A reader over one snapshot of the database (a count and its page agree)."""
        with self._borrowed() as connection:
            if self.dialect == "sqlite":
                connection.execute("BEGIN")
            else:
                connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield Reader(connection, self.dialect)

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with self._borrowed() as connection:
            if self.dialect == "sqlite":
                connection.execute("BEGIN IMMEDIATE")
            try:
                yield Writer(connection, self.dialect)
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    def is_current(self) -> bool:
        """Whether the database exists at the newest schema: one indexed read, no ORM.

        False also for a missing file, an older schema or tables that are not ours;
        the slow path (`model.probe`, `model.schema`) then tells which.
        """
        if self.path is not None and not self.path.is_file():
            return False
        try:
            with self.read() as reader:
                if self.dialect == "postgresql" and not reader.value(
                        "SELECT to_regclass('alembic_version') IS NOT NULL"):
                    return False
                return bool(reader.value("SELECT version_num FROM alembic_version") == HEAD)
        except sqlite3.DatabaseError:
            return False

    def close(self) -> None:
        """Close the idle connections (borrowed ones close when given back)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            _close_quietly(connection)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _close_quietly(connection: Any) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001,S110  (closing a broken connection has nothing to save)
        pass


_names = itertools.count(1)


def _cursor_name() -> str:
    return f"roadmap_stream_{next(_names)}"


def _sqlite_value(value: Any) -> Any:
    # Stored the way the ORM stores them, so both read the same text back.
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive timestamp: pass an aware datetime (UTC or Asia/Tomsk)")
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sqlite_params(params: dict[str, Any] | None) -> dict[str, Any]:
    return {key: _sqlite_value(value) for key, value in (params or {}).items()}


_QUOTED = re.compile(r"('(?:[^']|'')*')")
_PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    """`:name` parameters as psycopg2's `%(name)s`, outside string literals only."""
    parts = _QUOTED.split(sql)
    for index in range(0, len(parts), 2):  # even parts lie outside quotes
        parts[index] = _PARAMETER.sub(r"%(\1)s", parts[index].replace("%", "%%"))
    for index in range(1, len(parts), 2):
        parts[index] = parts[index].replace("%", "%%")
    return "".join(parts)


@lru_cache(maxsize=256)
def _maker(kind: type[Any], columns: tuple[str, ...]) -> Callable[[Sequence[Any]], Any]:
    """Build `kind` from a row whose columns are named like its fields, converting by type."""
    if not is_dataclass(kind):
        raise TypeError(f"{kind!r} is not a dataclass")
    hints = get_type_hints(kind)
    known = {f.name for f in fields(kind)}
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise TypeError(f"{kind.__name__} has no field for column(s) {unknown}")
    converters = [_converter(hints[name]) for name in columns]
    converted = [(index, convert) for index, convert in enumerate(converters) if convert is not _same]
    # Columns in field order (the common case) go in positionally: no dict per row.
    positional = list(columns) == [f.name for f in fields(kind)][:len(columns)]

    def make(row: Sequence[Any]) -> Any:
        values = list(row)
        for index, convert in converted:
            values[index] = convert(values[index])
        return kind(*values) if positional else kind(**dict(zip(columns, values, strict=True)))

    return make


def _converter(hint: Any) -> Callable[[Any], Any]:
    """How a column value becomes a field of type `hint` (None stays None)."""
    options = [a for a in get_args(hint) if a is not type(None)] or [hint]
    target = options[0]
    if target is datetime:
        return lambda v: None if v is None else as_utc(v)
    if target is date:
        return as_date
    if target is bool:
        return lambda v: None if v is None else bool(v)
    if isinstance(target, type) and issubclass(target, Enum):
        return lambda v: None if v is None else target(v)
    if target is int:
        return lambda v: None if v is None else int(v)
    return _same


def _same(value: Any) -> Any:
    return value


@contextmanager
def open_reader(url: str, *, read_only: bool = False) -> Iterator[Reader]:
    """A reader over the database at `url` (which must exist), for one block."""
    with Database(url, read_only=read_only) as database, database.read() as reader:
        yield reader

"""What every command works in: its settings, a ready database, a reader or a unit of work."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_tui.dates import parse_user_date
from roadmap_tui.errors import BadInput
from roadmap_tui.model.connection import Database, Reader, Writer
from roadmap_tui.settings import (
    DEFAULT_DB_PATH,
    Settings,
    database_url,
    recurrence_horizon,
    sqlite_path,
    today_in_tomsk,
)

if TYPE_CHECKING:
    from sqlmodel import Session


def settings_from(args: argparse.Namespace) -> Settings:
    """The injected context every command works in."""
    as_of = getattr(args, "as_of", None)
    today = parse_user_date(as_of) if as_of else today_in_tomsk()
    settings = Settings(db_url=database_url(getattr(args, "db", None)), today=today)
    user = getattr(args, "by", None) or args.user
    return replace(settings, user=user) if user else settings


def prepare(settings: Settings, *, create: bool = True) -> None:
    """Create a missing database (with the bundled roadmaps for the default one).

    A read command (`create=False`) never puts our tables into a file that
    already exists without them (someone else's empty database); it still makes
    a new file on first use. A file with tables that are not ours is refused
    and left untouched.
    """
    from roadmap_tui.model.probe import refuse_foreign, schema_state

    state = schema_state(settings.db_url)
    if state == "current":
        return
    if state == "foreign":
        raise refuse_foreign(f"Файл {_shown(settings.db_url)}")
    is_default = settings.db_url == database_url(str(DEFAULT_DB_PATH))
    path = sqlite_path(settings.db_url)
    if state == "missing" and not create and path is not None and path.exists():
        raise BadInput(
            f"В файле {path} нет таблиц roadmap; команда чтения его не меняет. Проверьте путь "
            "--db или создайте в нём базу, загрузив документы: roadmap import ФАЙЛ… --db ПУТЬ"
        )
    from roadmap_tui.importer.bundled import ensure_database

    ensure_database(settings.db_url, horizon=recurrence_horizon(settings.today), with_roadmaps=is_default)


def _shown(url: str) -> str:
    return str(sqlite_path(url) or url.split("@")[-1])


@contextmanager
def database(settings: Settings, *, create: bool = True) -> Iterator[Database]:
    """The command's database, ready: one query proves it current, else it is prepared."""
    with Database(settings.db_url) as opened:
        if not opened.is_current():
            prepare(settings, create=create)
        yield opened


@contextmanager
def reader(settings: Settings) -> Iterator[Reader]:
    """A read of an existing database (a read never creates tables in someone's file)."""
    with database(settings, create=False) as opened, opened.read() as read:
        yield read


@contextmanager
def writer(settings: Settings) -> Iterator[Writer]:
    """One transaction of plain SQL (status changes, undo): no ORM to load."""
    with database(settings) as opened, opened.write() as write:
        yield write


@contextmanager
def session(settings: Settings, *, create: bool = True) -> Iterator[Session]:
    """One unit of work: everything the command writes, or nothing."""
    prepare(settings, create=create)
    from roadmap_tui.model.db import make_engine, unit_of_work

    engine = make_engine(settings.db_url)
    try:
        with unit_of_work(engine) as opened:
            yield opened
    finally:
        engine.dispose()


DOCUMENT_SUFFIXES = (".docx", ".txt")


def document_paths(given: list[Path]) -> list[Path]:
    """The files to import: files as given, folders as the documents inside them."""
    paths: list[Path] = []
    for path in given:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
            if not found:
                raise BadInput(f"В папке {path} нет документов (.docx, .txt).")
            paths.extend(found)
        elif path.exists():  # read_input refuses what is not a regular file, in Russian
            paths.append(path)
        else:
            raise BadInput(f"Файл не найден: {path}")
    return paths

"""The roadmap_tui questions on PostgreSQL, next to the same questions on SQLite.

A department may keep its database on a PostgreSQL server, so the figures
that matter there (one body's overdue list, what is due soon, a status change
and its undo) are timed on the same region demo built straight into
PostgreSQL by `roadmap demo`. `--pg auto` starts a throwaway server from
Debian's binaries, as the tests do (tests/pgserver.py); a URL given instead
names a database that is empty (then the demo is built) or already holds it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.processes import Timing
from benchmarks.versus_core import (
    QUESTIONS,
    Row,
    Setup,
    ask,
    figure,
    parse_size,
    probe,
    roadmap_questions,
)

PROJECT = Path(__file__).resolve().parent.parent
_ASKED = ("status", "overdue", "overdue-body", "due")


def postgres_rows(setup: Setup, pg: str, size_text: str, sqlite_rows: list[Row]) -> list[Row]:
    """Build (or reuse) the demo in PostgreSQL and time the questions; rows against SQLite's."""
    print(f"\n== PostgreSQL, {size_text}")
    if pg != "auto":
        return _measure(setup, pg, size_text, sqlite_rows)
    sys.path.insert(0, str(PROJECT / "tests"))
    import psycopg

    from pgserver import postgres_server

    with postgres_server() as base:
        if base is None:
            print("  no PostgreSQL server binaries here: skipped")
            return []
        with psycopg.connect(_plain(f"{base}/postgres"), autocommit=True) as connection:
            connection.execute('CREATE DATABASE "versus"')
        return _measure(setup, f"{base}/versus", size_text, sqlite_rows)


def _plain(url: str) -> str:
    """The SQLAlchemy URL as libpq takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _assignments(url: str) -> int:
    import psycopg

    with psycopg.connect(_plain(url)) as connection:
        try:
            found = connection.execute("SELECT count(*) FROM assignment").fetchone()
        except psycopg.errors.UndefinedTable:
            return 0
    return int(found[0]) if found else 0


def _measure(setup: Setup, url: str, size_text: str, sqlite_rows: list[Row]) -> list[Row]:
    import psycopg

    label = size_text.lower()
    if _assignments(url) == 0:
        command, seconds, failure = setup.demo(url, parse_size(label))
        figure(f"roadmap demo into PostgreSQL, {label}", seconds, command, failure=failure)
        if failure:
            return []
    else:
        print(f"  {url}: already holds {_assignments(url):,} assignments, used as it is")
    with psycopg.connect(_plain(url)) as connection:
        target, body, _, total = probe(connection)
    print(f"  {total:,} assignments; status/undo on №{target}; body X = {body}")
    timings: dict[str, Timing] = ask(roadmap_questions(setup, url, target, body, _ASKED), setup,
                                     setup.env)
    on_sqlite = {row.label: row.ours for row in sqlite_rows if row.size == label}
    return [Row(text, label, on_sqlite.get(text), timings[key], "not measured")
            for key, text in QUESTIONS if key in timings]

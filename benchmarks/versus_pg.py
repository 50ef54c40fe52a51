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
from typing import Any

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
    from pgserver import admin_sql, postgres_server

    with postgres_server() as base:
        if base is None:
            print("  no PostgreSQL server binaries here: skipped")
            return []
        admin_sql(base, 'CREATE DATABASE "versus"')
        return _measure(setup, f"{base}/versus", size_text, sqlite_rows)


def _connect(url: str) -> Any:
    """A psycopg2 connection (the project's one PostgreSQL driver) to any spelling of the URL."""
    import psycopg2

    from roadmap_tui.settings import libpq_url

    return psycopg2.connect(libpq_url(url))


def _assignments(url: str) -> int:
    import psycopg2.errors

    connection = _connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM assignment")
            found = cursor.fetchone()
    except psycopg2.errors.UndefinedTable:
        return 0
    finally:
        connection.close()
    return int(found[0]) if found else 0


def _measure(setup: Setup, url: str, size_text: str, sqlite_rows: list[Row]) -> list[Row]:
    label = size_text.lower()
    if _assignments(url) == 0:
        command, seconds, failure = setup.demo(url, parse_size(label))
        figure(f"roadmap demo into PostgreSQL, {label}", seconds, command, failure=failure)
        if failure:
            return []
    else:
        print(f"  {url}: already holds {_assignments(url):,} assignments, used as it is")
    connection = _connect(url)
    try:
        target, body, _, total = probe(connection)
    finally:
        connection.close()
    print(f"  {total:,} assignments; status/undo on №{target}; body X = {body}")
    timings: dict[str, Timing] = ask(roadmap_questions(setup, url, target, body, _ASKED), setup,
                                     setup.env)
    on_sqlite = {row.label: row.ours for row in sqlite_rows if row.size == label}
    return [Row(text, label, on_sqlite.get(text), timings[key], "not measured")
            for key, text in QUESTIONS if key in timings]

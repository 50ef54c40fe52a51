"""A throwaway PostgreSQL server for the tests, started from Debian's binaries.

CI installs the `postgresql` package and sets ROADMAP_REQUIRE_PG=1, so there a
missing server fails the run instead of skipping. A developer may instead
point ROADMAP_TEST_PG_URL at a server of their own.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from netutil import free_port


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None



def _as_postgres(args: list[str]) -> list[str]:
    # initdb refuses to run as root; Debian's package brings the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """Yield a server URL (without database name), or None if none can be had."""
    if url := os.environ.get("ROADMAP_TEST_PG_URL"):
        yield url.rstrip("/")
        return
    bin_dir = _bin_dir()
    if bin_dir is None:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="roadmap-pg-"))
    data, port = root / "data", free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    run = lambda *a: subprocess.run(_as_postgres([str(bin_dir / a[0]), *a[1:]]),  # noqa: E731
                                    check=True, capture_output=True)
    try:
        run("initdb", "-D", str(data), "-A", "trust", "-U", "roadmap", "-E", "UTF8",
            "--locale=C.UTF-8")
        run("pg_ctl", "-D", str(data), "-l", str(root / "log"), "-w", "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        yield f"postgresql://roadmap@127.0.0.1:{port}"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m",
                                         "immediate", "stop"]), capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)


def admin_sql(server: str, statement: str) -> None:
    """Run one statement outside a transaction on the server's `postgres` database."""
    import psycopg2

    connection = psycopg2.connect("postgresql://" + server.split("://", 1)[1] + "/postgres")
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()

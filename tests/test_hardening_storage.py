"""Issue 10, storage side: nothing lost, nothing wrong, no crash (real files, real CLI)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from roadmap_tui.cli import describe
from roadmap_tui.errors import BadInput
from roadmap_tui.inputs import read_input
from roadmap_tui.model.connection import Database, open_reader
from roadmap_tui.model.db import make_engine
from roadmap_tui.model.probe import schema_state
from roadmap_tui.model.schema import bootstrap
from roadmap_tui.model.statuses import Status
from roadmap_tui.tracking.status import StatusUpdate
from roadmap_tui.tui.writes import Store

from conftest import PROJECT, CliRunner

TOMSK = ZoneInfo("Asia/Tomsk")


def _json(result: object) -> object:
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    return json.loads(result.out)  # type: ignore[attr-defined]


def _first_overdue(cli: CliRunner, db: Path) -> dict[str, object]:
    return _json(cli("overdue", "--as-of", "15.03.2023", "--db", db, "--json"))["assignments"][0]  # type: ignore[index, no-any-return]


# -- 1. a file that is not ours is never touched ------------------------------------------------
@pytest.mark.parametrize("table", ["document", "body", "item"])
@pytest.mark.parametrize("command", [("overdue",), ("bodies",), ("status", "1", "в работе")])
def test_foreign_database_is_refused_and_kept(cli: CliRunner, tmp_path: Path, table: str,
                                              command: tuple[str, ...]) -> None:
    path = tmp_path / "o.db"
    with sqlite3.connect(path) as con:
        con.execute(f"CREATE TABLE {table} (id INT)")
        con.execute(f"INSERT INTO {table} VALUES (42)")
    before = path.read_bytes()
    result = cli(*command, "--db", path)
    assert result.code == 2
    assert "чужие таблицы" in result.err and "Traceback" not in result.err
    assert path.exists() and path.read_bytes() == before


def test_read_command_does_not_fill_an_existing_empty_file(cli: CliRunner, tmp_path: Path,
                                                           seeds: list[Path]) -> None:
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()  # a valid SQLite file without tables
    refused = cli("overdue", "--db", path)
    assert refused.code == 2 and "нет таблиц roadmap" in refused.err
    assert path.stat().st_size == 0
    assert cli("import", seeds[0], "--db", path).code == 0  # explicit first use
    assert schema_state(f"sqlite:///{path}") == "current"


def test_failed_first_use_deletes_nothing_and_leaves_no_schema(tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    path.touch()  # the user's (empty) file, named on purpose

    def fill(_session: object) -> None:
        raise BadInput("сбой при заполнении")

    engine = make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(BadInput):
            bootstrap(engine, fill)
    finally:
        engine.dispose()
    assert path.exists()
    with sqlite3.connect(path) as con:  # one transaction: no table survived the failure
        assert con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0


# -- 2. first use by parallel imports -------------------------------------------------------------
def test_parallel_first_use_of_a_new_database(tmp_path: Path, seeds: list[Path]) -> None:
    env = {**os.environ, "ROADMAP_USER": "тест", "PYTHONPATH": str(PROJECT)}
    code = "import sys; from roadmap_tui.cli import main; sys.exit(main(sys.argv[1:]))"
    for round_ in range(3):
        path = tmp_path / f"new{round_}.db"
        children = [subprocess.Popen([sys.executable, "-c", code, "import", str(seed), "--db", str(path)],
                                     env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    for seed in seeds[:3]]
        results = [(child.wait(timeout=120), child.communicate()[1]) for child in children]
        assert [code for code, _ in results] == [0, 0, 0], results
        with sqlite3.connect(path) as con:
            names = {r[0] for r in con.execute("SELECT source_name FROM document")}
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert names == {seed.name for seed in seeds[:3]}


# -- 3. undo is the exact inverse, and refused over a later change ----------------------------------
def test_undo_refused_over_another_coordinators_later_change(cli: CliRunner, db_path: Path) -> None:
    target = _first_overdue(cli, db_path)["id"]
    assert cli("status", target, "в работе", "--by", "Иванова", "--db", db_path).code == 0
    assert cli("status", target, "выполнено", "--date", "10.03.2023", "--by", "Петрова",
               "--db", db_path).code == 0
    refused = cli("undo", "--by", "Иванова", "--db", db_path)
    assert refused.code == 2 and "изменено после" in refused.err
    history = _json(cli("history", target, "--db", db_path, "--json"))
    assert [h["new_status"] for h in history] == ["in_progress", "done"]  # Петрова's work stands
    assert cli("undo", "--by", "Петрова", "--db", db_path).code == 0  # her own undo is fine
    assert cli("undo", "--by", "Иванова", "--db", db_path).code == 0  # and then Иванова's
    with sqlite3.connect(db_path) as con:
        assert con.execute("SELECT status FROM assignment WHERE id = ?", (target,)).fetchone() == (
            "planned",)


def test_undo_restores_report_fields_and_comment(cli: CliRunner, db_path: Path) -> None:
    target = _first_overdue(cli, db_path)["id"]
    columns = "status, completed_on, report_received, report_ref, comment, due_on"
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE assignment SET comment = 'ждём письмо' WHERE id = ?", (target,))
        before = con.execute(f"SELECT {columns} FROM assignment WHERE id = ?", (target,)).fetchone()
    assert cli("status", target, "выполнено", "--date", "10.03.2023", "--report-ref", "№ 17",
               "--comment", "отчёт сдан", "--db", db_path).code == 0
    assert cli("undo", "--db", db_path).code == 0
    with sqlite3.connect(db_path) as con:
        after = con.execute(f"SELECT {columns} FROM assignment WHERE id = ?", (target,)).fetchone()
    assert after == before


# -- 6. file names with URI characters ------------------------------------------------------------
def test_database_path_with_uri_characters(cli: CliRunner, tmp_path: Path, seeds: list[Path]) -> None:
    folder = tmp_path / "x#ours?%20"
    folder.mkdir()
    path = folder / "r.db"
    assert cli("import", seeds[2], "--db", path).code == 0
    target = _json(cli("items", "--db", path, "--json"))
    assert target
    with open_reader(f"sqlite:///{path}", read_only=True) as reader:  # what export and digest use
        assert reader.rows("SELECT COUNT(*) FROM document")[0][0] == 1
    assert not (tmp_path / "x").exists()


# -- 7. timestamps: stored UTC, shown in Tomsk, UI and CLI alike ------------------------------------
def test_history_written_by_the_ui_is_read_right_by_the_cli(cli: CliRunner, db_path: Path) -> None:
    target = int(str(_first_overdue(cli, db_path)["id"]))
    moment = datetime(2023, 3, 15, 13, 38, tzinfo=TOMSK)  # the UI's clock is Tomsk-local
    store = Store(Database(f"sqlite:///{db_path}"), date(2023, 3, 15), "Иванова", lambda: moment)
    try:
        store.change_status(target, StatusUpdate(status=Status.IN_PROGRESS))
    finally:
        store.close()
    assert cli("status", target, "запланировано", "--db", db_path).code == 0  # the CLI's: UTC now
    history = _json(cli("history", target, "--db", db_path, "--json"))
    shown = datetime.fromisoformat(history[0]["changed_at"])  # type: ignore[index]
    assert shown == moment and shown.utcoffset() is not None
    assert history[0]["changed_at"].endswith("+07:00")  # type: ignore[index]
    cli_time = datetime.fromisoformat(history[1]["changed_at"])  # type: ignore[index]
    assert abs((cli_time - datetime.now(UTC)).total_seconds()) < 120
    text = cli("history", target, "--db", db_path).out
    assert "15.03.2023 13:38" in text
    with sqlite3.connect(db_path) as con:  # stored as UTC
        stored = con.execute("SELECT changed_at FROM status_change ORDER BY id LIMIT 1").fetchone()[0]
    assert stored.startswith("2023-03-15 06:38")


# -- 10. completion dates ---------------------------------------------------------------------------
def test_future_completion_is_refused_everywhere(cli: CliRunner, db_path: Path) -> None:
    target = int(str(_first_overdue(cli, db_path)["id"]))
    refused = cli("status", target, "выполнено", "--date", "01.01.2030", "--db", db_path)
    assert refused.code == 2 and "ещё не наступила" in refused.err
    store = Store(Database(f"sqlite:///{db_path}"), date(2023, 3, 15), "Иванова", lambda: datetime.now(UTC))
    try:
        with pytest.raises(BadInput, match="ещё не наступила"):  # the bulk dialog's path
            store.change_many({target: 1}, StatusUpdate(status=Status.DONE,
                                                        completed_on=date(2030, 1, 1)))
    finally:
        store.close()


def test_deadline_moved_into_the_past_is_warned(cli: CliRunner, db_path: Path) -> None:
    target = _first_overdue(cli, db_path)["id"]
    moved = cli("status", target, "перенесено", "--date", "01.02.2020", "--comment", "по письму",
                "--db", db_path)
    assert moved.code == 0 and "уже прошёл" in moved.err


# -- 13. hostile numbers, dates and files -----------------------------------------------------------
@pytest.mark.parametrize("args", [
    ("status", "99999999999999999999", "в работе"),
    ("history", "99999999999999999999"),
    ("overdue", "--as-of", "0001-01-01"),
    ("overdue", "--as-of", "31.12.9999"),
    ("due", "--within", "99999999", "--as-of", "31.12.2199"),
    ("status", "1", "выполнено", "--expect-version", "-1"),
])
def test_out_of_range_values_are_refused_in_russian(cli: CliRunner, db_path: Path,
                                                     args: tuple[str, ...]) -> None:
    result = cli(*args, "--db", db_path)
    assert result.code == 2
    assert "внутренняя" not in result.err and "Traceback" not in result.err
    assert "диапазон" in result.err or "--within" in result.err


def test_fifo_and_device_links_in_an_import_are_refused(tmp_path: Path, seeds: list[Path]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "a.txt")
    (folder / "b.txt").symlink_to("/dev/zero")
    env = {**os.environ, "ROADMAP_USER": "тест", "PYTHONPATH": str(PROJECT)}
    code = "import sys; from roadmap_tui.cli import main; sys.exit(main(sys.argv[1:]))"
    for target in (folder, folder / "b.txt"):
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", code, "import", str(target), "--db",
                               str(tmp_path / "r.db")], env=env, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 2 and "не обычный файл" in done.stderr, done.stderr
        assert time.monotonic() - started < 30


def test_inputs_have_a_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(BadInput, match="слишком большой"):
        read_input(big, limit=1024)
    assert read_input(big, limit=4096) == b"x" * 2048


# -- 14. database errors in Russian, settings folder that cannot be read ----------------------------
def test_database_errors_are_translated(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (x TEXT)")
    errors = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con, pytest.raises(sqlite3.Error) as ro:
        con.execute("INSERT INTO t VALUES ('a')")
    errors.append((ro.value, "только для чтения"))
    with sqlite3.connect(path) as con, pytest.raises(sqlite3.Error) as full:
        con.execute("PRAGMA max_page_count = 2")
        con.execute("INSERT INTO t SELECT hex(randomblob(5000)) FROM (SELECT 1 UNION SELECT 2)")
    errors.append((full.value, "не осталось места"))
    errors.append((sqlite3.OperationalError("disk I/O error"), "ввода-вывода"))
    errors.append((sqlite3.OperationalError("database is locked"), "занята"))
    for error, phrase in errors:
        text = describe(error)
        assert phrase in text, (error, text)
        assert not any(word in text for word in ("readonly", "disk", "database", "attempt"))


def test_unreadable_settings_folder_does_not_stop_commands(cli: CliRunner, db_path: Path,
                                                           tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # A path the OS refuses to look at (as root, permissions cannot be used to make one).
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ("я" * 200)))
    result = cli("overdue", "--as-of", "15.03.2023", "--db", db_path)
    assert result.code == 0, result.err
    assert "недоступен" in result.err


# -- the same on PostgreSQL ---------------------------------------------------------------------------
@pytest.mark.postgres
def test_parallel_first_use_on_postgres(pg_url: str, seeds: list[Path]) -> None:
    env = {**os.environ, "ROADMAP_USER": "тест", "PYTHONPATH": str(PROJECT)}
    code = "import sys; from roadmap_tui.cli import main; sys.exit(main(sys.argv[1:]))"
    children = [subprocess.Popen([sys.executable, "-c", code, "import", str(seed), "--db", pg_url],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for seed in seeds[:3]]
    results = [(child.wait(timeout=120), child.communicate()[1]) for child in children]
    assert [code for code, _ in results] == [0, 0, 0], results
    with open_reader(pg_url) as reader:
        names = {r[0] for r in reader.rows("SELECT source_name FROM document")}
    assert names == {seed.name for seed in seeds[:3]}


@pytest.mark.postgres
def test_foreign_postgres_database_is_refused(cli: CliRunner, pg_url: str) -> None:
    from sqlalchemy import text

    from roadmap_tui.model.db import make_engine

    engine = make_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE item (id INT)"))
    result = cli("import", PROJECT / "data" / "roadmaps" / "002_3ca0161d1511cdd9.txt", "--db", pg_url)
    assert result.code == 2 and "чужие таблицы" in result.err
    with engine.connect() as connection:
        tables = set(connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    engine.dispose()
    assert tables == {"item"}

"""Tallies of assignments by body and by item, kept by triggers: the overview without a full scan.

Every write to `assignment` (imports, corrections, status changes, undo, the
demo, a cascade from a removed document) moves one count from the row's old
(state, day) to its new one in the same transaction, so the counts are never
out of step with the rows. The state classes are written here as they are on
the day of this migration (a migration is a record); `tests/test_tally.py`
holds them to the read model's rule (`read.states.derive`) on arbitrary rows.

Revision ID: 0006_tally
Revises: 0005_perf
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_tally"
down_revision = "0005_perf"
branch_labels = None
depends_on = None

_OPEN = "'planned', 'in_progress', 'postponed'"
_TALLIES = {"body_tally": "body_id", "item_tally": "item_id"}
_WATCHED = "status, due_on, completed_on, body_id, item_id"


def _state(row: str) -> str:
    return (f"CASE WHEN {row}.status IN ({_OPEN}) THEN"
            f" (CASE WHEN {row}.due_on IS NULL THEN 'undated' ELSE 'open' END)"
            f" WHEN {row}.status = 'done' THEN"
            f" (CASE WHEN {row}.completed_on > {row}.due_on THEN 'done_late' ELSE 'done_on_time' END)"
            f" WHEN {row}.status = 'cancelled' THEN 'cancelled' ELSE 'other' END")


def _day(row: str, no_day: str) -> str:
    return (f"CASE WHEN {row}.status IN ({_OPEN}) AND {row}.due_on IS NOT NULL"
            f" THEN {row}.due_on ELSE {no_day} END")


def _add(row: str, no_day: str) -> list[str]:
    return [f"INSERT INTO {table} ({key}, state, day, n) VALUES ({row}.{key}, {_state(row)},"
            f" {_day(row, no_day)}, 1) ON CONFLICT ({key}, state, day) DO UPDATE SET n = {table}.n + 1"
            for table, key in _TALLIES.items()]


def _remove(row: str, no_day: str) -> list[str]:
    return [f"UPDATE {table} SET n = n - 1 WHERE {key} = {row}.{key} AND state = {_state(row)}"
            f" AND day = {_day(row, no_day)}" for table, key in _TALLIES.items()]


def _moved(no_day: str) -> str:
    return (f"OLD.body_id <> NEW.body_id OR OLD.item_id <> NEW.item_id"
            f" OR {_state('OLD')} <> {_state('NEW')} OR {_day('OLD', no_day)} <> {_day('NEW', no_day)}")


def _sqlite_triggers() -> list[str]:
    no_day = "'0001-01-01'"

    def body(statements: list[str]) -> str:
        return " ".join(f"{statement};" for statement in statements)

    return [
        f"CREATE TRIGGER assignment_tally_insert AFTER INSERT ON assignment"
        f" BEGIN {body(_add('NEW', no_day))} END",
        f"CREATE TRIGGER assignment_tally_delete AFTER DELETE ON assignment"
        f" BEGIN {body(_remove('OLD', no_day))} END",
        f"CREATE TRIGGER assignment_tally_update AFTER UPDATE OF {_WATCHED} ON assignment"
        f" WHEN {_moved(no_day)}"
        f" BEGIN {body(_remove('OLD', no_day) + _add('NEW', no_day))} END",
    ]


def _grouped(rows: str, key: str, no_day: str) -> str:
    return (f"SELECT r.{key}, {_state('r')} AS state, {_day('r', no_day)} AS day, COUNT(*) AS c"
            f" FROM {rows} r GROUP BY 1, 2, 3")


def _postgres_triggers() -> list[str]:
    # Statement-level, over transition tables: a batch of a thousand inserted rows
    # moves the counts in two grouped statements, not two thousand.
    no_day = "DATE '0001-01-01'"

    def add(rows: str) -> str:
        return " ".join(
            f"INSERT INTO {table} ({key}, state, day, n) {_grouped(rows, key, no_day)}"
            f" ON CONFLICT ({key}, state, day) DO UPDATE SET n = {table}.n + EXCLUDED.n;"
            for table, key in _TALLIES.items())

    def remove(rows: str) -> str:
        return " ".join(
            f"UPDATE {table} t SET n = t.n - g.c FROM ({_grouped(rows, key, no_day)}) g"
            f" WHERE t.{key} = g.{key} AND t.state = g.state AND t.day = g.day;"
            for table, key in _TALLIES.items())

    bodies = {"insert": add("new_rows"), "delete": remove("old_rows"),
              "update": remove("old_rows") + " " + add("new_rows")}
    referencing = {"insert": "NEW TABLE AS new_rows", "delete": "OLD TABLE AS old_rows",
                   "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}
    statements = []
    for event, body in bodies.items():
        statements.append(f"CREATE FUNCTION assignment_tally_{event}() RETURNS trigger"
                          f" LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$")
        statements.append(f"CREATE TRIGGER assignment_tally_{event} AFTER {event.upper()} ON assignment"
                          f" REFERENCING {referencing[event]} FOR EACH STATEMENT"
                          f" EXECUTE FUNCTION assignment_tally_{event}()")
    return statements


def upgrade() -> None:
    for table, key in _TALLIES.items():
        op.create_table(
            table,
            sa.Column(key, sa.Integer(), nullable=False),
            sa.Column("state", sa.String(), nullable=False),
            sa.Column("day", sa.Date(), nullable=False),
            sa.Column("n", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint(key, "state", "day"),
        )
    postgres = op.get_bind().dialect.name == "postgresql"
    no_day = "DATE '0001-01-01'" if postgres else "'0001-01-01'"
    for table, key in _TALLIES.items():
        op.execute(f"INSERT INTO {table} ({key}, state, day, n)"
                   f" SELECT a.{key}, {_state('a')}, {_day('a', no_day)}, COUNT(*)"
                   f" FROM assignment a GROUP BY 1, 2, 3")
    for statement in _postgres_triggers() if postgres else _sqlite_triggers():
        op.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for event in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER assignment_tally_{event}" + (" ON assignment" if postgres else ""))
        if postgres:
            op.execute(f"DROP FUNCTION assignment_tally_{event}()")
    for table in _TALLIES:
        op.drop_table(table)

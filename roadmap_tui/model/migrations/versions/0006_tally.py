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


def _postgres_triggers() -> list[str]:
    no_day = "DATE '0001-01-01'"

    def body(statements: list[str]) -> str:
        return " ".join(f"{statement};" for statement in statements)

    return [
        f"""CREATE FUNCTION assignment_tally() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND NOT ({_moved(no_day)}) THEN RETURN NULL; END IF;
          IF TG_OP IN ('UPDATE', 'DELETE') THEN {body(_remove('OLD', no_day))} END IF;
          IF TG_OP IN ('UPDATE', 'INSERT') THEN {body(_add('NEW', no_day))} END IF;
          RETURN NULL;
        END $$""",
        f"CREATE TRIGGER assignment_tally AFTER INSERT OR DELETE OR UPDATE OF {_WATCHED}"
        " ON assignment FOR EACH ROW EXECUTE FUNCTION assignment_tally()",
    ]


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
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER assignment_tally ON assignment")
        op.execute("DROP FUNCTION assignment_tally()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER assignment_tally_{name}")
    for table in _TALLIES:
        op.drop_table(table)

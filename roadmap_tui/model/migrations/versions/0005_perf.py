"""Indexes for `undo` at a million history rows.

Revision ID: 0005_perf
Revises: 0004_tokens
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_perf"
down_revision = "0004_tokens"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_status_change_changed_by_id": ["changed_by", "id"],
    "ix_status_change_undo_of": ["undo_of"],
}
# Nearly every row has no undo_of: a full index would tell SQLite's planner that
# each value matches a million rows, and it would scan instead of probing.
_WHERE = {"ix_status_change_undo_of": "undo_of IS NOT NULL"}


def upgrade() -> None:
    # A database made by create_all at this head already has them.
    present = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("status_change")}
    for name, columns in _INDEXES.items():
        if name not in present:
            where = sa.text(_WHERE[name]) if name in _WHERE else None
            op.create_index(name, "status_change", columns, sqlite_where=where,
                            postgresql_where=where)


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="status_change")

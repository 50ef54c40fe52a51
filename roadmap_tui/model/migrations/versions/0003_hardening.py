"""Hardening: status changes keep the full before-image and the version they made.

Revision ID: 0003_hardening
Revises: 0001
Create Date: 2026-12-02 14:45:00

An undo must restore report fields and the comment too, and must be refused
when the row changed since; older rows get NULLs (undo falls back to the
fields they do record and to "no later change").
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_hardening"
down_revision = "0002_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = [
        sa.Column("old_report_received", sa.Boolean(), nullable=True),
        sa.Column("old_report_ref", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("old_comment", sa.Text(), nullable=True),
        sa.Column("new_version", sa.Integer(), nullable=True),
    ]
    # A database adopted from before migrations was made by the models of its
    # day, which may already have these columns.
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("status_change")}
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        for column in columns:
            if column.name not in present:
                batch_op.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.drop_column("new_version")
        batch_op.drop_column("old_comment")
        batch_op.drop_column("old_report_ref")
        batch_op.drop_column("old_report_received")

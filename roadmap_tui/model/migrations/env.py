"""Alembic environment: runs on the connection `model.schema.upgrade` hands over.

Batch mode lets column changes work on SQLite too (it rebuilds the table),
so one migration serves SQLite and PostgreSQL.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from roadmap_tui.model import tables  # noqa: F401  (registers the tables)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

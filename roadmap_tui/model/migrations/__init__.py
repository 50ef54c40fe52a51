"""Alembic migrations: how a database made by an older version reaches today's schema."""

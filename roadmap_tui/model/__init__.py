"""The data model: documents, items, bodies, assignments and their history.

Kept import-light on purpose: `statuses` needs no ORM, so the fast read path
can use it without paying for SQLAlchemy. Import tables from `.tables` and
the engine from `.db`.
"""

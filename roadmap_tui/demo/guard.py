"""Refuse to put demo data into a database that holds anything already.

Demo rows mixed into real ones could never be told apart again (they look
real on purpose), so `roadmap demo` only writes into a missing or empty
database — an empty schema counts as empty — and says so in Russian.
"""

from __future__ import annotations

from sqlalchemy import inspect, literal, select, table
from sqlalchemy.engine import Engine, make_url

from roadmap_tui.errors import BadInput


def ensure_empty(engine: Engine, url: str) -> None:
    """Raise BadInput unless every table of the database is empty."""
    # alembic_version only says which schema the empty tables follow.
    for name in sorted(set(inspect(engine).get_table_names()) - {"alembic_version"}):
        with engine.connect() as connection:
            found = connection.execute(select(literal(1)).select_from(table(name)).limit(1))
            if found.first() is None:
                continue
        shown = make_url(url).render_as_string(hide_password=True)
        raise BadInput(
            f"База {shown} не пуста (в таблице «{name}» есть данные). Демонстрационные данные "
            "создаются только в новой или пустой базе, чтобы не смешать их с настоящими. "
            "Укажите другой файл, например: roadmap demo --db /tmp/roadmap-demo.db"
        )

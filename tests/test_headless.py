"""Headless commands stay light: no Textual, no exporters, no ORM on the read or status path."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from roadmap_tui.cli import main
code = main(sys.argv[1:])
heavy = sorted({m.split('.')[0] if not m.startswith('roadmap_tui') else '.'.join(m.split('.')[:2])
                for m in sys.modules
                if m.split('.')[0] in ('textual', 'sqlalchemy', 'sqlmodel', 'icalendar', 'pydantic')
                or m.startswith(('roadmap_tui.tui', 'roadmap_tui.export', 'roadmap_tui.importer.store'))})
print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)
"""


def _run(*args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          check=False)
    return json.loads(done.stderr.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_overdue_imports_nothing_heavy(db_path: Path) -> None:
    for args in (["overdue", "--as-of", "15.03.2023"], ["due", "--within", "14"],
                 ["overdue", "--body", "ИМЦ", "--json"], ["items", "--json"], ["bodies"]):
        result = _run(*args, "--db", str(db_path))
        assert result == {"code": 0, "heavy": []}, args


def test_status_undo_and_history_import_nothing_heavy(db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        ids = [str(row[0]) for row in connection.execute(
            "SELECT id FROM assignment WHERE status = 'planned' ORDER BY id LIMIT 3")]
    connection.close()
    for args in (["status", ids[0], "выполнено"], ["undo"], ["status", *ids, "в работе"],
                 ["history", ids[0]], ["undo"]):
        result = _run(*args, "--db", str(db_path))
        assert result == {"code": 0, "heavy": []}, args


def test_core_never_imports_textual() -> None:
    code = (
        "import sys, roadmap_tui.model.db, roadmap_tui.importer.store, roadmap_tui.tracking.status, "
        "roadmap_tui.deadlines; print(any(m.startswith('textual') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"

"""The same core on a real PostgreSQL server: schema, import, queries, changes.

Every query the product runs is written once; these tests prove it means the
same on PostgreSQL as on SQLite.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from roadmap_tui.importer.bundled import ensure_database

from conftest import CliRunner

pytestmark = pytest.mark.postgres


def _key(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(r["doc"], r["number"], r["body"], r["due"], r["days_overdue"]) for r in rows]


def _json(result: object) -> object:
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    return json.loads(result.out)  # type: ignore[attr-defined]


def test_postgres_matches_sqlite(cli: CliRunner, pg_url: str, db_path: Path, seeds: list[Path]) -> None:
    report = _json(cli("import", *seeds, "--db", pg_url, "--json"))
    assert [d["items"] for d in report["documents"]][2:] == [5, 25, 0]
    args = ("overdue", "--as-of", "01.06.2024", "--limit", "0", "--json")
    on_pg = _json(cli(*args, "--db", pg_url))
    on_lite = _json(cli(*args, "--db", db_path))
    assert on_pg["total"] == on_lite["total"] > 0
    assert sorted(_key(on_pg["assignments"])) == sorted(_key(on_lite["assignments"]))
    due_pg = _json(cli("due", "--within", "60", "--as-of", "01.04.2023", "--json", "--db", pg_url))
    due_lite = _json(cli("due", "--within", "60", "--as-of", "01.04.2023", "--json", "--db", db_path))
    assert due_pg["total"] == due_lite["total"]
    items_pg = _json(cli("items", "--body", "ЦПК", "--json", "--db", pg_url))
    items_lite = _json(cli("items", "--body", "ЦПК", "--json", "--db", db_path))
    assert [(i["doc"], i["number"], i["responsible"]) for i in items_pg] == [
        (i["doc"], i["number"], i["responsible"]) for i in items_lite]
    again = _json(cli("import", *seeds, "--db", pg_url, "--json"))
    assert sum(d["items_added"] + d["assignments_added"] for d in again["documents"]) == 0


def test_postgres_status_lock_and_undo(cli: CliRunner, pg_url: str, tmp_path: Path) -> None:
    ensure_database(pg_url, horizon=date(2026, 12, 31), with_roadmaps=True)
    target = _json(cli("overdue", "--as-of", "15.03.2023", "--json", "--db", pg_url))["assignments"][0]
    assert cli("status", target["id"], "в работе", "--expect-version", target["version"],
               "--db", pg_url).code == 0
    stale = cli("status", target["id"], "выполнено", "--expect-version", target["version"],
                "--db", pg_url)
    assert stale.code == 2 and "версия устарела" in stale.err
    assert cli("undo", "--db", pg_url).code == 0
    history = _json(cli("history", target["id"], "--json", "--db", pg_url))
    assert [h["new_status"] for h in history] == ["in_progress", "planned"]
    registry = tmp_path / "schools.csv"
    registry.write_text("short_name,municipality\nМАОУ СОШ № 903,Город Томск\n", encoding="utf-8")
    added = _json(cli("bodies", "import", registry, "--json", "--db", pg_url))
    assert added["added"] == 1 and added["assignments_added"] > 0
    assert _json(cli("bodies", "import", registry, "--json", "--db", pg_url))["assignments_added"] == 0


def _events(folder: Path) -> dict[str, set[tuple[str, str, str]]]:
    import icalendar

    found = {}
    for feed in sorted(folder.glob("*.ics")):
        calendar = icalendar.Calendar.from_ical(feed.read_bytes())
        found[feed.name] = {
            (str(c.get("UID")), str(c.decoded("DTSTART")) if c.get("DTSTART") else "",
             str(c.get("SUMMARY")))
            for c in calendar.walk() if c.name in ("VEVENT", "VTODO")
        }
    return found


def test_postgres_feeds_and_digests_match_sqlite(cli: CliRunner, pg_url: str, db_path: Path,
                                                 tmp_path: Path) -> None:
    ensure_database(pg_url, horizon=date(2026, 12, 31), with_roadmaps=True)  # as the SQLite template
    for name, url in (("pg", pg_url), ("lite", str(db_path))):
        done = cli("export", "ics", "--out", tmp_path / name, "--as-of", "15.03.2023", "--db", url)
        assert done.code == 0, done.err
        digests = cli("digest", "--all", "--format", "txt", "--out", tmp_path / f"{name}-digest",
                      "--as-of", "15.03.2023", "--db", url)
        assert digests.code == 0, digests.err
    on_pg, on_lite = _events(tmp_path / "pg"), _events(tmp_path / "lite")
    assert on_pg.keys() == on_lite.keys() and len(on_pg) > 60
    assert on_pg == on_lite
    # Each database made its own random tokens: the private links differ by design, nothing else may.
    import re

    def read(folder: Path) -> dict[str, str]:
        return {p.name: re.sub(r"/[A-Za-z0-9_-]{32}/", "/<token>/", p.read_text(encoding="utf-8"))
                for p in folder.iterdir()}

    pg_digests, lite_digests = read(tmp_path / "pg-digest"), read(tmp_path / "lite-digest")
    assert pg_digests == lite_digests

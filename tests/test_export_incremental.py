"""Incremental export: whatever happened since the last run, the feeds equal a fresh export's, byte for byte.

The quick path (moved feeds found from the status history, document feeds
patched event by event) and the fallback (every fingerprint read again) must
both end where a full export into an empty directory ends.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from roadmap_tui.export.config import ExportConfig
from roadmap_tui.export.feeds import ExportReport, export_ics
from roadmap_tui.export.source import UNDATED
from roadmap_tui.model.connection import Database
from roadmap_tui.model.statuses import Status
from roadmap_tui.model.tables import UNDATED as MODEL_UNDATED
from roadmap_tui.tracking.status import undo_last

from test_export_data import AS_OF, assignment_ids, make_digest_db, set_status

CONFIG = ExportConfig(base_url="https://roadmap.example.ru/feeds")
MOMENT = datetime(2024, 3, 12, 6, 0, tzinfo=UTC)


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}


def _undo(url: str) -> None:
    with Database(url) as database, database.write() as tx:
        undo_last(tx, by="тест", now=MOMENT + timedelta(hours=2))


def _behind_the_trackers_back(url: str) -> None:
    """An edit that writes no history entry (a script, a restored backup): versions move, the history does not."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as c:
        c.execute("UPDATE assignment SET comment = 'правка мимо учёта', version = version + 1"
                  " WHERE id = (SELECT MIN(a.id) FROM assignment a JOIN body b ON b.id = a.body_id"
                  " WHERE b.code = 'ДО')")


@pytest.fixture
def url(tmp_path: Path) -> str:
    return make_digest_db(tmp_path / "db.sqlite")


def test_incremental_export_equals_a_fresh_one(url: str, tmp_path: Path) -> None:
    school = assignment_ids(url, "СОШ № 1")
    steps: list[tuple[str, date, Callable[[], None], bool]] = [
        ("status", AS_OF, lambda: set_status(url, school[1], Status.IN_PROGRESS, when=MOMENT,
                                              comment="Начали; «сбор»"), True),
        ("postponed", AS_OF, lambda: set_status(url, school[2], Status.POSTPONED, when=MOMENT + timedelta(hours=1),
                                                 comment="Перенос", new_due_on=date(2024, 4, 2)), True),
        ("undo", AS_OF, lambda: _undo(url), True),
        ("nothing, three days later", AS_OF + timedelta(days=3), lambda: None, True),
        ("done, back a day", AS_OF + timedelta(days=2),
         lambda: set_status(url, school[0], Status.DONE, when=MOMENT + timedelta(hours=3),
                            completed_on=date(2024, 3, 12)), True),
        ("untracked edit", AS_OF + timedelta(days=2), lambda: _behind_the_trackers_back(url), False),
    ]
    out = tmp_path / "incremental"
    export_ics(url, out, AS_OF, CONFIG)
    for k, (what, day, change, quick) in enumerate(steps):
        change()
        report: ExportReport = export_ics(url, out, day, CONFIG)[0]
        assert report.from_history is quick, what
        fresh = tmp_path / f"fresh-{k}"
        export_ics(url, fresh, day, CONFIG)
        made, expected = _files(out), _files(fresh)
        assert made.keys() == expected.keys(), what
        for name in expected:
            assert made[name] == expected[name], f"{what}: {name}"


def test_a_status_change_rewrites_only_its_feeds_and_reads_no_other(url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_ics(url, out, AS_OF, CONFIG)
    set_status(url, assignment_ids(url, "СОШ № 1")[1], Status.IN_PROGRESS, when=MOMENT)
    report, _ = export_ics(url, out, AS_OF, CONFIG)
    assert report.from_history
    assert sorted(report.written) == ["all.ics", "body-sosh-1.ics", "doc-12-p.ics", "tasks-sosh-1.ics"]


def test_undated_occurrence_is_the_models() -> None:
    assert UNDATED == MODEL_UNDATED

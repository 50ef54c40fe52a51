"""Golden exports: one body's feeds, one document's feed and two digest e-mails, byte for byte.

The parse-back tests say a feed means the right thing; these say it is the
same bytes as before, so a change made for speed or tidiness cannot move a
single octet unnoticed (subscribed calendars re-download on any change). The
database is small and fixed (`test_export_data`, plus a few status changes
at fixed moments, fixed tokens) and the day is fixed.

After a change that is *meant* to alter the output, regenerate and review the diff:

    ROADMAP_REGOLD=1 .venv/bin/python -m pytest -q -p no:xdist tests/test_export_golden.py
    git diff tests/fixtures/golden_exports/
"""

from __future__ import annotations

import email
import os
import sqlite3
from datetime import UTC, date, datetime
from email.policy import default
from pathlib import Path

import pytest

from roadmap_tui.export.config import ExportConfig
from roadmap_tui.export.digest.produce import produce_digests
from roadmap_tui.export.feeds import export_ics
from roadmap_tui.model.statuses import Status

from test_export_data import AS_OF, assignment_ids, make_digest_db, set_status

GOLDEN = Path(__file__).parent / "fixtures" / "golden_exports"
REGOLD = os.environ.get("ROADMAP_REGOLD") == "1"
CONFIG = ExportConfig(base_url="https://roadmap.example.ru/feeds", coordinator="Иванова И. И., 8 (3822) 00-00-00")
#: file in the export → golden file name
FEEDS = {"body-sosh-2.ics": "body-sosh-2.ics", "tasks-sosh-2.ics": "tasks-sosh-2.ics",
         "doc-12-p.ics": "doc-12-p.ics"}
MAIL = "digest-2024-03-13-sosh-2.eml"
HEAD_MAIL = "digest-2024-03-13-svodka.eml"  # the head's summary: the figures, this week and the last


def _golden_db(path: Path) -> str:
    """The digest database, plus a postponement with a comment and work in progress, and fixed tokens."""
    url = make_digest_db(path)
    school = assignment_ids(url, "СОШ № 2")
    set_status(url, school[1], Status.POSTPONED, when=datetime(2024, 3, 12, 6, 30, tzinfo=UTC),
               comment="Ждём данные; перенос, согласовано", new_due_on=date(2024, 3, 25))
    set_status(url, school[2], Status.IN_PROGRESS, when=datetime(2024, 3, 12, 7, 0, tzinfo=UTC),
               comment="Собираем сведения")
    with sqlite3.connect(url.removeprefix("sqlite:///")) as c:
        scopes = ["head", *(f"body:{i}" for (i,) in c.execute("SELECT id FROM body ORDER BY id"))]
        c.executemany("INSERT INTO access_token (scope, token, created_at) VALUES (?, ?, ?)",
                      [(s, f"golden-token-{s.replace(':', '-')}-0123456789", "2024-01-10 03:00:00")
                       for s in scopes])
    return url


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("golden")
    url = _golden_db(root / "db.sqlite")
    export_ics(url, root / "out", AS_OF, CONFIG)
    produce_digests(url, AS_OF, out_dir=root / "out" / "digests", config=CONFIG, kind="eml")
    return root / "out"


def _compare(made: Path, golden_name: str) -> None:
    golden = GOLDEN / golden_name
    data = made.read_bytes()
    if REGOLD:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert golden.is_file(), f"no golden file {golden}: regenerate with ROADMAP_REGOLD=1 (see the module docstring)"
    expected = golden.read_bytes()
    if data != expected:
        pairs = enumerate(zip(data, expected, strict=False))
        at = next((k for k, (a, b) in pairs if a != b), min(len(data), len(expected)))
        pytest.fail(f"{made.name} differs from {golden} at byte {at} "
                    f"(made {len(data)} bytes, golden {len(expected)}): "
                    f"{data[max(0, at - 60): at + 60]!r} != {expected[max(0, at - 60): at + 60]!r}")


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_feed_is_golden(exported: Path, name: str) -> None:
    _compare(exported / name, FEEDS[name])


@pytest.mark.parametrize("name", [MAIL, HEAD_MAIL])
def test_digest_mail_is_golden(exported: Path, name: str) -> None:
    _compare(exported / "digests" / name, name)


def test_goldens_hold_what_they_are_meant_to(exported: Path) -> None:
    """The fixed data really exercises the cases: overdue, done late, moved, in work, a comment."""
    body = (GOLDEN / "body-sosh-2.ics").read_bytes().decode()
    for needle in ("SUMMARY:Выполнено с нарушением срока", "перенесён с 15.03.2024", "Последний комментарий",
                   "STATUS:CONFIRMED"):
        assert needle in body.replace("\r\n ", "")
    tasks = (GOLDEN / "tasks-sosh-2.ics").read_bytes().decode()
    assert "STATUS:COMPLETED" in tasks and "STATUS:IN-PROCESS" in tasks
    doc = (GOLDEN / "doc-12-p.ics").read_bytes().decode().replace("\r\n ", "")
    assert "SUMMARY:Просрочено:" in doc and "Просрочено (" in doc
    mail = email.message_from_bytes((GOLDEN / MAIL).read_bytes(), policy=default)
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",))
    assert text is not None and "/golden-token-body-" in text.get_content()

"""Issue 10.11: one body's name with line breaks or control characters stops nobody's feed or digest.

Real SQLite file, real CLI, outputs read back with icalendar and the e-mail package.
"""

from __future__ import annotations

import email
import re
import sqlite3
from email.policy import default
from pathlib import Path

import icalendar
import pytest

from roadmap_tui.export.config import ExportConfig
from roadmap_tui.export.digest import render as digest_render
from roadmap_tui.export.digest.produce import produce_digests
from roadmap_tui.export.feeds import _Exporter, export_ics

from conftest import CliRunner
from test_export_data import AS_OF, make_db

HOSTILE_NAME = "СОШ\n№ 1\rкорпус\u2028два\x00\x07\x1b[31m\x7f"
CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    url = make_db(tmp_path / "db.sqlite")
    path = Path(url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as c:
        c.execute("UPDATE body SET short_name = ?, full_name = ? WHERE code = 'СОШ № 1'",
                  (HOSTILE_NAME, "МАОУ\r\n" + HOSTILE_NAME))
        c.execute("UPDATE assignment SET comment = ? WHERE id = (SELECT MIN(id) FROM assignment)",
                  ("строка\rвторая\x00\x1b",))
    return path


def test_export_ics_writes_every_feed_with_a_hostile_name(cli: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    result = cli("export", "ics", "--out", out, "--as-of", "13.03.2024", "--db", db)
    assert result.code == 0, result.err
    feeds = sorted(out.glob("*.ics"))
    assert {"body-sosh-1.ics", "body-sosh-2.ics", "body-do.ics", "all.ics"} <= {f.name for f in feeds}
    for feed in feeds:
        data = feed.read_bytes()
        assert not CONTROLS.search(data), feed.name
        assert b"\r" not in data.replace(b"\r\n", b""), feed.name  # no bare CR
        icalendar.Calendar.from_ical(data)
    calendar = icalendar.Calendar.from_ical((out / "body-sosh-1.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Дорожные карты: СОШ № 1 корпус два[31m"


def test_digest_eml_for_everyone_with_a_hostile_name(cli: CliRunner, db: Path, tmp_path: Path) -> None:
    result = cli("digest", "--format", "eml", "--out", tmp_path, "--as-of", "13.03.2024", "--db", db)
    assert result.code == 0, result.err
    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 6  # five bodies and the head's summary
    for path in files:
        raw = path.read_bytes()
        assert not CONTROLS.search(raw), path.name
        msg = email.message_from_bytes(raw, policy=default)
        assert "\n" not in str(msg["Subject"]) and msg.get_body(("plain",)) is not None
    school = email.message_from_bytes((tmp_path / "digest-2024-03-13-sosh-1.eml").read_bytes(), policy=default)
    assert school["Subject"].startswith("Дорожные карты: СОШ № 1 корпус два")


def test_one_failing_digest_is_reported_and_the_others_written(db: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    real = digest_render.body_document

    def fail_for_one(d, week, contacts=None):  # noqa: ANN001, ANN202  (a fault injected into one body)
        if d.body.code == "СОШ № 2":
            raise ValueError("сбой в данных")
        return real(d, week, contacts)

    monkeypatch.setattr(digest_render, "body_document", fail_for_one)
    report = produce_digests(f"sqlite:///{db}", AS_OF, out_dir=tmp_path, config=ExportConfig(), kind="md")
    assert list(report.failed) == ["СОШ № 2"] and "сбой в данных" in report.failed["СОШ № 2"]
    names = {p.name for p in report.files}
    assert "digest-2024-03-13-sosh-2.md" not in names
    assert {"digest-2024-03-13-do.md", "digest-2024-03-13-sosh-1.md", "digest-2024-03-13-svodka.md"} <= names


def test_one_failing_feed_is_reported_and_the_others_written(db: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    real = _Exporter._body_feed

    def fail_for_one(self, body_id, slug, rows):  # noqa: ANN001, ANN202
        if slug == "sosh-2":
            raise ValueError("сбой в данных")
        real(self, body_id, slug, rows)

    monkeypatch.setattr(_Exporter, "_body_feed", fail_for_one)
    out = tmp_path / "feeds"
    report, _ = export_ics(f"sqlite:///{db}", out, AS_OF, ExportConfig())
    assert list(report.failed) == ["СОШ № 2"]
    assert (out / "body-do.ics").is_file() and not (out / "body-sosh-2.ics").exists()
    monkeypatch.setattr(_Exporter, "_body_feed", real)
    again, _ = export_ics(f"sqlite:///{db}", out, AS_OF, ExportConfig())  # retried, not skipped as fresh
    assert again.failed == {} and (out / "body-sosh-2.ics").is_file()

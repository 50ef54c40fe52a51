"""`roadmap export ics` and `roadmap digest` through the CLI, on the seeded database."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar

from conftest import CliRunner


def test_export_ics_writes_parsable_feeds_and_is_stable(cli: CliRunner, db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    first = cli("export", "ics", "--out", out, "--as-of", "15.03.2023", "--db", db_path)
    assert first.code == 0, first.err
    catalogue = json.loads((out / "feeds.json").read_text(encoding="utf-8"))
    listed = json.dumps(catalogue, ensure_ascii=False)
    feeds = sorted(out.glob("*.ics"))
    assert len(feeds) > 60  # every body, every document, everything
    assert all(name.name.isascii() for name in feeds)
    assert all(f.name in listed for f in feeds)
    for feed in feeds:
        calendar = icalendar.Calendar.from_ical(feed.read_bytes())
        assert calendar.get("X-WR-TIMEZONE") == "Asia/Tomsk"
    mtimes = {f: f.stat().st_mtime_ns for f in feeds}
    again = cli("export", "ics", "--out", out, "--as-of", "15.03.2023", "--db", db_path)
    assert again.code == 0
    assert {f: f.stat().st_mtime_ns for f in feeds} == mtimes  # unchanged feeds are not rewritten


def test_digest_for_one_body(cli: CliRunner, db_path: Path, tmp_path: Path) -> None:
    result = cli("digest", "--body", "ИМЦ", "--format", "md", "--out", tmp_path, "--as-of", "15.03.2023",
                 "--db", db_path)
    assert result.code == 0, result.err
    written = list(tmp_path.glob("*.md"))
    assert len(written) == 1
    text = written[0].read_text(encoding="utf-8")
    assert "неделя 13.03.2023 – 19.03.2023" in text  # the Monday–Sunday week of 15.03.2023
    assert "### Просрочено: " in text and "МАУ ИМЦ" in text
    unknown = cli("digest", "--body", "НЕТ", "--out", tmp_path, "--db", db_path)
    assert unknown.code == 2 and "Traceback" not in unknown.err

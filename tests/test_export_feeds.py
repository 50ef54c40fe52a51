"""Calendar feeds: parse back with three parsers, round-trip hostile text, stay deterministic."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from roadmap_tui.export.config import ExportConfig, config_from_env, parse_alarms
from roadmap_tui.export.feeds import export_ics
from roadmap_tui.export.names import is_safe_name, slug
from roadmap_tui.model.statuses import Status

from test_export_data import AS_OF, HOSTILE, assignment_ids, make_db, set_status

CONFIG = ExportConfig(base_url="https://roadmap.example.ru/feeds")


@pytest.fixture
def url(tmp_path: Path) -> str:
    return make_db(tmp_path / "db.sqlite")


def _export(url: str, out: Path, as_of: date = AS_OF, config: ExportConfig = CONFIG):
    return export_ics(url, out, as_of, config)


def _db_assignments(url: str, code: str, dated_only: bool = True) -> set[tuple[int, date]]:
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as c:
        rows = c.execute(
            "SELECT a.id, a.due_on FROM assignment a JOIN body b ON b.id = a.body_id WHERE b.code = ?"
            + (" AND a.due_on IS NOT NULL" if dated_only else ""), (code,)).fetchall()
    return {(r[0], date.fromisoformat(r[1]) if r[1] else None) for r in rows}


def test_every_feed_parses_with_three_parsers(url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report, feeds = _export(url, out)
    assert {f.kind for f in feeds} == {"all", "body", "document", "tasks"}
    assert len(feeds) == 12  # all + 5 bodies (ОО has schools) × 2 + 1 document
    for feed in feeds:
        raw = (out / feed.file).read_bytes()
        cal = icalendar.Calendar.from_ical(raw)
        kind = "VTODO" if feed.kind == "tasks" else "VEVENT"
        assert len(cal.walk(kind)) == feed.components
        strict = IcsCalendarStream.calendar_from_ics(raw.decode())
        assert len(strict.todos if kind == "VTODO" else strict.events) == feed.components
        parsed = vobject.readOne(raw.decode())
        assert len(getattr(parsed, f"{kind.lower()}_list", [])) == feed.components
        assert cal["X-WR-TIMEZONE"] == "Asia/Tomsk"
        assert str(cal["X-WR-CALNAME"]) == str(cal["NAME"])
        assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF only
        for line in raw.split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")  # folding never splits a Cyrillic character


def test_body_feed_holds_exactly_the_bodys_assignments(url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _, feeds = _export(url, out)
    path = url.removeprefix("sqlite:///")
    for feed in (f for f in feeds if f.kind == "body"):
        cal = icalendar.Calendar.from_ical((out / feed.file).read_bytes())
        found = recurring_ical_events.of(cal).between(date(2024, 1, 1), date(2025, 1, 1))
        got = sorted((e["UID"], e.start) for e in found)
        expected = _db_assignments(url, feed.code)
        assert sorted(d for _, d in got) == sorted(d for _, d in expected)
        assert len({u for u, _ in got}) == len(expected)  # one UID per assignment
        tasks = icalendar.Calendar.from_ical((out / feed.file.replace("body-", "tasks-")).read_bytes())
        assert len(tasks.walk("VTODO")) == len(_db_assignments(url, feed.code, dated_only=False))
    with sqlite3.connect(path) as c:  # schools carry what the group «ОО» owes
        (n,) = c.execute("SELECT COUNT(*) FROM assignment a JOIN body b ON b.id = a.body_id "
                         "WHERE b.code = 'СОШ № 1' AND a.via_group_id IS NOT NULL").fetchone()
    assert n == 3


def test_hostile_title_round_trips(url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _export(url, out)
    raw = (out / "body-sosh-1.ics").read_bytes()
    event = next(e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")
                 if HOSTILE in str(e["DESCRIPTION"]))
    assert str(event["SUMMARY"]).startswith("Просрочено: ")
    description = str(event["DESCRIPTION"])
    for needle in ("Срок по документу: до 01.03.2024", "Форма отчёта: Справка; таблица",
                   "Ответственные: ДО, ОО", "Статус: Просрочено"):
        assert needle in description
    strict = IcsCalendarStream.calendar_from_ics(raw.decode())
    assert any(HOSTILE in (e.description or "") for e in strict.events)
    v = vobject.readOne(raw.decode())
    assert any(HOSTILE in e.description.value for e in v.vevent_list)


def test_lines_are_what_icalendar_itself_writes(url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _export(url, out)
    raw = (out / "body-do.ics").read_bytes()
    ours = [b"BEGIN:VEVENT" + chunk.split(b"END:VEVENT")[0] + b"END:VEVENT\r\n"
            for chunk in raw.split(b"BEGIN:VEVENT")[1:]]
    theirs = [e.to_ical() for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")]
    assert len(ours) == len(theirs) > 0
    for a, b in zip(ours, theirs, strict=True):
        assert sorted(a.split(b"\r\n")) == sorted(b.split(b"\r\n"))


def test_alarms_and_headers(url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _export(url, out, config=ExportConfig(alarms=(3,)))
    raw = (out / "body-do.ics").read_bytes()
    assert b"TRIGGER:-P3D" in raw and b"TRIGGER:-P7D" not in raw
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in raw and b"X-PUBLISHED-TTL:PT6H" in raw
    cal = icalendar.Calendar.from_ical(raw)
    done_free = [e for e in cal.walk("VEVENT") if e.get("STATUS") == "CANCELLED"]
    assert all(not e.walk("VALARM") for e in done_free)
    assert parse_alarms("7, 1") == (7, 1) and parse_alarms("нет") == ()
    env = config_from_env({"ROADMAP_ALARMS": "14,2", "ROADMAP_BASE_URL": "https://x.ru/f/"})
    assert env.alarms == (14, 2) and env.base_url == "https://x.ru/f"


def test_deterministic_and_unchanged_feeds_not_rewritten(url: str, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    _export(url, a)
    _export(url, b)
    names = sorted(p.name for p in a.iterdir() if not p.name.startswith("."))
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    before = {n: (a / n).stat().st_mtime_ns for n in names}
    report, _ = _export(url, a)
    assert report.written == []
    assert {n: (a / n).stat().st_mtime_ns for n in names} == before
    (a / "body-do.ics").unlink()  # a lost file is rebuilt even though data did not change
    report, _ = _export(url, a)
    assert report.written == ["body-do.ics"]


def test_one_status_change_rewrites_only_feeds_containing_it(url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _export(url, out)
    old = icalendar.Calendar.from_ical((out / "body-sosh-2.ics").read_bytes())
    target = assignment_ids(url, "СОШ № 2")[0]
    set_status(url, target, Status.DONE, when=datetime(2024, 3, 12, 5, 0, tzinfo=UTC),
               comment="Справка направлена; «в срок»", completed_on=date(2024, 3, 12))
    report, _ = _export(url, out)
    assert sorted(report.written) == ["all.ics", "body-sosh-2.ics", "doc-12-p.ics", "tasks-sosh-2.ics"]
    new = icalendar.Calendar.from_ical((out / "body-sosh-2.ics").read_bytes())
    before = {str(e["UID"]): e for e in old.walk("VEVENT")}
    after = {str(e["UID"]): e for e in new.walk("VEVENT")}
    assert before.keys() == after.keys()  # same UIDs: subscribers see no duplicates
    changed = [u for u in after if after[u].to_ical() != before[u].to_ical()]
    assert len(changed) == 1
    event = after[changed[0]]
    assert str(event["SUMMARY"]).startswith("Выполнено с нарушением срока")
    assert "Последний комментарий: Справка направлена; «в срок»" in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) > int(before[changed[0]]["SEQUENCE"])
    assert event["LAST-MODIFIED"].dt == datetime(2024, 3, 12, 5, 0, tzinfo=UTC)
    todo = next(t for t in icalendar.Calendar.from_ical((out / "tasks-sosh-2.ics").read_bytes()).walk("VTODO")
                if t["UID"] == changed[0])
    assert todo["STATUS"] == "COMPLETED" and "COMPLETED" in todo


def test_uids_stable_across_rebuilt_database(tmp_path: Path) -> None:
    first = make_db(tmp_path / "one.sqlite")
    second_path = tmp_path / "two.sqlite"
    second = make_db(second_path)
    with sqlite3.connect(second_path) as c:  # a re-import may renumber rows: UIDs must not move
        c.execute("UPDATE item SET id = id + 100")
        c.execute("UPDATE assignment SET id = id + 1000, item_id = item_id + 100")
    _export(first, tmp_path / "a")
    _export(second, tmp_path / "b")
    for name in ("body-do.ics", "body-sosh-1.ics", "all.ics"):
        uids = [{str(e["UID"]) for e in icalendar.Calendar.from_ical((tmp_path / d / name).read_bytes()).walk("VEVENT")}
                for d in ("a", "b")]
        assert uids[0] == uids[1] and uids[0]


def test_overdue_transition_changes_event_deterministically(url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _export(url, out, as_of=date(2024, 3, 14))
    report, _ = _export(url, out, as_of=date(2024, 3, 15))
    assert report.written == []  # nothing fell due on 14.03
    report, _ = _export(url, out, as_of=date(2024, 3, 16))  # 15.03 items of every school are now late
    assert "body-sosh-1.ics" in report.written and "body-do.ics" not in report.written
    event = next(e for e in icalendar.Calendar.from_ical((out / "body-sosh-1.ics").read_bytes()).walk("VEVENT")
                 if e.start == date(2024, 3, 15))
    assert str(event["SUMMARY"]).startswith("Просрочено")
    assert event["DTSTAMP"].dt == datetime(2024, 3, 15, 17, 0, tzinfo=UTC)  # 00:00 16.03 in Tomsk


def test_catalogue_and_safe_names(url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _, feeds = _export(url, out)
    data = json.loads((out / "feeds.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in data["feeds"]] == [f.file for f in feeds]
    html = (out / "index.html").read_text(encoding="utf-8")
    for f in feeds:
        assert is_safe_name(f.file)
        token = f.https.split("/")[-2]
        assert len(token) >= 32 and token not in f.file  # a private link: base / token / file
        assert f.https == f"https://roadmap.example.ru/feeds/{token}/{f.file}"
        assert f.webcal == f"webcal://roadmap.example.ru/feeds/{token}/{f.file}"
        assert f.webcal in html
    assert "Календари дорожных карт" in html and "МАОУ «СОШ № 1»" in html
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("СОШ № 5") == "sosh-5" and slug("ЦПК") == "tspk" and slug("") == "feed"


def test_fold_is_icalendars_fold() -> None:
    import random

    from icalendar.parser.string import _foldline
    from icalendar.prop import vText

    from roadmap_tui.export.ical_build import fold

    alphabet = "aZ09 ;,\\^:\"«»ёЁжщ—€𝄞\t" + "ы" * 5
    rng = random.Random(5)
    samples = ["", "x" * 74, "x" * 75, "x" * 150, "Ё" * 80, "a" + "Ё" * 40,
               "SUMMARY:" + vText(HOSTILE * 3).to_ical().decode(),
               "DESCRIPTION:" + "\\n" * 60, "^" * 200, "x" * 73 + "\\\\n" + "y" * 80]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400))) for _ in range(3000)]
    for line in samples:
        assert fold(line) == _foldline(line).encode(), line


def test_parallel_body_export_matches_serial(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import roadmap_tui.export.feeds as feeds_module

    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    _export(url, serial)
    monkeypatch.setattr(feeds_module, "PARALLEL_MIN_BODIES", 0)
    monkeypatch.setattr(feeds_module.os, "cpu_count", lambda: 2)
    report, _ = _export(url, parallel)
    assert len(report.written) == 15  # 12 feeds, feeds.json, index.html, public.html
    for path in serial.iterdir():
        assert (parallel / path.name).read_bytes() == path.read_bytes(), path.name


_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300) | st.sampled_from(
    ["", "\\N", "a\\Nb", "\r\n", "\r", "x\\", "^", "; , \\ \n", "Ёё « » — ", HOSTILE])


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_escaping_is_icalendars(text: str) -> None:
    from icalendar.prop import vText

    from roadmap_tui.export.ical_build import escape_text

    assert escape_text(text).encode() == vText(text).to_ical()


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1),
                    timezones=st.sampled_from([UTC, ZoneInfo("Asia/Tomsk")])))
def test_timestamps_are_icalendars(moment: datetime) -> None:
    from icalendar.prop import vDatetime

    from roadmap_tui.export.ical_build import utc_text
    from roadmap_tui.export.source import as_utc, utc_stamp

    expected = vDatetime(as_utc(moment)).to_ical().decode()
    assert utc_text(as_utc(moment)) == expected
    stored = moment.astimezone(UTC).replace(tzinfo=None)  # how SQLite holds it: naive UTC text
    for text in (str(stored.replace(microsecond=0)), stored.strftime("%Y-%m-%d %H:%M:%S.%f"), str(moment)):
        assert utc_stamp(text) == expected, text


@settings(max_examples=300, deadline=None)
@given(title=_TEXT, deadline=_TEXT, report=_TEXT, comment=_TEXT, number=st.sampled_from(["", "1", "2.3"]),
       late=st.booleans())
def test_description_made_line_by_line_is_the_whole_text_escaped(title: str, deadline: str, report: str,
                                                               comment: str, number: str, late: bool) -> None:
    """Item parts cleaned and escaped once, event lines added: the bytes of cleaning and escaping it all."""
    from roadmap_tui.export.clean import multiline, multiline_or_none
    from roadmap_tui.export.feed_events import assignment_component, item_text
    from roadmap_tui.export.ical_build import escape_text, fold
    from roadmap_tui.export.source import AssignmentRow, DocInfo, ItemInfo

    doc = DocInfo(1, "plan.txt", "12-п", "План", date(2024, 1, 9), "Приказ")
    item = ItemInfo(7, 1, "plan_row", number, 0, multiline(title), multiline_or_none(deadline),
                    multiline_or_none(report), 3, "ДО, ОО")
    row = AssignmentRow(5, 9, 7, "2024-03-01", date(2024, 2, 1), date(2024, 2, 20), date(2024, 3, 1),
                        "done" if late else "in_progress", date(2024, 3, 4) if late else None, comment or None, 2,
                        "20240110T030000Z")
    made = assignment_component(row, item_text(item, doc), "СОШ № 1", AS_OF).text
    word = "Выполнено с нарушением срока" if late else "Просрочено"
    whole = "\n".join([item.title, "", f"Документ: {doc.label}" + (f", пункт {number}" if number else ""),
                       f"Срок по документу: {item.deadline or '—'}", "Срок: 01.03.2024 (перенесён с 20.02.2024)",
                       "Период выполнения: 01.02.2024 – 01.03.2024", f"Форма отчёта: {item.report_form or '—'}",
                       "Ответственные: ДО, ОО", f"Статус: {word}" + (" (04.03.2024)" if late else "")]
                      + ([f"Последний комментарий: {comment}"] if comment else []))
    assert fold("DESCRIPTION:" + escape_text(multiline(whole))) + b"\r\n" in made

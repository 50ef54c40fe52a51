"""Digests people act on: grouped overdue work, today's completions, contacts, private links, head's figures.

Files are read back with the e-mail package (.eml) and html.parser (HTML).
"""

from __future__ import annotations

import email
import sqlite3
from datetime import UTC, date, datetime
from email.policy import default
from html.parser import HTMLParser
from pathlib import Path

import pytest

from roadmap_tui.export.config import ExportConfig
from roadmap_tui.export.digest.produce import produce_digests
from roadmap_tui.model.db import lean, make_engine, unit_of_work
from roadmap_tui.model.statuses import Status
from roadmap_tui.tracking.status import StatusUpdate, change_status

from test_export_data import assignment_ids, make_db

LATER = date(2024, 3, 25)  # a Monday: item 3's 15.03 and 20.03 are both missed by every school
LONG_FORM = "Аналитическая справка о результатах мониторинга " * 4


class Page(HTMLParser):
    """What an HTML parser finds: links, tags seen, styles, text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.unstyled: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag in ("h1", "h2", "p", "th", "td") and not found.get("style"):
            self.unstyled.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = make_db(tmp_path / "db.sqlite")
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as c:
        c.execute("UPDATE item SET person = 'Петрова А.А.', report_form = ? WHERE number = '3'", (LONG_FORM,))
    engine = make_engine(url)
    with unit_of_work(engine) as s:  # СОШ № 1 finishes item 1 today, with the report's reference
        first = assignment_ids(url, "СОШ № 1")[0]
        change_status(lean(s), first, StatusUpdate(Status.DONE, completed_on=LATER, report_received=True,
                                             report_ref="исх. № 15 от 25.03.2024"),
                      by="тест", today=LATER, now=datetime(2024, 3, 25, 3, 0, tzinfo=UTC))
    engine.dispose()
    return url


def _config() -> ExportConfig:
    return ExportConfig(base_url="https://roadmap.example.ru/feeds", coordinator="Иванова И.И., ivanova@example.ru")


def _token(url: str, body_code: str) -> str:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as c:
        return str(c.execute("SELECT t.token FROM access_token t JOIN body b ON t.scope = 'body:' || b.id"
                             " WHERE b.code = ?", (body_code,)).fetchone()[0])


def test_school_digest_groups_recurring_work_and_counts_today(url: str, tmp_path: Path) -> None:
    report = produce_digests(url, LATER, out_dir=tmp_path, config=_config(), body="СОШ № 1", kind="eml")
    msg = email.message_from_bytes(report.files[0].read_bytes(), policy=default)
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    # Item 3 missed twice: one line, its count, the oldest and the latest missed date.
    assert plain.count("Мониторинг функциональной грамотности") == 2  # the table row and the full form
    assert "Пропущено: 2 срока; Самый ранний срок: 15.03.2024; Последний срок: 20.03.2024" in plain
    assert "Просрочено на: 10 дней" in plain
    assert "Просрочено: 1 мероприятие (2 срока)" in plain
    # Completed today is this week's work, with the report's reference.
    assert "Выполнено на этой неделе (по сегодняшний день): 1" in plain
    assert "Выполнено: 25.03.2024" in plain and "Отчёт: исх. № 15 от 25.03.2024" in plain
    # The report form is cut in the table and given whole once at the end.
    assert "Формы отчётов полностью" in plain and LONG_FORM.strip() in plain
    assert "Форма отчёта: Аналитическая справка о результатах мониторинга Аналитическая справка о…" in plain
    assert "Ответственное лицо: Петрова А.А." in plain
    assert "Вопросы по срокам и отчётам: Иванова И.И., ivanova@example.ru." in plain
    calendar = f"https://roadmap.example.ru/feeds/{_token(url, 'СОШ № 1')}/body-sosh-1.ics"
    assert calendar in plain
    page = _parse(html)
    assert calendar in page.links
    assert "style" not in page.tags and not page.unstyled  # every style inline: mail clients drop <style>
    assert "Мониторинг функциональной грамотности" in "".join(page.text)


def test_head_summary_figures_chart_and_trend(url: str, tmp_path: Path) -> None:
    produce_digests(url, LATER, out_dir=tmp_path, config=_config(), kind="txt")
    text = (tmp_path / "digest-2024-03-25-svodka.txt").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("  • Ответственный: ")]
    names = [r.split(";")[0].removeprefix("  • Ответственный: ") for r in rows]
    overdue = [int(r.split("Просрочено: ")[1].split(";")[0]) for r in rows[:-1]]
    assert overdue == sorted(overdue, reverse=True) and names[-1] == "Итого"  # by arrears, then the totals
    assert int(rows[-1].split("Просрочено: ")[1].split(";")[0]) == sum(overdue)
    assert "Выполнено в срок:" in rows[0] and "С нарушением срока:" in rows[0] and "% выполнено:" in rows[0]
    assert "За неделю: просрочено; % выполнено: +" in rows[-1]  # item 3's 20.03 became overdue since 18.03
    assert "неделю назад" in text and "Выполнено по школам, %" in text
    assert text.index("Выполнено по школам") < text.index("По ответственным")  # the picture first
    bars = [line for line in text.splitlines() if "█" in line or "░" in line]
    assert len(bars) == 3 and all(b.count("█") + b.count("░") == 20 for b in bars)  # a bar per school
    assert "По документам" in text and "Документ: Приказ № 12-п от 09.01.2024" in text
    html = produce_digests(url, LATER, out_dir=tmp_path / "h", config=_config(), kind="html")
    page = _parse((tmp_path / "h" / "digest-2024-03-25-svodka.html").read_text(encoding="utf-8"))
    assert "svg" not in page.tags and "img" not in page.tags  # the chart is table cells
    assert "Итого" in page.text and not page.unstyled
    assert len(html.files) == 6 and (tmp_path / "h" / "latest-sosh-1.html").is_file()


def test_done_late_and_on_time_are_counted_as_of_the_day(url: str, tmp_path: Path) -> None:
    from roadmap_tui.export.source import open_source
    from roadmap_tui.export.summary import figures

    with open_source(url) as src:
        now = figures(src, LATER)
        week_ago = figures(src, date(2024, 3, 18))
    with sqlite3.connect(url.removeprefix("sqlite:///")) as c:
        school1 = c.execute("SELECT id FROM body WHERE code = 'СОШ № 1'").fetchone()[0]
    assert (now[school1].late, now[school1].overdue) == (1, 2)  # item 1 done 25.03 for 01.03; item 3 twice
    assert (week_ago[school1].late, week_ago[school1].overdue) == (0, 2)  # not yet done on 18.03

"""Weekly digests: content, determinism, files, and real delivery to an SMTP server on loopback."""

from __future__ import annotations

import email
import re
from datetime import UTC, date, datetime
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from roadmap_tui.export.config import ExportConfig, SmtpConfig
from roadmap_tui.export.digest.data import Week
from roadmap_tui.export.digest.produce import produce_digests
from roadmap_tui.model.statuses import Status

from netutil import free_port
from test_export_data import AS_OF, HOSTILE, assignment_ids, make_digest_db, set_status


class _Inbox:
    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001, ANN201
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture
def url(tmp_path: Path) -> str:
    return make_digest_db(tmp_path / "db.sqlite")


def test_week_is_monday_to_sunday() -> None:
    week = Week(date(2024, 3, 17))
    assert (week.monday, week.sunday) == (date(2024, 3, 11), date(2024, 3, 17))
    assert week.label == "неделя 11.03.2024 – 17.03.2024"


def test_body_digest_sections(url: str, tmp_path: Path) -> None:
    out = tmp_path / "d"
    report = produce_digests(url, AS_OF, out_dir=out, config=ExportConfig(), body="СОШ № 2", kind="md")
    assert [p.name for p in report.files] == ["digest-2024-03-13-sosh-2.md"]
    text = report.files[0].read_text(encoding="utf-8")
    assert "## Выполнено на этой неделе (по сегодняшний день): 1" in text and "| 11.03.2024 | 01.03.2024 |" in text
    assert "## Срок в ближайшие 7 дней: 1" in text and "15.03.2024" in text
    assert "20.03.2024" not in text  # beyond the next 7 days
    assert "Просрочено" not in text.split("##")[1]  # its only overdue item is done


def test_head_digest_and_determinism(url: str, tmp_path: Path) -> None:
    a = produce_digests(url, AS_OF, out_dir=tmp_path / "a", config=ExportConfig(), kind="html")
    b = produce_digests(url, AS_OF, out_dir=tmp_path / "b", config=ExportConfig(), kind="html")
    assert [p.name for p in a.files] == [p.name for p in b.files]
    for x, y in zip(a.files, b.files, strict=True):
        assert x.read_bytes() == y.read_bytes()
    head = (tmp_path / "a" / "digest-2024-03-13-svodka.html").read_text(encoding="utf-8")
    assert "Дорожные карты: сводка для руководителя" in head and "Дольше всего просрочено" in head
    assert "12 дней" in head and "&laquo;" not in head and "«ёлочки»" in head
    assert "&quot;кавычки&quot;" in head  # user text is escaped
    again = produce_digests(url, AS_OF, out_dir=tmp_path / "a", config=ExportConfig(), kind="html")
    assert again.written == 0


def test_eml_has_text_and_html_parts(url: str, tmp_path: Path) -> None:
    report = produce_digests(url, AS_OF, out_dir=tmp_path, config=ExportConfig(), body="ДО", kind="eml")
    msg = email.message_from_bytes(report.files[0].read_bytes(), policy=default)
    assert msg["To"] == "do@example.ru" and "ДО" in msg["Subject"]
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert HOSTILE.replace("\n", " ") in plain and "Итоговое совещание" in html


def test_send_delivers_to_real_smtp_server(url: str, tmp_path: Path, smtp) -> None:
    controller, inbox = smtp
    config = ExportConfig(smtp=SmtpConfig(host="127.0.0.1", port=controller.port, sender="roadmap@example.ru"))
    report = produce_digests(url, AS_OF, out_dir=tmp_path, config=config, kind="eml", send=True,
                             head_to="head@example.ru")
    assert report.without_address == ["Лицей"]
    got = {tuple(e.rcpt_tos): e for e in inbox.envelopes}
    assert set(got) == {("do@example.ru",), ("imc@example.ru",), ("school1@example.ru",),
                        ("school2@example.ru",), ("head@example.ru",)}
    envelope = got[("school1@example.ru",)]
    assert envelope.mail_from == "roadmap@example.ru"
    msg = email.message_from_bytes(envelope.original_content, policy=default)
    assert msg["Subject"] == "Дорожные карты: СОШ № 1 — неделя 11.03.2024 – 17.03.2024"
    assert msg.get_content_type() == "multipart/alternative"
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "«ёлочки»" in plain and "Ёё" in plain and "Мониторинг функциональной грамотности" in html
    head = email.message_from_bytes(got[("head@example.ru",)].original_content, policy=default)
    assert "По ответственным" in head.get_body(("plain",)).get_content()


def test_cli_digest_send(url: str, tmp_path: Path, smtp, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    controller, inbox = smtp
    monkeypatch.setenv("ROADMAP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ROADMAP_MAIL_FROM", "robot@example.ru")
    result = cli("--db", url.removeprefix("sqlite:///"), "digest", "--as-of", "13.03.2024", "--body", "ИМЦ",
                 "--format", "txt", "--out", tmp_path, "--send", "--smtp-port", str(controller.port))
    assert result.code == 0, result.err
    assert "Отправлено писем: 1." in result.out
    assert [e.rcpt_tos for e in inbox.envelopes] == [["imc@example.ru"]]
    assert (tmp_path / "digest-2024-03-13-imts.txt").read_text(encoding="utf-8").startswith("ДОРОЖНЫЕ КАРТЫ: ИМЦ")
    bad = cli("--db", url.removeprefix("sqlite:///"), "digest", "--body", "НЕТ-ТАКОГО", "--out", tmp_path)
    assert bad.code == 2 and "Неизвестный ответственный" in bad.err


def test_send_failure_is_a_russian_error(url: str, tmp_path: Path) -> None:
    from roadmap_tui.errors import BadInput

    config = ExportConfig(smtp=SmtpConfig(host="127.0.0.1", port=free_port()))
    with pytest.raises(BadInput, match="не отвечает.*Ни одно письмо не отправлено"):
        produce_digests(url, AS_OF, out_dir=tmp_path, config=config, body="ДО", send=True)


def test_last_comment_is_shown_where_present(url: str, tmp_path: Path) -> None:
    _undated, first, later = assignment_ids(url, "ДО")  # due 01.03 and 05.03, both overdue
    when = datetime(2024, 3, 12, 4, 0, tzinfo=UTC)
    set_status(url, first, Status.IN_PROGRESS, when=when, comment="Ждём данные | сверка\n«срочно» <b>")
    set_status(url, first, Status.PLANNED, when=when)  # no comment: the last one stays
    set_status(url, later, Status.IN_PROGRESS, when=when, comment="очень длинное пояснение " * 20)
    md = produce_digests(url, AS_OF, out_dir=tmp_path, config=ExportConfig(), body="ДО").files[0]
    text = md.read_text(encoding="utf-8")
    overdue_table, undated = text.split("## Ждут назначения даты")
    assert ("| Мероприятие | Пропущено | Самый ранний срок | Последний срок | Просрочено на | Форма отчёта | Статус "
            "| Комментарий |") in overdue_table
    assert "| Ждём данные \\| сверка «срочно» <b> |" in overdue_table  # one line, pipe escaped
    long_cell = re.search(r"\| (очень длинное[^|]*) \|", overdue_table)
    assert long_cell and long_cell[1].endswith(" очень…") and len(long_cell[1]) <= 201
    assert "Комментарий" not in undated  # no comments there: no column
    html = produce_digests(url, AS_OF, out_dir=tmp_path / "h", config=ExportConfig(), kind="html")
    head = (tmp_path / "h" / "digest-2024-03-13-svodka.html").read_text(encoding="utf-8")
    longest = head.split("Дольше всего просрочено")[1].split("</table>")[0]
    assert ">Комментарий</th>" in longest and "Ждём данные | сверка «срочно» &lt;b&gt;" in longest
    assert ">—</td>" in longest  # schools' overdue rows have none
    school = (tmp_path / "h" / "digest-2024-03-13-sosh-1.html").read_text(encoding="utf-8")
    assert "Комментарий" not in school
    txt = produce_digests(url, AS_OF, out_dir=tmp_path / "t", config=ExportConfig(), body="ДО", kind="txt")
    assert "Комментарий: Ждём данные | сверка «срочно» <b>" in txt.files[0].read_text(encoding="utf-8")
    again = produce_digests(url, AS_OF, out_dir=tmp_path / "h", config=ExportConfig(), kind="html")
    assert again.written == 0 and len(html.files) == len(again.files)


def test_digests_made_by_worker_processes_are_the_same(url: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import roadmap_tui.export.digest.produce as produce

    serial = produce_digests(url, AS_OF, out_dir=tmp_path / "serial", config=ExportConfig(), kind="eml")
    monkeypatch.setattr(produce, "PARALLEL_MIN_BODIES", 0)
    monkeypatch.setattr(produce.os, "cpu_count", lambda: 2)
    parallel = produce_digests(url, AS_OF, out_dir=tmp_path / "parallel", config=ExportConfig(), kind="eml")
    assert [p.name for p in parallel.files] == [p.name for p in serial.files] and len(serial.files) == 6
    for path in (tmp_path / "serial").iterdir():
        assert (tmp_path / "parallel" / path.name).read_bytes() == path.read_bytes(), path.name

"""Digest delivery over encrypted, authenticated SMTP: real aiosmtpd servers on loopback.

A throwaway CA and a server certificate for 127.0.0.1 are made with `openssl`
for the session; the client trusts them only through ROADMAP_SMTP_CAFILE.
"""

from __future__ import annotations

import email
import shutil
import ssl
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from roadmap_tui.errors import BadInput
from roadmap_tui.export.config import ExportConfig, SmtpConfig, config_from_env
from roadmap_tui.export.digest.produce import produce_digests

from netutil import free_port
from test_export_data import AS_OF, HOSTILE, make_digest_db

LOGIN, PASSWORD = "robot", "пароль-42"
ALL = {("do@example.ru",), ("imc@example.ru",), ("school1@example.ru",), ("school2@example.ru",),
       ("head@example.ru",)}

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl to make a test CA")


@dataclass(frozen=True)
class Pki:
    ca: Path  # what the client trusts
    cert: Path  # the server's certificate (signed by ca) and key
    key: Path
    stranger: Path  # another CA that did not sign it


def _openssl(*args: str | Path) -> None:
    subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)


def _make_ca(folder: Path, name: str) -> tuple[Path, Path]:
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
             "-keyout", key, "-out", cert,
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return cert, key


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    ca, ca_key = _make_ca(folder, "Test Roadmap CA")
    stranger, _ = _make_ca(folder, "Stranger CA")
    key, csr, cert = folder / "server.key", folder / "server.csr", folder / "server.pem"
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", csr)
    ext = folder / "server.ext"
    ext.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
                   "basicConstraints=CA:FALSE\n", encoding="ascii")
    _openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
             "-out", cert, "-extfile", ext)
    return Pki(ca, cert, key, stranger)



class _Inbox:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.logins: list[str] = []
        self.reject_after: int | None = None  # refuse DATA once this many messages were accepted

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,  # noqa: N802
                          options: list[str]) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.reject_after is not None and len(self.envelopes) >= self.reject_after:
            return "554 5.7.1 Сообщение отклонено политикой"
        if session.authenticated:
            self.logins.append(session.auth_data)
        self.envelopes.append(envelope)
        return "250 OK"


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == LOGIN.encode()
          and auth_data.password == PASSWORD.encode())
    return AuthResult(success=ok, handled=False, auth_data=LOGIN if ok else None)


Server = Callable[..., tuple[Controller, _Inbox]]


@pytest.fixture
def server(pki: Pki) -> Iterator[Server]:
    """Start servers as asked (stopped at the end): 'starttls', 'ssl' or 'plain', all with AUTH."""
    started: list[Controller] = []

    def start(mode: str = "starttls") -> tuple[Controller, _Inbox]:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(pki.cert, pki.key)
        inbox = _Inbox()
        options: dict[str, Any] = {"authenticator": _authenticator}
        if mode == "starttls":
            options |= {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
        elif mode == "ssl":
            options |= {"ssl_context": context, "auth_require_tls": False}
        else:
            options |= {"auth_require_tls": False}
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **options)
        controller.start()
        started.append(controller)
        return controller, inbox

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def url(tmp_path: Path) -> str:
    return make_digest_db(tmp_path / "db.sqlite")


def _config(port: int, pki: Pki, **smtp: Any) -> ExportConfig:
    values: dict[str, Any] = {"host": "127.0.0.1", "port": port, "starttls": True, "cafile": str(pki.ca),
                              "user": LOGIN, "password": PASSWORD, "sender": "roadmap@example.ru"}
    return ExportConfig(smtp=SmtpConfig(**(values | smtp)))


def _send(url: str, out: Path, config: ExportConfig) -> Any:
    return produce_digests(url, AS_OF, out_dir=out, config=config, kind="eml", send=True,
                           head_to="head@example.ru")


def _parts(envelope: Any) -> tuple[EmailMessage, str, str]:
    msg = email.message_from_bytes(envelope.original_content, policy=default)
    assert isinstance(msg, EmailMessage)
    plain, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and html is not None
    return msg, plain.get_content(), html.get_content()


def _env(monkeypatch: pytest.MonkeyPatch, port: int, pki: Pki, **extra: str) -> None:
    values = {"ROADMAP_SMTP_HOST": "127.0.0.1", "ROADMAP_SMTP_PORT": str(port), "ROADMAP_SMTP_STARTTLS": "1",
              "ROADMAP_SMTP_CAFILE": str(pki.ca), "ROADMAP_SMTP_USER": LOGIN, "ROADMAP_SMTP_PASSWORD": PASSWORD,
              "ROADMAP_MAIL_FROM": "robot@example.ru", "ROADMAP_HEAD_MAIL": "head@example.ru"}
    for name, value in (values | extra).items():
        if value:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)


def _cli_send(cli: Any, url: str, out: Path) -> Any:
    return cli("--db", url.removeprefix("sqlite:///"), "digest", "--as-of", "13.03.2024", "--format", "eml",
               "--out", out, "--send")


def test_config_reads_tls_settings() -> None:
    config = config_from_env({"ROADMAP_SMTP_SSL": "да", "ROADMAP_SMTP_CAFILE": "/etc/ca.pem"})
    assert (config.smtp.ssl, config.smtp.port, config.smtp.cafile) == (True, 465, "/etc/ca.pem")
    plain = config_from_env({})
    assert (plain.smtp.ssl, plain.smtp.port, plain.smtp.cafile) == (False, 25, None)
    assert config.with_overrides(port=2465, cafile=None).smtp.port == 2465


def test_cli_sends_over_starttls_with_login(url: str, tmp_path: Path, pki: Pki, server: Server, cli: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    controller, inbox = server("starttls")
    _env(monkeypatch, controller.port, pki)
    result = _cli_send(cli, url, tmp_path)
    assert result.code == 0, result.err
    assert "Отправлено писем: 5." in result.out
    got = {tuple(e.rcpt_tos): e for e in inbox.envelopes}
    assert set(got) == ALL
    assert inbox.logins == [LOGIN] * 5  # every message went over the authenticated session
    msg, plain, html = _parts(got[("school1@example.ru",)])
    assert msg["Subject"] == "Дорожные карты: СОШ № 1 — неделя 11.03.2024 – 17.03.2024"
    assert msg.get_content_type() == "multipart/alternative"
    assert got[("school1@example.ru",)].mail_from == "robot@example.ru"
    assert "«ёлочки»" in plain and "Ёё" in plain and "Мониторинг функциональной грамотности" in html
    _, head_plain, head_html = _parts(got[("head@example.ru",)])
    assert HOSTILE.replace("\n", " ") in head_plain and "сводка для руководителя" in head_html
    # what arrived is exactly what the .eml file says
    eml = (tmp_path / "digest-2024-03-13-sosh-1.eml").read_bytes()
    assert _parts(got[("school1@example.ru",)])[1] == email.message_from_bytes(
        eml, policy=default).get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_implicit_tls(url: str, tmp_path: Path, pki: Pki, server: Server) -> None:
    controller, inbox = server("ssl")
    report = _send(url, tmp_path, _config(controller.port, pki, starttls=False, ssl=True))
    assert len(report.sent) == 5 and {tuple(e.rcpt_tos) for e in inbox.envelopes} == ALL
    assert inbox.logins == [LOGIN] * 5


def test_wrong_password_is_exit_2_and_nothing_sent(url: str, tmp_path: Path, pki: Pki, server: Server, cli: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    controller, inbox = server("starttls")
    _env(monkeypatch, controller.port, pki, ROADMAP_SMTP_PASSWORD="не-тот")
    result = _cli_send(cli, url, tmp_path)
    assert result.code == 2
    assert f"SMTP: сервер 127.0.0.1:{controller.port} отклонил вход пользователя «robot»" in result.err
    assert "535" in result.err and "ROADMAP_SMTP_PASSWORD" in result.err
    assert "Ни одно письмо не отправлено." in result.err
    assert "Traceback" not in result.err and "Отправлено писем" not in result.out
    assert "не-тот" not in result.err + result.out  # the password is never echoed
    assert inbox.envelopes == []
    with pytest.raises(BadInput, match="отклонил вход пользователя «robot» \\(535"):  # ASCII: smtplib's own login
        _send(url, tmp_path, _config(controller.port, pki, password="wrong"))
    assert inbox.envelopes == []


def test_unreachable_server_is_exit_2(url: str, tmp_path: Path, pki: Pki, cli: Any,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()  # nothing listens there
    _env(monkeypatch, port, pki)
    result = _cli_send(cli, url, tmp_path)
    assert result.code == 2
    assert f"SMTP: сервер 127.0.0.1:{port} не отвечает — соединение отклонено" in result.err
    assert "Ни одно письмо не отправлено." in result.err and "Traceback" not in result.err


def test_server_without_starttls_is_refused(url: str, tmp_path: Path, pki: Pki, server: Server, cli: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    controller, inbox = server("plain")  # offers AUTH in the clear, no STARTTLS
    _env(monkeypatch, controller.port, pki)
    result = _cli_send(cli, url, tmp_path)
    assert result.code == 2
    assert f"SMTP: сервер 127.0.0.1:{controller.port} не поддерживает STARTTLS" in result.err
    assert "Ни одно письмо не отправлено." in result.err
    assert inbox.envelopes == [] and inbox.logins == []


def test_untrusted_certificate_is_refused(url: str, tmp_path: Path, pki: Pki, server: Server) -> None:
    controller, inbox = server("starttls")
    with pytest.raises(BadInput, match="сертификат сервера .* не прошёл проверку.*ROADMAP_SMTP_CAFILE"):
        _send(url, tmp_path, _config(controller.port, pki, cafile=str(pki.stranger)))
    assert inbox.envelopes == []


def test_starttls_required_by_server_but_not_used(url: str, tmp_path: Path, pki: Pki, server: Server) -> None:
    controller, inbox = server("starttls")
    with pytest.raises(BadInput, match="не предлагает вход .* только после STARTTLS"):
        _send(url, tmp_path, _config(controller.port, pki, starttls=False))
    with pytest.raises(BadInput, match="требует вход или шифрование .*530"):
        _send(url, tmp_path, _config(controller.port, pki, starttls=False, user=None))
    assert inbox.envelopes == []


def test_failure_halfway_says_what_was_delivered(url: str, tmp_path: Path, pki: Pki, server: Server) -> None:
    controller, inbox = server("starttls")
    inbox.reject_after = 2
    with pytest.raises(BadInput) as caught:
        _send(url, tmp_path, _config(controller.port, pki))
    text = str(caught.value)
    assert "отказал (554" in text and "До ошибки отправлено 2 из 5: do@example.ru; imc@example.ru." in text
    assert [e.rcpt_tos for e in inbox.envelopes] == [["do@example.ru"], ["imc@example.ru"]]


def test_settings_mistakes_are_caught_before_connecting(url: str, tmp_path: Path, pki: Pki) -> None:
    port = free_port()
    with pytest.raises(BadInput, match="ROADMAP_SMTP_CAFILE: файл .* не найден"):
        _send(url, tmp_path, _config(port, pki, cafile=str(tmp_path / "нет.pem")))
    with pytest.raises(BadInput, match="не содержит сертификатов"):
        _send(url, tmp_path, _config(port, pki, cafile=str(pki.key.with_suffix(".ext"))))
    with pytest.raises(BadInput, match="и ROADMAP_SMTP_SSL, и STARTTLS"):
        _send(url, tmp_path, _config(port, pki, ssl=True))
    with pytest.raises(BadInput, match="неверное имя сервера «a..b»"):
        _send(url, tmp_path, _config(port, pki, host="a..b"))
    with pytest.raises(BadInput, match="пароль открытым текстом"):
        _send(url, tmp_path, _config(port, pki, host="mail.example.ru", starttls=False))


def test_partly_refused_recipients_are_reported(url: str, tmp_path: Path, pki: Pki, server: Server) -> None:
    controller, inbox = server("starttls")
    report = produce_digests(url, AS_OF, out_dir=tmp_path, config=_config(controller.port, pki), kind="eml",
                             send=True, head_to="head@example.ru, nobody@example.ru")
    assert len(report.sent) == 5 and ("head@example.ru, nobody@example.ru", report.sent[-1][1]) == report.sent[-1]
    assert report.refused == {"nobody@example.ru": "550 5.1.1 No such mailbox"}
    assert ["head@example.ru"] in [e.rcpt_tos for e in inbox.envelopes]

"""Private links: tokens are made once, kept across exports, rotated by a command; old links then stop."""

from __future__ import annotations

import http.client
import sqlite3
import threading
from pathlib import Path

from roadmap_tui.export.serve import make_server
from roadmap_tui.export.tokens import read_access

from conftest import CliRunner
from test_export_data import make_db


def _tokens(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as c:
        return dict(c.execute("SELECT scope, token FROM access_token"))


def _status(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_tokens_are_stable_unguessable_and_rotate(cli: CliRunner, tmp_path: Path) -> None:
    db = Path(make_db(tmp_path / "db.sqlite").removeprefix("sqlite:///"))
    out = tmp_path / "exports"
    first = cli("export", "ics", "--out", out, "--as-of", "13.03.2024", "--db", db)
    assert first.code == 0, first.err
    assert "Публичный адрес не настроен" in first.err  # no ROADMAP_BASE_URL: a clear warning
    assert "Публичный адрес не настроен" in (out / "index.html").read_text(encoding="utf-8")
    tokens = _tokens(db)
    assert len(tokens) == 7 and "head" in tokens  # six bodies and the head
    assert len(set(tokens.values())) == 7 and all(len(t) >= 32 for t in tokens.values())
    assert cli("export", "ics", "--out", out, "--as-of", "13.03.2024", "--db", db).code == 0
    assert _tokens(db) == tokens  # kept across exports

    server = make_server(out, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        slugs = set(read_access(out).bodies.values())
        old = next(t for t, s in read_access(out).bodies.items() if s == "imts")
        assert _status(port, f"/{old}/body-imts.ics") == 200
        rotated = cli("tokens", "rotate", "ИМЦ", "--db", db)
        assert rotated.code == 0 and "Новый ключ для «ИМЦ»" in rotated.out
        assert cli("export", "ics", "--out", out, "--as-of", "13.03.2024", "--db", db).code == 0
        new = _tokens(db)
        changed = [scope for scope in tokens if new[scope] != tokens[scope]]
        assert len(changed) == 1 and changed[0].startswith("body:")
        assert _status(port, f"/{old}/body-imts.ics") == 404  # the old link stops working
        assert _status(port, f"/{new[changed[0]]}/body-imts.ics") == 200
        assert set(read_access(out).bodies.values()) == slugs
    finally:
        server.shutdown()
        server.server_close()
    head = cli("tokens", "rotate", "руководитель", "--db", db)
    assert head.code == 0 and _tokens(db)["head"] != tokens["head"]
    bad = cli("tokens", "rotate", "НЕТ-ТАКОГО", "--db", db)
    assert bad.code == 2 and "Неизвестный ответственный" in bad.err and "Traceback" not in bad.err


def test_configured_base_url_gives_no_warning(cli: CliRunner, tmp_path: Path) -> None:
    db = Path(make_db(tmp_path / "db.sqlite").removeprefix("sqlite:///"))
    out = tmp_path / "exports"
    result = cli("export", "ics", "--out", out, "--as-of", "13.03.2024", "--db", db,
                 "--base-url", "https://roadmap.example.ru/feeds")
    assert result.code == 0 and "Публичный адрес" not in result.err
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Публичный адрес не настроен" not in html
    assert "Образовательные организации (3)" in html and 'id="q"' in html and "МАОУ «СОШ № 1»" in html
    assert "school:" not in html


def test_digest_links_open_with_the_bodys_token_only(tmp_path: Path) -> None:
    from roadmap_tui.export.config import ExportConfig
    from roadmap_tui.export.digest.produce import produce_digests
    from roadmap_tui.export.feeds import export_ics

    from test_export_data import AS_OF

    url = make_db(tmp_path / "db.sqlite")
    out = tmp_path / "exports"
    export_ics(url, out, AS_OF, ExportConfig())
    produce_digests(url, AS_OF, out_dir=out / "digests", config=ExportConfig(), kind="html")
    access = read_access(out)
    do = next(t for t, s in access.bodies.items() if s == "do")
    server = make_server(out, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        assert _status(port, f"/{do}/digests/latest-do.html") == 200  # the index's «последняя сводка»
        assert _status(port, f"/{do}/digests/digest-2024-03-13-do.html") == 200
        assert _status(port, f"/{do}/digests/digest-2024-03-13-svodka.html") == 404  # the head's is not theirs
        assert _status(port, f"/{do}/digests/latest-imts.html") == 404
        assert _status(port, f"/{access.head}/digests/digest-2024-03-13-svodka.html") == 200
        assert _status(port, "/digests/digest-2024-03-13-svodka.html") == 404
    finally:
        server.shutdown()
        server.server_close()

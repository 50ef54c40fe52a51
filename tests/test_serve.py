"""`roadmap serve`: private (tokened) URLs only, content types, ETag/Last-Modified/304, no listing, no traversal."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from roadmap_tui.export.config import ExportConfig
from roadmap_tui.export.feeds import export_ics
from roadmap_tui.export.serve import make_server
from roadmap_tui.export.tokens import read_access
from roadmap_tui.model.statuses import Status

from test_export_data import AS_OF, assignment_ids, make_db, set_status


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path, int, dict[str, str]]]:
    url = make_db(tmp_path / "db.sqlite")
    out = tmp_path / "exports"
    export_ics(url, out, AS_OF, ExportConfig())
    (out / "digests").mkdir()
    (out / "digests" / "digest-2024-03-13-do.md").write_text("# ДО\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("секрет", encoding="utf-8")
    server = make_server(out, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        access = read_access(out)
        tokens = {slug: token for token, slug in access.bodies.items()}
        tokens["head"] = access.head or ""
        yield url, out, server.server_address[1], tokens
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _get(port: int, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_feed_served_with_calendar_type_and_validators(site) -> None:
    _, out, port, tokens = site
    do, head = f"/{tokens['do']}", f"/{tokens['head']}"
    status, headers, body = _get(port, f"{do}/body-do.ics")
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert body == (out / "body-do.ics").read_bytes()
    assert headers["ETag"] and headers["Last-Modified"]
    status, again, body = _get(port, f"{do}/body-do.ics", {"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"") and again["ETag"] == headers["ETag"]
    status, _, _ = _get(port, f"{do}/body-do.ics", {"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304
    status, _, _ = _get(port, f"{do}/body-do.ics", {"If-None-Match": '"other"'})
    assert status == 200
    status, headers, body = _get(port, f"{head}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html") and "Календари".encode() in body
    status, headers, _ = _get(port, f"{head}/feeds.json", method="HEAD")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    status, headers, body = _get(port, f"{do}/digests/digest-2024-03-13-do.md")
    assert status == 200 and headers["Content-Type"] == "text/markdown; charset=utf-8"


def test_etag_holds_until_the_feed_changes(site) -> None:
    url, out, port, tokens = site
    head = tokens["head"]
    etags = {n: _get(port, f"/{head}/{n}")[1]["ETag"] for n in ("body-do.ics", "body-sosh-1.ics")}
    export_ics(url, out, AS_OF, ExportConfig())
    assert {n: _get(port, f"/{head}/{n}")[1]["ETag"] for n in etags} == etags
    set_status(url, assignment_ids(url, "СОШ № 1")[0], Status.IN_PROGRESS,
               when=datetime(2024, 3, 12, 9, 0, tzinfo=UTC))
    export_ics(url, out, AS_OF, ExportConfig())
    status, _, _ = _get(port, f"/{head}/body-sosh-1.ics", {"If-None-Match": etags["body-sosh-1.ics"]})
    assert status == 200
    status, _, _ = _get(port, f"/{head}/body-do.ics", {"If-None-Match": etags["body-do.ics"]})
    assert status == 304


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/digests/../../secret.txt",
    "/digests/%2e%2e/%2e%2e/secret.txt", "/.export-manifest.json", "/digests/", "/digests",
    "//etc/passwd", "/etc/passwd", "/%2Fetc%2Fpasswd", "/body-do.ics%00.html", "/..\\secret.txt",
    "/BODY-DO.ICS", "/nonexistent.ics", "/db.sqlite",
])
def test_traversal_and_listing_refused(site, path: str) -> None:
    _, _, port, tokens = site
    for prefix in ("", f"/{tokens['head']}", f"/{tokens['do']}"):
        status, _, body = _get(port, prefix + path)
        assert status == 404, prefix + path
        assert "секрет".encode() not in body


def test_other_methods_refused(site) -> None:
    _, _, port, tokens = site
    status, _, _ = _get(port, f"/{tokens['do']}/body-do.ics", method="PUT")
    assert status in (405, 501)


def test_url_without_its_token_is_not_found(site) -> None:
    _, out, port, tokens = site
    assert (out / "body-do.ics").is_file() and (out / "index.html").is_file()
    for path in ("/body-do.ics", "/", "/index.html", "/feeds.json", "/digests/digest-2024-03-13-do.md",
                 f"/{tokens['sosh-1']}/body-do.ics",  # another body's token
                 f"/{tokens['do']}/index.html",  # a body's token does not open the list of everyone's links
                 f"/{tokens['do']}x/body-do.ics", f"/{tokens['do'][:-1]}/body-do.ics"):
        assert _get(port, path)[0] == 404, path
    status, headers, _ = _get(port, f"/{tokens['sosh-1']}/tasks-sosh-1.ics")
    assert status == 200
    assert _get(port, f"/{tokens['sosh-1']}/tasks-sosh-1.ics", {"If-None-Match": headers["ETag"]})[0] == 304
    assert _get(port, f"/{tokens['head']}/body-do.ics")[0] == 200  # the head sees every feed


def test_public_index_only_when_configured(tmp_path: Path) -> None:
    url = make_db(tmp_path / "db.sqlite")
    out = tmp_path / "exports"
    export_ics(url, out, AS_OF, ExportConfig())
    server = make_server(out, "127.0.0.1", 0, quiet=True, public_index=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        status, _, page = _get(port, "/")
        assert status == 200 and "МАОУ «СОШ № 1»".encode() in page
        for token in [*read_access(out).bodies, str(read_access(out).head)]:
            assert token.encode() not in page  # the public list gives away no private link
        assert _get(port, "/index.html")[1].get("Content-Length") == str(len(page))
        assert _get(port, "/body-do.ics")[0] == 404  # feeds still need their token
    finally:
        server.shutdown()
        server.server_close()

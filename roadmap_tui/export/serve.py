"""`roadmap serve`: the export directory over HTTP, for calendar subscriptions — private links only.

Loopback by default. A request names `/<token>/<file>` or
`/<token>/digests/<file>`; the token must open that file (see
`export.tokens`: a body's token its own feeds and digests, the head's token
everything, the index included). Anything else — no token, someone else's
token, `..`, encoded slashes, dot-files, directories — is the same 404, so a
guessed URL learns nothing. `/` answers only when the server was started
as public (`--public-index`), and then with `public.html`: the list of
bodies without a single private link.

Responses carry ETag and Last-Modified from the file's size and mtime (which
the exporter keeps when a feed did not change); conditional requests get 304.
The file is opened once and its validators come from that open file, so a
feed replaced during a request is answered whole (old or new, never mixed).

Robustness: a threaded server with a real listen backlog; every connection
has a socket timeout, so idle or half-sent connections are closed instead of
holding a thread; clients that leave early are not errors and print nothing.
"""

from __future__ import annotations

import os
import socket
import sys
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from roadmap_tui.export.names import is_safe_name
from roadmap_tui.export.tokens import TOKEN_SHAPE, AccessMap, read_access

CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".eml": "message/rfc822",
}
ALLOWED_DIRS = ("", "digests")
INDEX_FILES = ("index.html", "feeds.json", "public.html")  # the coordinator's list of every private link
BACKLOG = 256
DEFAULT_TIMEOUT = 15.0  # seconds a connection may sit idle or half-sent


def _parts(raw_path: str) -> list[str] | None:
    path = unquote(urlsplit(raw_path).path)
    if not path.startswith("/") or "\\" in path or "\x00" in path:
        return None
    return path[1:].split("/")


def resolve(root: Path, raw_path: str, access: AccessMap | None = None, *, public_index: bool = False) -> Path | None:
    """The file a request path names, or None if it is not one this request may have."""
    parts = _parts(raw_path)
    if parts is None:
        return None
    if parts in ([""], ["index.html"]):
        return _file(root, ["public.html"]) if public_index else None  # the list without private links
    access = access if access is not None else read_access(root)
    token, rest = parts[0], parts[1:] or [""]
    if not TOKEN_SHAPE.match(token):
        return None
    if rest == [""]:
        rest = ["index.html"]
    if len(rest) > 2 or not is_safe_name(rest[-1]) or "/".join(rest[:-1]) not in ALLOWED_DIRS:
        return None
    if rest[-1] in INDEX_FILES and len(rest) == 1:
        allowed = access.is_head(token)
    else:
        allowed = access.allows(token, rest)
    return _file(root, rest) if allowed else None


def _file(root: Path, parts: list[str]) -> Path | None:
    if Path(parts[-1]).suffix not in CONTENT_TYPES:
        return None
    base = root.resolve()
    target = (base / "/".join(parts)).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target


class FeedHandler(BaseHTTPRequestHandler):
    root: Path = Path(".")
    server_version = "roadmap-serve/2"
    protocol_version = "HTTP/1.1"  # keep-alive for calendar clients; every answer has a Content-Length
    timeout = DEFAULT_TIMEOUT  # StreamRequestHandler sets it on the socket
    quiet = False
    public_index = False

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._respond(body=True)

    def _respond(self, body: bool) -> None:
        target = resolve(self.root, self.path, public_index=self.public_index)
        try:
            # Opened once: a feed renamed over this path now does not change what we send.
            handle = open(target, "rb") if target is not None else None  # noqa: SIM115
        except OSError:
            handle = None
        if target is None or handle is None:
            self._plain(HTTPStatus.NOT_FOUND, "Не найдено.\n", body)
            return
        with handle:
            stat = os.fstat(handle.fileno())
            etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
            modified = formatdate(stat.st_mtime, usegmt=True)
            if self._not_modified(etag, int(stat.st_mtime)):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
                self.end_headers()
                return
            data = handle.read()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", CONTENT_TYPES[target.suffix])
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Cache-Control", "private, max-age=900")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")  # the token must not leak via links
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return match.strip() == "*" or etag in [m.strip().removeprefix("W/") for m in match.split(",")]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(parsedate_to_datetime(since).timestamp()) >= mtime
            except (TypeError, ValueError):
                return False
        return False

    def _plain(self, status: HTTPStatus, text: str, body: bool) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self.close_connection = True
        self._plain(HTTPStatus(code), "Запрос не поддерживается.\n", self.command != "HEAD")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class FeedServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a real backlog and no tracebacks for clients that went away."""

    request_queue_size = BACKLOG
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError, socket.timeout)):
            return  # the client left or stalled: normal life for a public server
        sys.stderr.write(f"Ошибка при ответе {client_address[0]}: {error!r}\n")


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8080, *, quiet: bool = False,
                timeout: float = DEFAULT_TIMEOUT, public_index: bool = False) -> FeedServer:
    """A server for `root` (call serve_forever / shutdown); port 0 picks a free port."""
    handler = type("BoundFeedHandler", (FeedHandler,),
                   {"root": root, "quiet": quiet, "timeout": timeout, "public_index": public_index})
    return FeedServer((host, port), handler)

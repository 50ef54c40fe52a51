"""`roadmap serve`: the export directory over HTTP, for calendar subscriptions.

Loopback by default. Only files the exporter could have named are served
([a-z0-9.-], optionally under `digests/`); anything else — `..`, encoded
slashes, dot-files such as the manifest, directories — is a 404, so there is
neither path traversal nor a directory listing. Responses carry ETag and
Last-Modified from the file's size and mtime (which the exporter keeps when a
feed did not change), and conditional requests get 304 Not Modified.
"""

from __future__ import annotations

import sys
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from roadmap_tui.export.names import is_safe_name

CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".eml": "message/rfc822",
}
ALLOWED_DIRS = ("", "digests")


def resolve(root: Path, raw_path: str) -> Path | None:
    """The file a request path names, or None if it is not one we serve."""
    path = unquote(urlsplit(raw_path).path)
    if path in ("", "/"):
        path = "/index.html"
    if not path.startswith("/") or "\\" in path or "\x00" in path:
        return None
    parts = path[1:].split("/")
    if len(parts) > 2 or not is_safe_name(parts[-1]) or "/".join(parts[:-1]) not in ALLOWED_DIRS:
        return None
    if Path(parts[-1]).suffix not in CONTENT_TYPES:
        return None
    base = root.resolve()
    target = (base / "/".join(parts)).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target


class FeedHandler(BaseHTTPRequestHandler):
    root: Path = Path(".")
    server_version = "roadmap-serve/1"
    quiet = False

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._respond(body=True)

    def _respond(self, body: bool) -> None:
        target = resolve(self.root, self.path)
        if target is None:
            self._plain(HTTPStatus.NOT_FOUND, "Не найдено.\n", body)
            return
        stat = target.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        modified = formatdate(stat.st_mtime, usegmt=True)
        if self._not_modified(etag, int(stat.st_mtime)):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.end_headers()
            return
        data = target.read_bytes()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", CONTENT_TYPES[target.suffix])
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Cache-Control", "public, max-age=900")
        self.send_header("X-Content-Type-Options", "nosniff")
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
        self._plain(HTTPStatus(code), "Запрос не поддерживается.\n", self.command != "HEAD")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8080, *, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for `root` (call serve_forever / shutdown); port 0 picks a free port."""
    handler = type("BoundFeedHandler", (FeedHandler,), {"root": root, "quiet": quiet})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server

"""Atomic, change-only writes and the export manifest.

A feed is written to a temporary file in the same directory and renamed over
the old one, so a subscriber never downloads half a feed. If the new bytes
equal the old ones (compared with the file, which costs less than hashing
three gigabytes on every full export) the file is not touched: its mtime, and with it the server's ETag and
Last-Modified, stay put and HTTP caches keep working.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

MANIFEST = ".export-manifest.json"
FORMAT = 1


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename (temp file in the same directory)."""
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)  # no fsync: feeds are rebuilt from the database, readers see old or new
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write unless the file already holds exactly these bytes; return whether it was written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def write_parts_if_changed(path: Path, parts: Iterable[bytes]) -> bool:
    """`write_if_changed` for bytes made piece by piece, so a feed of a hundred megabytes is never held
    whole: each piece goes to the temporary file and is compared with the old file on the way."""
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as handle, _old(path) as old:
            same = old is not None
            for part in parts:
                handle.write(part)
                same = same and old is not None and old.read(len(part)) == part
            same = same and old is not None and old.read(1) == b""
        if same:
            os.unlink(tmp)
            return False
        os.replace(tmp, path)
        return True
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _temporary(path: Path) -> tuple[int, str]:
    """A new file beside `path`, named for it and this process (no two processes write one file;
    a random name from `tempfile` cost a full export a second)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = str(path.parent / f".tmp-{os.getpid()}-{path.name}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.fchmod(fd, 0o644)  # whatever the umask: the server and the subscribers read these files
    return fd, tmp


@contextmanager
def _old(path: Path) -> Iterator[BinaryIO | None]:
    try:
        handle = path.open("rb")
    except OSError:
        yield None
        return
    with handle:
        yield handle


def load_manifest(out_dir: Path) -> dict[str, Any]:
    """The last export's watermarks and hashes ({} if absent, unreadable or stale)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def save_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    manifest = {**manifest, "format": FORMAT}
    data = json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    write_if_changed(out_dir / MANIFEST, data)

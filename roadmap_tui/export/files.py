"""Atomic, change-only writes and the export manifest.

A feed is written to a temporary file in the same directory and renamed over
the old one, so a subscriber never downloads half a feed. If the new bytes
equal the old ones (by SHA-256 kept in the manifest, confirmed on disk) the
file is not touched: its mtime, and with it the server's ETag and
Last-Modified, stay put and HTTP caches keep working.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

MANIFEST = ".export-manifest.json"
FORMAT = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename (temp file in the same directory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)  # no fsync: feeds are rebuilt from the database, readers see old or new
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes, known_hash: str | None) -> tuple[bool, str]:
    """Write unless the file already holds these bytes; return (written, hash)."""
    digest = sha256(data)
    if known_hash == digest and path.is_file() and path.stat().st_size == len(data):
        return False, digest
    if known_hash is None and path.is_file() and path.stat().st_size == len(data):
        if sha256(path.read_bytes()) == digest:
            return False, digest
    write_atomic(path, data)
    return True, digest


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
    write_if_changed(out_dir / MANIFEST, data, None)

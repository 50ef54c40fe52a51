"""The digests rendered to PNG by a real headless browser (Chromium), and the pictures checked."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from roadmap_tui.export.screenshots import HEAD_HEIGHT, HEIGHT, WIDTH, find_browser, main

from test_export_data import make_digest_db

pytestmark = pytest.mark.skipif(find_browser() is None, reason="нет chromium (apt-get install chromium)")


def _png(path: Path) -> tuple[int, int, bytes]:
    """Width, height and the inflated pixel rows of a PNG (read by hand: no imaging library here)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + size
    return width, height, zlib.decompress(idat)


def test_screenshots_of_a_school_digest_and_the_head_summary(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    url = make_digest_db(tmp_path / "db.sqlite")
    code = main(["--db", url, "--as-of", "13.03.2024", "--out", str(tmp_path / "png")])
    assert code == 0
    out = capsys.readouterr().out
    assert "digest-school.png" in out and "sosh" in out  # the school with the most overdue work
    for name, height in (("digest-school.png", HEIGHT), ("digest-head.png", HEAD_HEIGHT)):
        width, got_height, pixels = _png(tmp_path / "png" / name)
        assert (width, got_height) == (WIDTH, height)
        dark = sum(1 for b in pixels[: len(pixels) // 4] if b < 128)
        assert dark > 1000, name  # text and table lines were drawn, not a blank page


def test_screenshots_refuse_an_unknown_body_in_russian(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    url = make_digest_db(tmp_path / "db.sqlite")
    assert main(["--db", url, "--out", str(tmp_path), "--body", "НЕТ"]) == 2
    assert "Неизвестный ответственный" in capsys.readouterr().err

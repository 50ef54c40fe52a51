"""Reading the files people hand us (documents, registries), failing in Russian.

One place turns "missing", "a folder", "no permission" into a message the
coordinator can act on; callers only decide how to decode the bytes.
"""

from __future__ import annotations

from pathlib import Path

from roadmap_tui.errors import BadInput, NotFound


def read_input(path: Path) -> bytes:
    """The file's bytes; NotFound/BadInput with a Russian message otherwise."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"Файл не найден: {path}") from None
    except IsADirectoryError:
        raise BadInput(f"{path} — папка, а не файл.") from None
    except OSError as error:
        raise BadInput(f"Не удалось прочитать {path}: {error.strerror}") from None

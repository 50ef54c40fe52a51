"""Reading the files people hand us (documents, registries), failing in Russian.

One place turns "missing", "a folder", "no permission" into a message the
coordinator can act on; callers only decide how to decode the bytes. Only
regular files are read, and only up to a size limit: a FIFO left in an
import folder would block forever and a link to /dev/zero would never end.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from roadmap_tui.errors import BadInput, NotFound

#: Far above any roadmap, order or registry (the largest real .docx is ~2 MB).
MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_input(path: Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The file's bytes; NotFound/BadInput with a Russian message otherwise."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked next.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise NotFound(f"Файл не найден: {path}") from None
    except IsADirectoryError:
        raise BadInput(f"{path} — папка, а не файл.") from None
    except OSError as error:
        raise BadInput(f"Не удалось прочитать {path}: {error.strerror}") from None
    with os.fdopen(fd, "rb") as stream:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise BadInput(f"{path} — папка, а не файл.")
        if not stat.S_ISREG(mode):
            raise BadInput(f"{path} — не обычный файл (канал, устройство или сокет); "
                           "загрузите сам документ.")
        os.set_blocking(fd, True)
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise BadInput(f"Не удалось прочитать {path}: {error.strerror}") from None
    if len(data) > limit:
        raise BadInput(f"{path} слишком большой (больше {limit // (1024 * 1024)} МБ); "
                       "это не похоже на документ или реестр.")
    return data

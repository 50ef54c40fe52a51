"""The coordinator's settings file: who they are, which database, mail settings.

`~/.config/roadmap_tui/config.toml` (or the file named by ROADMAP_CONFIG)
fills in what the environment leaves unset, so precedence is: command-line
flag, then environment variable, then this file. Reading it only sets
defaults of the ROADMAP_* variables the rest of the code already reads, so
there is one path for settings, not two.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

from roadmap_tui.errors import BadInput

#: TOML key (with table prefix) -> environment variable.
KEYS: dict[str, str] = {
    "user": "ROADMAP_USER",
    "db": "ROADMAP_DB",
    "base_url": "ROADMAP_BASE_URL",
    "alarms": "ROADMAP_ALARMS",
    "head_mail": "ROADMAP_HEAD_MAIL",
    "smtp.host": "ROADMAP_SMTP_HOST",
    "smtp.port": "ROADMAP_SMTP_PORT",
    "smtp.starttls": "ROADMAP_SMTP_STARTTLS",
    "smtp.ssl": "ROADMAP_SMTP_SSL",
    "smtp.cafile": "ROADMAP_SMTP_CAFILE",
    "smtp.user": "ROADMAP_SMTP_USER",
    "smtp.password": "ROADMAP_SMTP_PASSWORD",
    "smtp.from": "ROADMAP_MAIL_FROM",
}


def config_path(env: Mapping[str, str]) -> Path:
    if named := env.get("ROADMAP_CONFIG"):
        return Path(named).expanduser()
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "roadmap_tui" / "config.toml"


def apply_config_file(env: MutableMapping[str, str] | None = None) -> Path | None:
    """Fill unset ROADMAP_* variables from the settings file; return it if one was read."""
    env = os.environ if env is None else env
    path = config_path(env)
    import tomllib

    try:
        if not path.is_file():
            if "ROADMAP_CONFIG" in env:
                raise BadInput(f"Файл настроек не найден: {path}")
            return None
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise BadInput(f"Файл настроек {path} не читается: {error}") from None
    except OSError as error:
        # An unreadable settings folder (wrong owner, a broken mount) must not
        # stop every command: the flags and the environment still work.
        print(f"Внимание: файл настроек {path} недоступен ({error.strerror}); "
              "работаю без него.", file=sys.stderr)
        return None
    for key, value in _flatten(data).items():
        variable = KEYS.get(key)
        if variable is None:
            known = ", ".join(KEYS)
            raise BadInput(f"Файл настроек {path}: неизвестный параметр «{key}». Допустимо: {known}.")
        env.setdefault(variable, _text(value))
    return path


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)

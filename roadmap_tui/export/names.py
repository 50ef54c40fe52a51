"""Feed file names: readable ASCII from Russian names, never unsafe.

A school called «МБОУ "СОШ № 5"» gets `sosh-5.ics`-like names via
transliteration; only [a-z0-9-] survive, so no user text can reach the file
system as a path. Collisions are settled by a numeric suffix in a stable
order (by id), so a name never moves from one body to another between runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from unidecode import unidecode

_NOT_SAFE = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 48
SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{0,120}$")


def slug(text: str, fallback: str = "feed") -> str:
    """'ЦПК' -> 'tspk'; 'СОШ № 5' -> 'sosh-5'; never empty, never longer than MAX_SLUG."""
    ascii_text = unidecode((text or "").replace("№", " ")).lower()
    cleaned = _NOT_SAFE.sub("-", ascii_text).strip("-")[:MAX_SLUG].strip("-")
    return cleaned or fallback


def unique_slugs(pairs: Iterable[tuple[int, str]], prefix: str = "") -> dict[int, str]:
    """Map ids to distinct slugs; the lowest id keeps the plain slug, others get '-<id>'."""
    result: dict[int, str] = {}
    taken: set[str] = set()
    for key, text in sorted(pairs):
        name = prefix + slug(text)
        if name in taken:
            name = f"{name}-{key}"
        taken.add(name)
        result[key] = name
    return result


def is_safe_name(name: str) -> bool:
    """A file name we could have produced (used by the server to refuse anything else)."""
    return bool(SAFE_NAME.match(name)) and ".." not in name

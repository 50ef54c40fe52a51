"""Recognise responsible bodies by the names the registry knows.

The built-in patterns (`bodies.py`) know the Tomsk bodies of the seeds; a
municipality that registers its own ("Управление образования Тегульдетского
района", with aliases) must be recognised too, in any grammatical case the
document uses. A name matches when each of its words starts a word of the
text, in order, allowing the inflected ending ("Управлению" for "Управление").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")


def _words(text: str) -> list[str]:
    return [w.lower().replace("ё", "е") for w in _WORD.findall(text)]


def _stem(word: str) -> str:
    # Russian case endings are one or two letters; numbers must match whole.
    return word if word.isdigit() or len(word) <= 3 else word[: max(3, len(word) - 2)]


@dataclass(frozen=True)
class KnownName:
    code: str
    stems: tuple[str, ...]
    words: tuple[str, ...] = ()
    # Very short names ("ДО") are too vague to find inside a text; they still
    # match a text that is exactly that name (a mapping the coordinator made).
    exact_only: bool = False


def known_names(bodies: Iterable[tuple[str, Iterable[str]]]) -> list[KnownName]:
    """(code, names) pairs to matchable names."""
    found = []
    for code, names in bodies:
        for name in names:
            words = _words(name)
            if words:
                vague = len(words) == 1 and len(words[0]) < 4
                found.append(KnownName(code, tuple(_stem(w) for w in words), tuple(words), vague))
    # Longer names first, so "управление образования района" beats "управление".
    return sorted(found, key=lambda n: -len(n.stems))


def match_registry(text: str, names: list[KnownName]) -> list[str]:
    """Codes of the registered bodies named in `text`, in order of first appearance."""
    words = _words(text)
    hits: dict[str, int] = {}
    taken: set[int] = set()
    for name in names:
        if name.exact_only:
            continue
        position = _find(words, name.stems, taken)
        if position is not None and name.code not in hits:
            hits[name.code] = position
            taken.update(range(position, position + len(name.stems)))
    return sorted(hits, key=hits.__getitem__)


def _find(words: list[str], stems: tuple[str, ...], taken: set[int]) -> int | None:
    for start in range(len(words) - len(stems) + 1):
        span = range(start, start + len(stems))
        if taken.isdisjoint(span) and all(words[i].startswith(s) for i, s in zip(span, stems, strict=True)):
            return start
    return None


def exact_alias(text: str, names: list[KnownName]) -> list[str]:
    """Codes whose name (or alias) is exactly `text`, as printed: the coordinator's mappings."""
    words = tuple(_words(text))
    return list(dict.fromkeys(n.code for n in names if words and n.words == words))

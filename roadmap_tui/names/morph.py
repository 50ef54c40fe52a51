"""Russian morphology through pymorphy3, loaded once and only when text is matched.

The analyser loads its dictionaries on creation, so it is built on first use
(read commands never need it); the words of a document recur row after row,
so each word is analysed once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_CACHED_WORDS = 1 << 16
# pymorphy3's dictionary is Russian; a word in another script is taken as printed
# (and a code point without a Unicode name makes the analyser raise).
_RUSSIAN = re.compile(r"[а-яё]+(?:-[а-яё]+)*")


@lru_cache(maxsize=1)
def analyzer() -> Any:
    """The pymorphy3 analyser, built on first use."""
    import pymorphy3  # local import: loading the dictionaries is paid only when needed

    return pymorphy3.MorphAnalyzer()


def parses(word: str) -> tuple[Any, ...]:
    """Every analysis pymorphy3 gives a Russian word, most likely first (none for other words)."""
    return _parses(word.lower())


@lru_cache(maxsize=_CACHED_WORDS)
def _parses(word: str) -> tuple[Any, ...]:
    return tuple(analyzer().parse(word)) if _RUSSIAN.fullmatch(word) else ()


def lemmas(word: str) -> frozenset[str]:
    """The normal forms a word can have ("карьеры": карьер, карьера), "ё" read as "е"."""
    return _lemmas(word.lower())


@lru_cache(maxsize=_CACHED_WORDS)
def _lemmas(word: str) -> frozenset[str]:
    # Every analysis counts, not only the likeliest: "карьеры" is also the plural of
    # "карьер", and a name must not depend on which reading pymorphy3 ranks first.
    found = frozenset(str(p.normal_form).replace("ё", "е") for p in _parses(word))
    return found or frozenset({word.replace("ё", "е")})


def forms(word: str) -> frozenset[str]:
    """Every form of every word `word` can be ("центр": центра, центрам, …), "ё" read as "е"."""
    return _forms(word.lower())


@lru_cache(maxsize=_CACHED_WORDS)
def _forms(word: str) -> frozenset[str]:
    found = {str(form.word) for p in _parses(word) for form in p.lexeme}
    return frozenset(w.replace("ё", "е") for w in found | {word})

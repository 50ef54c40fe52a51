"""Printed text matched to body names by the normal forms of its words.

A name ("Центр планирования карьеры") is a sequence of terms. A word matches
any form of itself ("Центру планирования карьеры", "центров"), because both
sides are reduced to pymorphy3's normal forms; an abbreviation ("ИМЦ", "ДОО
ТО") or a number matches only as printed, case included, so the preposition
"до" is never the department "ДО". Where names overlap the longest wins:
"заместителя начальника департамента образования" is the deputy, not the
department inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from .morph import forms, lemmas

_WORD = re.compile(r"\d+|[^\W\d_]+")
#: A short name this short ("ДО") is too vague to look for inside a text (it
#: is also "МАОУ ДО", further education); it names the body only as the whole
#: executor. An alias is always looked for: listing it says it is safe.
_VAGUE_LETTERS = 3


class NamedBody(Protocol):
    """A registry row: the bundled CSV's or the database's."""

    @property
    def code(self) -> str: ...
    @property
    def short_name(self) -> str: ...
    @property
    def full_name(self) -> str: ...
    @property
    def aliases(self) -> str: ...


@dataclass(frozen=True)
class Term:
    """One word of a name: an abbreviation or number as printed, else any form of a word."""

    word: str  # as printed when exact, else lower-cased
    exact: bool
    normal_forms: frozenset[str] = frozenset()

    def fits(self, word: str) -> bool:
        if self.exact:
            return word == self.word
        return not word.isdigit() and not self.normal_forms.isdisjoint(lemmas(word))

    def keys(self) -> list[tuple[str, str]]:
        """Where the name is indexed: its first word as printed, or each form of it.

        The forms (pymorphy3's paradigms) only spare analysing every word of a
        text; a word found by them must still share a normal form with the term.
        """
        if self.exact:
            return [("=", self.word)]
        return [("~", form) for form in forms(self.word)]


@dataclass(frozen=True)
class Name:
    code: str
    terms: tuple[Term, ...]
    whole_only: bool
    order: int


@dataclass(frozen=True)
class Span:
    """Where a text names a body: character offsets and the codes that name belongs to."""

    start: int
    end: int
    codes: tuple[str, ...]


def _words(text: str) -> list[re.Match[str]]:
    # Hyphens, dots and quotes separate words: "Хобби-центра", "г.Томска", "«ОМУ»".
    return list(_WORD.finditer(text))


def _term(word: str) -> Term:
    if word.isdigit() or (len(word) > 1 and word.isupper()):
        return Term(word, exact=True)
    return Term(word.lower(), exact=False, normal_forms=lemmas(word))


class BodyNames:
    """The names of a set of bodies, ready to be found in text."""

    def __init__(self, entries: Iterable[tuple[str, str, bool]]) -> None:
        """`entries`: (code, name as printed, whether it counts only as the whole text)."""
        self._anywhere: dict[tuple[str, str], list[Name]] = {}
        self._whole: dict[tuple[str, str], list[Name]] = {}
        # One name per body and wording; listed as an alias too, it is found anywhere.
        whole_only_of: dict[tuple[str, tuple[Term, ...]], bool] = {}
        for code, printed, whole_only in entries:
            terms = tuple(_term(m.group()) for m in _words(printed))
            if terms:
                whole_only_of[code, terms] = whole_only_of.get((code, terms), True) and whole_only
        for order, ((code, terms), whole_only) in enumerate(whole_only_of.items()):
            name = Name(code, terms, whole_only, order)
            for first in terms[0].keys():
                self._whole.setdefault(first, []).append(name)
                if not whole_only:
                    self._anywhere.setdefault(first, []).append(name)

    @classmethod
    def of_bodies(cls, bodies: Iterable[NamedBody]) -> BodyNames:
        """Every body's short name, full name and aliases (``|``-separated)."""
        return cls(_entries(bodies))

    @classmethod
    def of_names(cls, bodies: Iterable[tuple[str, Iterable[str]]]) -> BodyNames:
        """(code, names) pairs; as with short names, a very short one counts only as the whole text."""
        return cls((code, name, _vague(name)) for code, names in bodies for name in names)

    def spans(self, text: str) -> list[Span]:
        """Where `text` names bodies, in text order, overlaps resolved (longest wins)."""
        words = _words(text)
        hits: dict[tuple[int, int], list[str]] = {}
        for i, word in enumerate(words):
            for name in self._candidates(self._anywhere, word.group()):
                j = i + len(name.terms)
                if j <= len(words) and _fit(name.terms[1:], words[i + 1:j]):
                    codes = hits.setdefault((i, j), [])
                    if name.code not in codes:
                        codes.append(name.code)

        def size(span: tuple[int, int]) -> tuple[int, int, int]:
            i, j = span
            return -(j - i), -(words[j - 1].end() - words[i].start()), i

        taken: set[int] = set()
        chosen = []
        for i, j in sorted(hits, key=size):
            if taken.isdisjoint(range(i, j)):
                taken.update(range(i, j))
                chosen.append(Span(words[i].start(), words[j - 1].end(), tuple(hits[i, j])))
        return sorted(chosen, key=lambda s: s.start)

    def whole(self, text: str) -> list[str]:
        """Codes whose name is the whole of `text` (a short name like "ДО" counts only so)."""
        words = _words(text)
        if not words:
            return []
        found = [n for n in self._candidates(self._whole, words[0].group())
                 if len(n.terms) == len(words) and _fit(n.terms[1:], words[1:])]
        return list(dict.fromkeys(n.code for n in found))

    @staticmethod
    def _candidates(index: dict[tuple[str, str], list[Name]], word: str) -> list[Name]:
        as_printed, as_form = index.get(("=", word), []), index.get(("~", word.lower().replace("ё", "е")), [])
        if not (as_printed or as_form):
            return []  # most words of a text: nothing to analyse
        found = sorted({id(n): n for n in (*as_printed, *as_form)}.values(), key=lambda n: n.order)
        return [n for n in found if n.terms[0].fits(word)]


def _fit(terms: tuple[Term, ...], words: list[re.Match[str]]) -> bool:
    return all(term.fits(word.group()) for term, word in zip(terms, words, strict=True))


def _entries(bodies: Iterable[NamedBody]) -> Iterator[tuple[str, str, bool]]:
    for body in bodies:
        for name in (body.short_name, body.full_name):
            yield body.code, name, _vague(name)
        for alias in body.aliases.split("|"):
            yield body.code, alias, False


def _vague(name: str) -> bool:
    words = _words(name)
    return len(words) == 1 and len(words[0].group()) <= _VAGUE_LETTERS

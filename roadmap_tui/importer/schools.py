"""Schools named in a document, reduced to one canonical short name each.

Orders list schools in many ways: "МАОУ СОШ № 11 имени В.И. Смирнова",
"МАОУ гимназий № 6, 24, 26, 55", "СОШ № 5 (для обучающихся 11 классов), 11",
"ООШ № 66".  A school is identified by its type and number (unique within a
city); its form of ownership (МАОУ/МБОУ) is taken from
the bundled registry ``data/bodies.csv``, else from the fullest mention in the
same document (majority of its printed forms).  The
short name is ``<форма> <тип> № <n>``; the code is ``school:<short name>``.
A school known by a name instead ("Сибирский лицей") is one the registry
lists; types and names are read in any case ("гимназий", "в лицее",
"Гуманитарного лицея") by pymorphy3, not by lists of endings.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from roadmap_tui.names import BodyNames, bundled_rows
from roadmap_tui.names.morph import lemmas, parses

from .types import SchoolRef

_FORMA = r"(?:МАОУ|МБОУ|МКОУ|МОУ|МАОУ ДО|ОГБОУ)"
# A type is an abbreviation, or a word whose normal form is one of _WORD_TYPES
# ("гимназий", "лицея", "школы-интерната"): pymorphy3 reads the case.
# (Whole words, taken possessively: a word is read once, not backtracked letter by letter.)
_TYPE = r"(?:СОШ|ООШИ|ООШ|НОШ|РКГ|(?<![\w-])[а-яё]++(?:-[а-яё]++)?+)"
_WORD_TYPES = frozenset({"гимназия", "лицей", "школа-интернат"})
# "Мариинская СОШ № 3", "Заозерная СОШ № 16": an adjective may stand between
# the form and the type; it is kept in the full name only.
_ADJ = r"(?:(?<![\w-])[А-ЯЁ][а-яё]++\s+)"
# Tail of a full name: "имени А.С. Пушкина", "им. 79-й гвардейской стрелковой
# дивизии" (an ordinal and the words of its name, which pymorphy3 finds in the
# genitive), "для учащихся с ОВЗ".
_TAIL = (r"(?:\s+(?:им\.|имени)\s+(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+"
         r"|\s+(?:им\.|имени)\s+\d+-й(?:\s+[а-яё]+)+"
         r"|\s+для\s+(?:учащихся|детей)\s+с\s+ОВЗ)?")
_NUMBERED = re.compile(
    rf"(?:(?P<forma>{_FORMA})\s+)?(?P<adj>{_ADJ})?(?P<type>{_TYPE})\s*№\s*(?P<n>\d+)(?P<tail>{_TAIL})"
    # enumeration: ", 11", ", 11 (для обучающихся 11 классов)" — not "11 классов"
    r"(?P<more>(?:\s*\([^()]*\))?(?:\s*,\s*\d+\b(?!\s*(?:класс|-|%|\.\d))(?:\s*\([^()]*\))?)*)"
)
_FORMA_BEFORE = re.compile(rf"(?P<forma>{_FORMA})\s+$")
_FORMA_PREFIX = re.compile(rf"^{_FORMA}\s+")
_TAIL_AFTER = re.compile(_TAIL)


@dataclass(frozen=True)
class SchoolMention:
    key: str  # "СОШ 11" or the canonical named part, form-independent
    forma: str | None
    name: str  # short name without the form: "СОШ № 11", "Школа «Перспектива»"
    full: str | None  # printed full mention when it has a form
    start: int


def _type_of(printed: str) -> str | None:
    """The canonical school type of a printed type word, or None if it is not one."""
    if printed.isupper():
        return printed
    found = sorted(lemmas(printed) & _WORD_TYPES)
    return found[0] if found else None


def _tail(printed: str) -> str:
    """A full name's tail with spacing folded, an ordinal's name cut at its last genitive word."""
    words = printed.split()
    if len(words) > 2 and re.fullmatch(r"\d+-й", words[1]):
        while len(words) > 3 and not _genitive(words[-1]):
            words.pop()
    return " " + " ".join(words) if words else ""


def _genitive(word: str) -> bool:
    # Indeclinable readings do not count: "и" is also the name of a letter, in every case.
    return any("gent" in p.tag and "Fixd" not in p.tag and p.tag.POS in ("NOUN", "ADJF") for p in parses(word))


def _numbered(text: str) -> list[SchoolMention]:
    found: list[SchoolMention] = []
    for m in _NUMBERED.finditer(text):
        kind = _type_of(m.group("type"))
        if kind is None:
            continue
        forma, adj, start = m.group("forma"), m.group("adj") or "", m.start()
        if adj and not any(p.tag.POS == "ADJF" for p in parses(adj.strip())):
            forma, adj, start = None, "", m.start("type")
        tail = _tail(m.group("tail") or "")
        # The full name is worth keeping only when it says more than the short one.
        full = f"{forma} {adj}{kind} № {m.group('n')}{tail}" if forma and (adj or tail) else None
        numbers = [m.group("n")]
        more = re.sub(r"\([^()]*\)", "", m.group("more"))
        numbers += re.findall(r"\d+", more)
        for i, n in enumerate(numbers):
            found.append(SchoolMention(f"{kind} {n}", forma, f"{kind} № {n}",
                                       full if i == 0 else None, start + i))
    return found


@lru_cache(maxsize=1)
def _named_schools() -> tuple[BodyNames, dict[str, str]]:
    """Schools known by a name rather than a number ("Сибирский лицей"): the bundled
    registry's, by their names without the form of ownership, and that name per code."""
    rows = [r for r in bundled_rows() if r.kind == "school" and "№" not in r.short_name]
    names = BodyNames((r.code, _FORMA_PREFIX.sub("", name), False)
                      for r in rows for name in (r.short_name, *r.aliases.split("|")) if name)
    return names, {r.code: _FORMA_PREFIX.sub("", r.short_name) for r in rows}


def _named(text: str) -> list[SchoolMention]:
    names, name_of = _named_schools()
    found: list[SchoolMention] = []
    for span in names.spans(text):
        before = _FORMA_BEFORE.search(text, 0, span.start)
        forma = before.group("forma") if before else None
        after = _TAIL_AFTER.match(text, span.end)
        tail = _tail(after.group(0)) if after else ""
        name = name_of[span.codes[0]]
        full = f"{forma} {name}{tail}" if forma and tail else None
        found.append(SchoolMention(name, forma, name, full, before.start() if before else span.start))
    return found


def find_mentions(text: str) -> list[SchoolMention]:
    """All school mentions, in text order (an enumeration gives one per number)."""
    return sorted(_numbered(text) + _named(text), key=lambda s: s.start)


@lru_cache(maxsize=1)
def registry_formas() -> dict[str, str]:
    """Form of ownership per school key, from the bundled ``data/bodies.csv`` (if present)."""
    out: dict[str, str] = {}
    for row in bundled_rows():
        if row.kind == "school":
            for mention in find_mentions(row.short_name):
                if mention.forma:
                    out[mention.key] = mention.forma
    return out


class SchoolIndex:
    """Resolves mentions of one document to canonical :class:`SchoolRef` values."""

    def __init__(self, text: str) -> None:
        self.mentions = find_mentions(text)
        votes: dict[str, Counter[str]] = {}
        self.full: dict[str, str] = {}
        for m in self.mentions:
            if m.forma:
                votes.setdefault(m.key, Counter())[m.forma] += 1
            if m.full and len(m.full) > len(self.full.get(m.key, "")):
                self.full[m.key] = m.full
        # Majority of the document's own mentions; ties go to the first seen.
        self.forma = {k: c.most_common(1)[0][0] for k, c in votes.items()}

    def resolve(self, mention: SchoolMention) -> SchoolRef:
        # The registry wins over the document so that one school has one code in
        # every document (000 prints "МАОУ ООШ №66", 002 "МБОУ ООШ № 66" thrice).
        forma = registry_formas().get(mention.key) or self.forma.get(mention.key)
        short = f"{forma} {mention.name}" if forma else mention.name
        full = self.full.get(mention.key)
        return SchoolRef(f"school:{short}", short, full if full and full != short else None)

    def schools(self) -> list[SchoolRef]:
        """Every distinct school the document names, in order of first mention."""
        seen: dict[str, SchoolRef] = {}
        for m in self.mentions:
            ref = self.resolve(m)
            seen.setdefault(ref.code, ref)
        return list(seen.values())

    def codes_in(self, text: str) -> list[str]:
        """Codes of the schools a fragment names, in order of first appearance."""
        codes: list[str] = []
        for m in find_mentions(text):
            code = self.resolve(m).code
            if code not in codes:
                codes.append(code)
        return codes

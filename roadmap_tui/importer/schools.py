"""Schools named in a document, reduced to one canonical short name each.

Orders list schools in many ways: "МАОУ СОШ № 11 имени В.И. Смирнова",
"МАОУ гимназий № 6, 24, 26, 55", "СОШ № 5 (для обучающихся 11 классов), 11",
"ООШ № 66".  A school is identified by its type and number (unique within a
city); its form of ownership (МАОУ/МБОУ) is taken from
the bundled registry ``data/bodies.csv``, else from the fullest mention in the
same document (majority of its printed forms).  The
short name is ``<форма> <тип> № <n>``; the code is ``school:<short name>``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from roadmap_tui.names import bundled_rows

from .types import SchoolRef

_FORMA = r"(?:МАОУ|МБОУ|МКОУ|МОУ|МАОУ ДО|ОГБОУ)"
_TYPES = {
    "сош": "СОШ", "оош": "ООШ", "оошИ": "ООШИ", "ооши": "ООШИ", "нош": "НОШ",
    "гимназия": "гимназия", "гимназий": "гимназия", "гимназии": "гимназия",
    "лицей": "лицей", "лицея": "лицей", "лицеи": "лицей", "ркг": "РКГ",
    "школа-интернат": "школа-интернат", "школы-интерната": "школа-интернат",
}
_TYPE = r"(?:СОШ|ООШИ|ООШ|НОШ|гимнази[яйи]|лице[йяи]|РКГ|школ[аы]-интернат[а]?)"
# "Мариинская СОШ № 3", "Заозерная СОШ № 16": a capitalised adjective may
# stand between the form and the type; it is kept in the full name only.
_ADJ = r"(?:[А-ЯЁ][а-яё]+(?:ая|ий|ой)\s+)"
# Tail of a full name: "имени А.С. Пушкина", "им. 79-й гвардейской …".
_TAIL = (r"(?:\s+(?:им\.|имени)\s+(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+(?:ой|ого|а|и)?"
         r"|\s+им\.\s+\d+-й\s+гвардейской\s+стрелковой\s+дивизии"
         r"|\s+для\s+(?:учащихся|детей)\s+с\s+ОВЗ)?")
_NUMBERED = re.compile(
    rf"(?:(?P<forma>{_FORMA})\s+)?(?P<adj>{_ADJ})?(?P<type>{_TYPE})\s*№\s*(?P<n>\d+)(?P<tail>{_TAIL})"
    # enumeration: ", 11", ", 11 (для обучающихся 11 классов)" — not "11 классов"
    r"(?P<more>(?:\s*\([^()]*\))?(?:\s*,\s*\d+\b(?!\s*(?:класс|-|%|\.\d))(?:\s*\([^()]*\))?)*)"
)
_NAMED = re.compile(
    rf"(?:(?P<forma>{_FORMA})\s+)?(?P<name>"
    r"Школа\s+«?(?:Перспектива|Эврика-развитие)»?"
    r"|Гуманитарный\s+лицей|Сибирский\s+лицей|Академический\s+лицей"
    r"|лицей\s+при\s+ТПУ|прогимназия\s+«Кристина»)"
    rf"(?P<tail>{_TAIL})"
)


@dataclass(frozen=True)
class SchoolMention:
    key: str  # "СОШ 11" or the canonical named part, form-independent
    forma: str | None
    name: str  # short name without the form: "СОШ № 11", "Школа «Перспектива»"
    full: str | None  # printed full mention when it has a form
    start: int


def _named_key(name: str) -> str:
    name = re.sub(r"\s+", " ", name)
    m = re.match(r"Школа\s+«?([^»]+)»?$", name)
    return f"Школа «{m.group(1)}»" if m else name


def find_mentions(text: str) -> list[SchoolMention]:
    """All school mentions, in text order (an enumeration gives one per number)."""
    found: list[SchoolMention] = []
    for m in _NUMBERED.finditer(text):
        kind = _TYPES.get(m.group("type").lower(), m.group("type"))
        forma = m.group("forma")
        adj = m.group("adj") or ""
        tail = re.sub(r"\s+", " ", m.group("tail") or "")
        # The full name is worth keeping only when it says more than the short one.
        full = f"{forma} {adj}{kind} № {m.group('n')}{tail}" if forma and (adj or tail) else None
        numbers = [m.group("n")]
        more = re.sub(r"\([^()]*\)", "", m.group("more"))
        numbers += re.findall(r"\d+", more)
        for i, n in enumerate(numbers):
            found.append(SchoolMention(f"{kind} {n}", forma, f"{kind} № {n}",
                                       full if i == 0 else None, m.start() + i))
    for m in _NAMED.finditer(text):
        name = _named_key(m.group("name"))
        forma = m.group("forma")
        tail = re.sub(r"\s+", " ", m.group("tail") or "")
        full = f"{forma} {name}{tail}" if forma and tail else None
        found.append(SchoolMention(name, forma, name, full, m.start()))
    found.sort(key=lambda s: s.start)
    return found


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

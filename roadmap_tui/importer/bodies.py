"""Responsible-party text → canonical body codes.

Roadmaps name executors in many spellings and grammatical cases
("МАУ ИМЦ г.Томска", "Муниципальному координатору", "Руководителям ОО",
"общееобразовательные организации" with its typo).  The aliases below are
regular expressions over word stems, so the dative, genitive and nominative
forms all match without a dictionary; pymorphy3 is used only to tell whether
a word is an infinitive (see :func:`is_infinitive`), and the analyser is
created lazily, once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# (code, pattern).  Order matters only for overlapping matches of equal
# length; longer matches win (so "заместителя начальника департамента
# образования" is ЗАМ_НАЧ, not ДО).
_ALIASES: list[tuple[str, str]] = [
    ("ЗАМ_НАЧ", r"заместител\w*\s+начальника\s+департамента\s+образования"
                r"(?:\s+администрации\s+города\s+томска)?"),
    ("ЗАМ_НАЧ", r"\bшвайко\b"),
    ("ДОО_ТО", r"департамент\w*\s+общего\s+образования\s+томской\s+области"),
    ("ДОО_ТО", r"\bДОО\s+ТО\b"),
    ("ДО", r"департамент\w*\s+образования(?:\s+администрации\s+города\s+томска)?"),
    ("ИМЦ", r"\bИМЦ\b"),
    ("ИМЦ", r"информационно-методическ\w*\s+центр\w*"),
    ("ИМЦ", r"муниципальн\w*\s+координатор\w*"),
    ("РЕГ_КООРД", r"регионал\w*\s+координатор\w*"),
    ("ЦПК", r"планировани\w*\s+карьеры"),
    ("ЦПК", r"\bЦПК\b"),
    ("ОМУ", r"\bОМУ\b"),
    ("ОМУ", r"открыт\w*\s+молод[её]жн\w*\s+университет\w*"),
    ("ХОББИ", r"хобби-центр\w*"),
    ("РОО_АЛЕКС", r"александровск\w*\s+РОО\b"),
    ("РОО_АЛЕКС", r"\bРОО\b"),
    ("КОМИТЕТ_ОО", r"комитет\w*\s+по\s+общему\s+образованию"),
    ("ОБЩ_ОРГ", r"обществен\w*\s+организаци\w*"),
    ("МО", r"методическ\w*\s+объединени\w*"),
    ("МО", r"\bМО\b"),
    ("ВУЗЫ", r"\bвуз\w*"),
    ("ОО", r"\bобще?е?образовательн\w*(?:\s+(?:организаци|учреждени)\w*)?"),
    ("ОО", r"\bобразовательн\w*\s+(?:организаци|учреждени)\w*"),
    ("ОО", r"\bОО\b"),
]

# Abbreviations are matched case-sensitively: "до" (a preposition) is not
# "ДО", "мо" is not "МО".
_CASE_SENSITIVE = re.compile(r"^\\b[А-ЯЁ ]+")

# A citation of a legal act names its issuer ("Распоряжения Департамента
# общего образования … от 21.10.2021 №1688-р"); that body is not an executor.
_CITATION = re.compile(
    r"(?:распоряжени|приказ|письм|постановлени|решени)\w*\s+.*?(?:№\s*\S+|$)",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for code, pattern in _ALIASES:
        flags = 0 if _CASE_SENSITIVE.match(pattern) else re.IGNORECASE
        out.append((code, re.compile(pattern, flags)))
    return out


def body_spans(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, code) alias matches, in text order."""
    text = _CITATION.sub(lambda m: " " * len(m.group(0)), text)
    found = [(m.start(), m.end(), code)
             for code, rx in _compiled() for m in rx.finditer(text)]
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    taken: list[tuple[int, int, str]] = []
    for start, end, code in sorted(found, key=lambda s: -(s[1] - s[0])):
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, code))
    return sorted(taken)


def match_bodies(text: str) -> list[str]:
    """Canonical codes named in a responsible-party text, in order of first appearance."""
    codes: list[str] = []
    for _, _, code in body_spans(text or ""):
        if code not in codes:
            codes.append(code)
    return codes


def is_body_only(text: str) -> bool:
    """True when the text is nothing but body names (and filler such as "г. Томска")."""
    rest = text
    for start, end, _ in reversed(body_spans(text)):
        rest = rest[:start] + rest[end:]
    rest = re.sub(r"\bг\.\s*Томск\w*|\bгорода\s+Томск\w*|[,;.\-–\s]", "", rest,
                  flags=re.IGNORECASE)
    return bool(body_spans(text)) and not rest


# --- people -----------------------------------------------------------------

_INITIALS = r"[А-ЯЁ]\.\s?[А-ЯЁ]\."
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_PERSON = re.compile(
    rf"{_INITIALS}\s?{_SURNAME}"  # И.В. Швайко
    rf"|{_SURNAME}\s{_INITIALS}"  # Швайко И.В.
    rf"|{_SURNAME}\s[А-ЯЁ][а-яё]+\s[А-ЯЁ][а-яё]+(?:вн|вич|ичн)[а-яё]*"  # full name
)


def find_person(text: str | None) -> str | None:
    """The named person in an addressee text, exactly as printed."""
    if not text:
        return None
    found = list(_PERSON.finditer(text))
    if not found:
        return None
    # "Сердечный В.И. Темяшева Т.К.": people printed one after another are all kept.
    end = 0
    for k, m in enumerate(found[1:], start=1):
        if text[found[k - 1].end():m.start()].strip(" ,"):
            break
        end = k
    return text[found[0].start():found[end].end()]


# --- morphology ---------------------------------------------------------------


@lru_cache(maxsize=1)
def _morph() -> Any:
    """The pymorphy3 analyser, built on first use (it loads dictionaries)."""
    import pymorphy3  # local import: loading costs ~0.3 s and is often unneeded

    return pymorphy3.MorphAnalyzer()


def is_infinitive(word: str) -> bool:
    """Whether a word can be an infinitive ("разработать", "обеспечить")."""
    word = word.strip("«»\"'.,:;()").lower()
    if not re.fullmatch(r"[а-яё-]+", word) or not re.search(r"(ть|ти|чь)(ся)?$", word):
        return False
    return any(p.tag.POS == "INFN" for p in _morph().parse(word))


def nominative(word: str) -> str:
    """Normal form of a word (used for municipality names: "Томска" → "Томск")."""
    parses = _morph().parse(word.lower())
    return str(parses[0].normal_form) if parses else word.lower()


def continues_phrase(text: str) -> bool:
    """Whether a fragment can only be the tail of a phrase begun elsewhere.

    "в общеобразовательных организациях …", "профильного обучения" cannot open
    a cell; "доклад в Правительство …" (a noun in the nominative) can.
    """
    words = re.findall(r"[А-Яа-яЁё-]+", text)
    if not words:
        return False
    parses = _morph().parse(words[0].lower())
    if any({"PREP", "CONJ", "PRCL"} & {str(p.tag.POS)} for p in parses[:1]):
        return True
    return not any("nomn" in p.tag for p in parses)


def is_dative(word: str) -> bool:
    """Whether a word can be a noun or adjective in the dative ("Заместителю", "администрациям")."""
    word = word.strip("«»\"'.,:;()").lower()
    if not re.fullmatch(r"[а-яё-]+", word):
        return False
    return any("datv" in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF", "NPRO") for p in _morph().parse(word))


def is_animate_object(word: str) -> bool:
    """Whether a word can be an animate noun in the accusative ("заместителя", "методиста")."""
    word = word.strip("«»\"'.,:;()")
    # A role is a common noun: "ГИА", "Иванову" (capitalised) are not where the appointee starts.
    if not re.fullmatch(r"[а-яё-]+", word):
        return False
    return any(p.tag.POS == "NOUN" and "anim" in p.tag and "accs" in p.tag for p in _morph().parse(word))

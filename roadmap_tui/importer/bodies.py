"""Responsible-party text → canonical body codes, people and the grammar around them.

Roadmaps name executors in many spellings and grammatical cases ("МАУ ИМЦ
г.Томска", "Муниципальному координатору", "Руководителям ОО"). Which names
belong to which body is the registry's knowledge (``data/bodies.csv``, or the
database's rows), matched by ``roadmap_tui.names``; this module adds what is
grammar rather than names: a cited act's issuer is not an executor, "г.
Томска" is a place, not a body, and the word-class questions the parsers ask
(is this an infinitive, a dative?), all through the one pymorphy3 analyser.
"""

from __future__ import annotations

import re

from roadmap_tui.names import BodyNames, bundled_names
from roadmap_tui.names.morph import lemmas, parses

# A citation of a legal act names its issuer ("Распоряжения Департамента
# общего образования … от 21.10.2021 №1688-р"); that body is not an executor.
# The citation runs from the act's name to its number, or to the end.
_ACTS = frozenset({"распоряжение", "приказ", "письмо", "постановление", "решение"})
_ACT_NUMBER = re.compile(r"№\s*\S+")
_WORD = re.compile(r"[^\W\d_]+")


def _without_citations(text: str) -> str:
    end = 0
    for word in _WORD.finditer(text):
        if word.start() < end or lemmas(word.group()).isdisjoint(_ACTS):
            continue
        number = _ACT_NUMBER.search(text, word.end())
        end = number.end() if number else len(text)
        text = text[: word.start()] + " " * (end - word.start()) + text[end:]
    return text


def body_spans(text: str, names: BodyNames | None = None) -> list[tuple[int, int, str]]:
    """(start, end, code) of the bodies a text names, in text order.

    `names` defaults to the bundled registry; the importer passes the
    database's when it resolves what the bundled one did not know.
    """
    found = (names or bundled_names()).spans(_without_citations(text))
    return [(span.start, span.end, code) for span in found for code in span.codes]


def match_bodies(text: str, names: BodyNames | None = None) -> list[str]:
    """Canonical codes named in a responsible-party text, in order of first appearance."""
    return list(dict.fromkeys(code for _, _, code in body_spans(text or "", names)))


def is_body_only(text: str) -> bool:
    """True when the text is nothing but body names (and places such as "г. Томска")."""
    spans = body_spans(text)
    rest = text
    for start, end in sorted({(start, end) for start, end, _ in spans}, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    words = re.findall(r"\w+", rest)
    while words:
        # "г. Томска", "города Томска": a town named after "г."/"город" is where, not who.
        town = (words[0].lower() == "г" or "город" in lemmas(words[0])) and len(words) > 1
        if not (town and words[1][:1].isupper()):
            return False
        words = words[2:]
    return bool(spans)


# --- people -----------------------------------------------------------------

_INITIALS = r"[А-ЯЁ]\.\s?[А-ЯЁ]\."
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_WITH_INITIALS = re.compile(
    rf"{_INITIALS}\s?{_SURNAME}"  # И.В. Швайко
    rf"|{_SURNAME}\s{_INITIALS}"  # Швайко И.В.
)
# "Болдыреву Евгению Сергеевну": three capitalised words, the last a patronymic
# (pymorphy3 knows them: "Patr"). A lookahead, so that every word may start one.
_THREE_NAMES = re.compile(rf"(?<![\w-])(?=({_SURNAME}\s[А-ЯЁ][а-яё]+\s([А-ЯЁ][а-яё]+)))")


def _people(text: str) -> list[tuple[int, int]]:
    """Spans of the people a text names, in text order, none overlapping."""
    found = [(m.start(), 0, m.end()) for m in _WITH_INITIALS.finditer(text)]
    found += [(m.start(1), 1, m.end(1)) for m in _THREE_NAMES.finditer(text)
              if any("Patr" in p.tag for p in parses(m.group(2)))]
    spans: list[tuple[int, int]] = []
    for start, _, end in sorted(found):
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def find_person(text: str | None) -> str | None:
    """The named person in an addressee text, exactly as printed."""
    if not text:
        return None
    found = _people(text)
    if not found:
        return None
    # "Сердечный В.И. Темяшева Т.К.": people printed one after another are all kept.
    end = 0
    for k in range(1, len(found)):
        if text[found[k - 1][1]:found[k][0]].strip(" ,"):
            break
        end = k
    return text[found[0][0]:found[end][1]]


# --- morphology ---------------------------------------------------------------


def is_infinitive(word: str) -> bool:
    """Whether a word can be an infinitive ("разработать", "обеспечить")."""
    word = word.strip("«»\"'.,:;()").lower()
    if not re.fullmatch(r"[а-яё-]+", word):
        return False
    return any(p.tag.POS == "INFN" for p in parses(word))


def nominative(word: str) -> str:
    """Normal form of a word (used for municipality names: "Томска" → "Томск")."""
    found = parses(word)
    return str(found[0].normal_form) if found else word.lower()


def continues_phrase(text: str) -> bool:
    """Whether a fragment can only be the tail of a phrase begun elsewhere.

    "в общеобразовательных организациях …", "профильного обучения" cannot open
    a cell; "доклад в Правительство …" (a noun in the nominative) can.
    """
    words = re.findall(r"[А-Яа-яЁё-]+", text)
    if not words:
        return False
    found = parses(words[0])
    if any({"PREP", "CONJ", "PRCL"} & {str(p.tag.POS)} for p in found[:1]):
        return True
    return not any("nomn" in p.tag for p in found)


def is_dative(word: str) -> bool:
    """Whether a word can be a noun or adjective in the dative ("Заместителю", "администрациям")."""
    word = word.strip("«»\"'.,:;()").lower()
    if not re.fullmatch(r"[а-яё-]+", word):
        return False
    return any("datv" in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF", "NPRO") for p in parses(word))


def is_animate_object(word: str) -> bool:
    """Whether a word can be an animate noun in the accusative ("заместителя", "методиста")."""
    word = word.strip("«»\"'.,:;()")
    # A role is a common noun: "ГИА", "Иванову" (capitalised) are not where the appointee starts.
    if not re.fullmatch(r"[а-яё-]+", word):
        return False
    return any(p.tag.POS == "NOUN" and "anim" in p.tag and "accs" in p.tag for p in parses(word))

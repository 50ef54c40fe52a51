"""Numbered points of an order (распоряжение, приказ) → directive and control items.

An order's operative part is a list of numbered points.  A point that ends
with a colon ("Руководителям ОО:") addresses its sub-points; a point may
also name its executor itself ("МАОУ «Томский Хобби-центр» (Дубровиной Л.В.)
организовать …", "Рекомендовать руководителям …", "… назначить <кого>").
Findings of the preamble are numbered too ("1. Проанализированы …"); they
are told apart by the absence of an infinitive, the grammatical mark of an
instruction.  A point that only approves something ("Утвердить план …") is
performed by the order itself and assigns no work, so it is not an item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .bodies import find_person, is_infinitive, match_bodies
from .schools import SchoolIndex
from .text import clean
from .types import ParsedItem

_POINT = re.compile(r"^(?:[-–—]\s*)?(?P<num>[IVX]+|\d+(?:\.\d+)*)\.?\s+(?P<text>\S.*)$")
_ROMAN = re.compile(r"^[IVX]+$")
_SIGNATURE = re.compile(r"^(?:Начальник|Директор|Заместитель|Председатель|Глава|И\.\s?о\.)\b")
_DEADLINES = [
    re.compile(r"\s*\bСрок\s*:\s*(?P<d>.+?)\s*[.;]?$", re.I),
    re.compile(r"\s*\bв\s+срок\s+(?P<d>.+?)\s*[.;]?$", re.I),
    re.compile(r"\s+(?P<d>до\s+\d{1,2}\.\d{1,2}\.\d{2,4}(?:\s*г\.?)?)\s*[.;]?$"),
]
_SELF_PERFORMED = ("утвердить", "принять к сведению", "признать утратившим")
# "(Пустовалова В.В.)", "(Кученко М.В.)": a parenthesised person closes an addressee.
_PAREN_PERSON = re.compile(r"\((?:[^()]*\s)?(?:[А-ЯЁ][а-яё]+\s[А-ЯЁ]\.\s?[А-ЯЁ]\.|"
                           r"[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+)\)")


@dataclass
class Point:
    number: str
    text: str
    line: int
    children: list[Point] = field(default_factory=list)


def operative_lines(lines: list[str], start: int) -> list[tuple[int, str]]:
    """(line number, cleaned text) of prose lines from ``start`` up to the signature."""
    out = []
    for i in range(start, len(lines)):
        if "\t" in lines[i]:
            continue
        text = clean(lines[i])
        if _SIGNATURE.match(text) and len(text) < 80:
            break
        if text:
            out.append((i + 1, text))
    return out


def collect_points(prose: list[tuple[int, str]]) -> list[Point]:
    """Top-level points with their sub-points.

    With Roman top-level numbers ("I.", "II."), every Arabic point after a
    Roman one belongs to it (002: "2. Предоставить…" sits under "I.").
    """
    roman_mode = any(_ROMAN.match(m.group("num")) for _, t in prose if (m := _POINT.match(t)))
    tops: list[Point] = []
    current: Point | None = None
    for line, text in prose:
        m = _POINT.match(text)
        if not m:
            continue
        point = Point(m.group("num"), m.group("text").strip(), line)
        num = point.number
        if _ROMAN.match(num):
            current = point
            tops.append(point)
        elif roman_mode and current is not None:
            current.children.append(point)
        elif "." in num and current is not None and num.split(".")[0] == current.number:
            current.children.append(point)
        elif "." not in num:
            current = point
            tops.append(point)
    return tops


def split_deadline(text: str) -> tuple[str, str | None]:
    """(text without its deadline phrase, the deadline as printed)."""
    for rx in _DEADLINES:
        m = rx.search(text)
        if m:
            return text[: m.start()].rstrip(), m.group("d").strip()
    return text, None


def _words(text: str) -> list[str]:
    return re.findall(r"[А-Яа-яЁё-]+", text)


def _first_infinitive(text: str) -> str | None:
    clause = re.split(r"[.:;]\s", text, maxsplit=1)[0]
    for word in _words(clause)[:25]:
        if is_infinitive(word):
            return word
    return None


def is_instruction(point: Point) -> bool:
    text = point.text
    if text.startswith("Контроль"):
        return True
    if point.children:
        return text.endswith(":") or _first_infinitive(text) is not None
    verb = _first_infinitive(text)
    if verb is None:
        return False
    lowered = text.lower()
    return not any(lowered.startswith(p) for p in _SELF_PERFORMED)


def addressee(text: str) -> str:
    """The executor named at the head of a point ("Руководителям ОО:")."""
    m = _PAREN_PERSON.search(text)
    if m:
        return text[: m.end()].strip()
    return text.rstrip(":").strip()


def _leaf_executor(text: str) -> tuple[str | None, str]:
    """(executor as printed, title) for a point without sub-points."""
    m = _PAREN_PERSON.search(text)
    rest = text[m.end():].strip() if m else ""
    if m and match_bodies(text[: m.start()]) and is_infinitive(rest.split(" ", 1)[0]):
        # "МАОУ «Томский Хобби-центр» (Дубровиной Л.В.) организовать …"
        return text[: m.end()].strip(), rest
    verb = _first_infinitive(text)
    if verb is None:
        return None, text
    at = re.search(rf"\b{re.escape(verb)}\b", text)
    assert at is not None
    after = text[at.end():].strip()
    if at.start() > 0:  # "Ответственным … назначить <кого>": the appointee
        return _strip_end(after) or None, text
    # "Рекомендовать руководителям …, указанным в …, при …": the dative phrase
    parts = [p.strip() for p in after.split(",")]
    phrase = [parts[0]]
    for part in parts[1:]:
        first = part.split(" ", 1)[0]
        if not re.search(r"(ым|им)$", first):
            break
        phrase.append(part)
    return _strip_end(", ".join(phrase)) or None, text


def _strip_end(text: str) -> str:
    """Drop the sentence's final "."/";" but not the dot of an initial ("Болдыреву Е.С.")."""
    text = text.strip()
    if re.search(r"(?:^|[\s.])[А-ЯЁ]\.$", text):
        return text
    return text.rstrip(".;").strip()


def _responsible(executor: str | None, title: str, schools: SchoolIndex) -> list[str]:
    codes = match_bodies(executor or "")
    named = schools.codes_in(title)
    if "ОО" in codes and named:
        # "Руководителям ОО: … МАОУ СОШ № 5, 11": the schools named are the executors.
        i = codes.index("ОО")
        codes[i:i + 1] = [c for c in named if c not in codes]
    return codes


def parse_orders(lines: list[str], start: int, schools: SchoolIndex) -> list[ParsedItem]:
    items: list[ParsedItem] = []
    for top in collect_points(operative_lines(lines, start)):
        if not is_instruction(top):
            continue
        if top.text.startswith("Контроль"):
            m = re.search(r"возложить\s+на\s+(.+)$", top.text)
            executor = _strip_end(m.group(1)) if m else None
            items.append(ParsedItem(
                kind="control", number=top.number, title=top.text, responsible_raw=executor,
                responsible=match_bodies(executor or ""), person=find_person(executor),
                source_lines=[top.line]))
            continue
        if top.children:
            who = addressee(top.text)
            section = top.text.rstrip(":").strip()
            for child in top.children:
                title, deadline = split_deadline(child.text)
                items.append(ParsedItem(
                    kind="directive", number=child.number, section=section,
                    section_number=top.number, title=title, deadline_raw=deadline,
                    responsible_raw=who, responsible=_responsible(who, title, schools),
                    person=find_person(who), source_lines=[child.line]))
            continue
        text, deadline = split_deadline(top.text)
        own, title = _leaf_executor(text)
        items.append(ParsedItem(
            kind="directive", number=top.number, title=title, deadline_raw=deadline,
            responsible_raw=own, responsible=_responsible(own, title, schools),
            person=find_person(own), source_lines=[top.line]))
    return items

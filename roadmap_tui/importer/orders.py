"""Numbered points of an order (распоряжение, приказ) → directive and control items.

An order's operative part is a list of numbered points.  A point that ends
with a colon ("Руководителям ОО:") addresses its sub-points; a point may
also name its executor itself ("МАОУ «Томский Хобби-центр» (Дубровиной Л.В.)
организовать …", "Рекомендовать руководителям …", "… назначить <кого>").
Findings of the preamble are numbered too ("1. Проанализированы …"); they
are told apart by the absence of an infinitive, the grammatical mark of an
instruction.  A point that only approves something ("Утвердить план …") is
performed by the order itself and assigns no work, so it is not an item;
nor is a point that names nobody to act ("Провести конкурс …").  Such
points are listed as skipped with their reason.  Numbers may be glued to
the text ("2.1.довести"), run into one paragraph, or missing altogether
(the paragraphs after "ПРИКАЗЫВАЮ:" are then the points); a deadline may
stand at the end, in mid-sentence ("в срок до 1 февраля"), in brackets, at
the start, or on its own line after a group of sub-points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .bodies import find_person, is_animate_object, is_dative, is_infinitive, match_bodies
from .schools import SchoolIndex
from .skips import (
    APPOINTMENT,
    APPROVAL,
    FINDING,
    GROUP_HEAD,
    LOOSE_DEADLINE,
    NO_EXECUTOR,
    SELF_CONTROL,
    TAKE_NOTE,
    UNPARSED_POINT,
)
from .text import clean, join
from .types import ParsedItem, SkippedLine

# A point number: "2.", "2.1", "2.1." with or without a space before the text
# ("2.1.довести …" is the usual layout of official mirrors); Roman numbers
# need their dot, so that "V Всероссийского конкурса" is not a point.
_POINT = re.compile(
    r"^(?:[-–—]\s*)?(?:(?P<roman>[IVX]+)\.\s*|(?P<num>\d{1,2}(?:\.\d{1,2})*)(?:\.\s*|\)\s*|\s+))"
    r"(?P<text>[^\s\d.].*)$")
_ROMAN = re.compile(r"^[IVX]+$")
_SIGNATURE = re.compile(r"^(?:Начальник|Директор|Заместитель|Председатель|Глава|Министр|Мэр|Руководитель|"
                        r"И\.\s?о\.|Врио)\b")
_MONTHS = r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
# A bounded date phrase, for a deadline in mid-sentence.
_DATE_PHRASE = re.compile(
    r"(?:(?:до|не\s+позднее|к)\s+)?(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}(?:-?го)?\s+" + _MONTHS
    + r"(?:\s+\d{4})?|(?:конца\s+)?" + _MONTHS + r"(?:\s+\d{4})?)(?:\s*(?:года|г\.|г)(?![А-Яа-яЁё]))?",
    re.I)
_DEADLINE_HEAD = re.compile(r"\b(?:в\s+срок|срок(?:\s+исполнения)?\s*[:–—-])\s*", re.I)
_LEADING_DEADLINE = re.compile(r"^(?:в\s+срок\s+)?(?P<d>(?:до|не\s+позднее)\s+(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}\s+"
                               + _MONTHS + r"(?:\s+\d{4})?)(?:\s*(?:года|г\.|г)(?![А-Яа-яЁё]))?)\s*,?\s+", re.I)
_DAY_MONTH = (r"(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}\s+" + _MONTHS + r"(?:\s+\d{4})?)"
              r"(?:\s*(?:года|г\.|г)(?![А-Яа-яЁё]))?")
# "… до 01.03.2012;", "… до 1 октября 2025 года.", "… с 15 по 19 сентября 2025 г.;" closing a point.
_DEADLINE_AT_END = re.compile(
    r"\s+(?P<d>(?:до|не\s+позднее)\s+" + _DAY_MONTH
    + r"|с\s+\d{1,2}(?:\s+" + _MONTHS + r")?\s+по\s+" + _DAY_MONTH + r")\s*[.;]?$", re.I)
_DEADLINE_LINE = re.compile(r"^(?:Срок(?:\s+исполнения)?|Сроки)\s*[:–—-]?\s*(?P<d>\S.*?)\s*[.;]?$", re.I)
# "Ответственный: Иванов И.И." on its own line or at the end of a point.
_EXECUTOR_LINE = re.compile(r"^(?:Ответственн\w*|Исполнител\w*|Отв\.)\s*(?:за\s+исполнение\s*)?[:–—-]\s*"
                            r"(?P<who>\S.*?)\s*;?$", re.I)
_EXECUTOR_AT_END = re.compile(r"[.;]\s*(?:Ответственн\w*|Исполнител\w*)\s*[:–—-]\s*(?P<who>[^:]+?)\s*;?$", re.I)
_BULLET = re.compile(r"^[-–—•]\s*(?P<text>[а-яёА-ЯЁ].*)$")
_SELF_PERFORMED = ("утвердить", "принять к сведению", "признать утратившим")
# "(Пустовалова В.В.)", "(Кученко М.В.)": a parenthesised person closes an addressee.
_PAREN_PERSON = re.compile(r"\((?:[^()]*\s)?(?:[А-ЯЁ][а-яё]+\s[А-ЯЁ]\.\s?[А-ЯЁ]\.|"
                           r"[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+)\)")
_MODAL = ("рекомендовать", "поручить", "предложить", "обязать", "просить")
_APPOINT = ("назначить", "определить")
@dataclass
class Point:
    number: str
    text: str
    line: int
    children: list[Point] = field(default_factory=list)
    # "Срок: 11.10.2004." printed on its own line after the point (or its group).
    deadline: str | None = None
    lines: list[int] = field(default_factory=list)
    executor: str | None = None  # "Ответственный: …" printed after the point
    bullets: list[Point] = field(default_factory=list)  # "- обеспечить …" under "Руководителям ОО:"


@dataclass
class OrdersResult:
    items: list[ParsedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)


def _split_run_on(text: str) -> list[str]:
    """"…учащихся: 1. Организовать … 2. Ответственность … 3. Контроль …" → one text per point.

    A number counts as a point only when the numbers run in sequence, so that
    "согласно п. 2. Положения" inside a sentence is left alone.
    """
    cuts: list[int] = []
    expected: int | None = None
    for m in re.finditer(r"(?:(?<=[.:;])|(?<=^))\s*(\d{1,2})\.\s*(?=[А-ЯЁ])", text):
        n = int(m.group(1))
        if (expected is None and n == 1) or n == expected:
            cuts.append(m.start(1))
            expected = n + 1
    # One number is a run-on point only after the preamble's colon ("…учащихся: 1. …").
    lone = len(cuts) == 1 and cuts[0] > 0 and text[:cuts[0]].rstrip().endswith(":")
    if len(cuts) < 2 and not lone:
        return [text]
    parts = [text[:cuts[0]]] if text[:cuts[0]].strip() else []
    parts += [text[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(text)], strict=True)]
    return [p for p in parts if p.strip()]


def operative_lines(lines: list[str], start: int,
                    skip_lines: set[int] | None = None) -> list[tuple[int, str]]:
    """(line number, cleaned text) of prose lines from ``start`` up to the signature."""
    out: list[tuple[int, str]] = []
    skip_lines = skip_lines or set()
    for i in range(start, len(lines)):
        if "\t" in lines[i] or i + 1 in skip_lines:
            continue
        text = clean(lines[i])
        if _SIGNATURE.match(text) and len(text) < 80:
            break
        if text:
            out.extend((i + 1, part) for part in _split_run_on(text))
    return out


def _point_match(text: str) -> tuple[str, str] | None:
    m = _POINT.match(text)
    if not m:
        return None
    num = m.group("roman") or m.group("num")
    # Dates and amounts are not point numbers: "20.02.2012 г", "05 февраля".
    if m.group("num") and any(part.startswith("0") for part in num.split(".")):
        return None
    return num, m.group("text").strip()


def collect_points(prose: list[tuple[int, str]],
                   loose: list[tuple[int, str]] | None = None) -> list[Point]:
    """Top-level points with their sub-points.

    With Roman top-level numbers ("I.", "II."), every Arabic point after a
    Roman one belongs to it (002: "2. Предоставить…" sits under "I.").
    A "Срок: …" line of its own gives its deadline to each point printed
    since the previous such line that states none; one with no such point
    is reported in `loose`.
    """
    roman_mode = any((pm := _point_match(t)) and _ROMAN.match(pm[0]) for _, t in prose)
    tops: list[Point] = []
    current: Point | None = None
    pending: list[Point] = []
    for line, text in prose:
        pm = _point_match(text)
        bullet = _BULLET.match(text)
        if not pm and bullet and current is not None and not current.children and current.text.endswith(":"):
            sub = Point(current.number, bullet.group("text"), line, lines=[line])
            current.bullets.append(sub)
            pending.append(sub)
            continue
        em = None if pm else _EXECUTOR_LINE.match(text)
        if em and pending:
            pending[-1].executor = _strip_end(em.group("who"))
            pending[-1].lines.append(line)
            continue
        if not pm:
            dm = _DEADLINE_LINE.match(text)
            if dm:
                open_points = [p for p in pending if p.deadline is None and not _has_deadline(p.text)]
                for point in open_points:
                    point.deadline = dm.group("d")
                    point.lines.append(line)
                if not open_points and loose is not None:
                    loose.append((line, text))
                pending = []
            continue
        point = Point(pm[0], pm[1], line, lines=[line])
        num = point.number
        if _ROMAN.match(num):
            current = point
            tops.append(point)
            pending = []
        elif roman_mode and current is not None:
            current.children.append(point)
            pending.append(point)
        elif "." in num and current is not None and num.split(".")[0] == current.number:
            current.children.append(point)
            pending.append(point)
        elif "." not in num:
            current = point
            tops.append(point)
            pending = [point]
        elif loose is not None:
            loose.append((line, text))
    return tops


_OPERATIVE = re.compile(r"(?:^|\s)(?:приказываю|постановляю|постановляет|распоряжаюсь|"
                        r"п\s?р\s?и\s?к\s?а\s?з\s?ы\s?в\s?а\s?ю)\s*:?\s*$", re.I)


def _unnumbered_points(prose: list[tuple[int, str]]) -> list[Point]:
    """An order that prints no numbers: each paragraph after "ПРИКАЗЫВАЮ:" is a point, numbered in order."""
    starts = [k for k, (_, text) in enumerate(prose) if _OPERATIVE.search(text)]
    if not starts:
        return []
    points: list[Point] = []
    for line, text in prose[starts[0] + 1:]:
        if _DEADLINE_LINE.match(text) and points:
            points[-1].deadline = points[-1].deadline or _DEADLINE_LINE.match(text).group("d")  # type: ignore[union-attr]
            points[-1].lines.append(line)
            continue
        points.append(Point(str(len(points) + 1), text, line, lines=[line]))
    return points


def _has_deadline(text: str) -> bool:
    return split_deadline(text)[1] is not None


def split_deadline(text: str) -> tuple[str, str | None]:
    """(text without its deadline phrase, the deadline as printed).

    "… Срок: до 01.06.2023." and "… в срок до 01.03.2012;" at the end take
    the rest of the sentence; "в срок до 1 февраля" in mid-sentence takes the
    date phrase only, the rest of the sentence staying in the title; a
    bracket stating a deadline ("(… срок … – 1 ноября 2014 г.)") gives its date.
    """
    m = re.search(r"\(([^()]*\bсрок\w*\b[^()]*)\)", text, re.I)
    if m:
        # A bracket stating the deadline: "(срок – в течение года)", "(… срок … – 1 ноября 2014 г.)".
        inner = m.group(1)
        head = _DEADLINE_HEAD.search(inner)
        bare = inner[head.end():].strip(" .;") if head else ""
        dm = None if bare else _DATE_PHRASE.search(inner)
        if bare or dm:
            rest = join(text[: m.start()].rstrip(" ,"), text[m.end():].lstrip()).replace(" .", ".").rstrip(" .;")
            return rest, bare or dm.group(0).strip()  # type: ignore[union-attr]
    m = _DEADLINE_HEAD.search(text)
    if m:
        tail = text[m.end():]
        bare = tail.strip().rstrip(".;").strip()
        if bare and not any(is_infinitive(w) for w in _words(bare)) and len(bare.split()) <= 12:
            return text[: m.start()].rstrip(" ,"), bare
        dm = _DATE_PHRASE.match(tail)
        if dm:
            before, after = text[: m.start()].rstrip(" ,"), tail[dm.end():].lstrip(" ,")
            return join(before, after), dm.group(0).strip()
    m = _DEADLINE_AT_END.search(text)
    if m:
        return text[: m.start()].rstrip(), m.group("d").strip()
    return text, None


def _words(text: str) -> list[str]:
    return re.findall(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*", text)


def _first_infinitive(text: str) -> str | None:
    # A dot after one letter is an initial or "г.", not the end of the clause.
    clause = re.split(r"(?<!\b[А-ЯЁA-Zа-яё])[.:;]\s", text, maxsplit=1)[0]
    for word in _words(clause)[:25]:
        if is_infinitive(word):
            return word
    return None


def _self_performed(text: str) -> str | None:
    lowered = text.lower()
    if lowered.startswith("принять к сведению"):
        return TAKE_NOTE
    if any(lowered.startswith(p) for p in _SELF_PERFORMED):
        return APPROVAL
    return None


def is_instruction(point: Point) -> bool:
    text = point.text
    if text.startswith("Контроль"):
        return True
    if point.children or point.bullets:
        return text.endswith(":") or _first_infinitive(text) is not None
    verb = _first_infinitive(text)
    if verb is None:
        return False
    return _self_performed(text) is None


def addressee(text: str) -> str:
    """The executor named at the head of a point ("Руководителям ОО:")."""
    m = _PAREN_PERSON.search(text)
    if m:
        return text[: m.end()].strip()
    text = text.rstrip(":").strip()
    # "Руководителям органов …, рекомендовать:": the verb is not the addressee.
    words = text.split()
    if len(words) > 1 and is_infinitive(words[-1]):
        text = " ".join(words[:-1]).rstrip(" ,")
    return text


def _is_addressee(text: str) -> bool:
    """Whether a phrase before the verb names who acts (a dative, a body or a person)."""
    words = _words(text)
    if not words:
        return False
    return is_dative(words[0]) or bool(match_bodies(text)) or find_person(text) is not None


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
    if at is None:
        return None, text
    after = text[at.end():].strip()
    before = text[: at.start()].strip()
    if before:
        if verb.lower() in _APPOINT or before.lower().startswith("ответствен"):
            # "Ответственным … назначить <кого>": the appointee
            return _strip_end(after) or None, text
        if _is_addressee(before):
            # "Заместителю директора Заборских Д.В. организовать …"
            return before.rstrip(" ,"), text[at.start():]
        return None, text
    if verb.lower() in _APPOINT:
        # "Назначить ответственным за … заместителя директора Иванову И.И.": the appointee
        # starts at the first animate noun (the role "ответственным за …" goes before it).
        words = list(re.finditer(r"[А-Яа-яЁё-]+", after))
        start = next((w.start() for w in words[1:] if is_animate_object(w.group(0))), None)
        if start is None:
            return None, text
        return _strip_end(after[start:]) or None, text
    if verb.lower() not in _MODAL:
        return None, text  # "Провести …", "Опубликовать …": nobody is named
    # "Рекомендовать руководителям …, указанным в …, при …": the dative phrase
    nxt = _first_infinitive(after)
    if nxt:
        cut = re.search(rf"\b{re.escape(nxt)}\b", after)
        after = after[: cut.start()] if cut else after
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


def _directive(point: Point, schools: SchoolIndex, who: str | None, section: str | None,
               section_number: str | None) -> ParsedItem | None:
    """The item of a leaf point, or None when it names nobody to act."""
    text = point.text
    executor = point.executor
    em = _EXECUTOR_AT_END.search(text)
    if em and executor is None:
        executor, text = _strip_end(em.group("who")), text[: em.start() + 1]
    text, deadline = split_deadline(text)
    deadline = deadline or point.deadline
    lead = _LEADING_DEADLINE.match(text)
    if lead:
        # "До 01.09.2025 руководителям ОО обеспечить …": the deadline opens the point.
        text = text[lead.end():]
        deadline = deadline or lead.group("d").strip()
    if executor is not None:
        who, title = executor, text
    elif who is None:
        who, title = _leaf_executor(text)
        if who is None:
            return None
        # The addressee may hold the deadline: "Заместителю … в срок до 18.11.2021 ознакомить …"
        who, own_deadline = split_deadline(who)
        if own_deadline and not deadline:
            deadline = own_deadline
        elif own_deadline:
            who = point.text[: len(who)]
    else:
        title = text
    item = ParsedItem(
        kind="directive", number=point.number, section=section, section_number=section_number,
        title=title, deadline_raw=deadline, responsible_raw=who,
        responsible=_responsible(who, title, schools), person=find_person(who),
        source_lines=sorted(point.lines))
    if who and not item.responsible and not item.person:
        item.warnings.append(f"исполнитель «{who[:60]}» не найден в реестре")
    return item


def _skip_reason(point: Point) -> str:
    verb = _first_infinitive(point.text)
    if verb and point.text.lower().startswith(_APPOINT):
        return APPOINTMENT
    return _self_performed(point.text) or (NO_EXECUTOR if verb else FINDING)


def parse_orders(lines: list[str], start: int, schools: SchoolIndex,
                 skip_lines: set[int] | None = None) -> OrdersResult:
    """Directive and control items of an order's numbered points; the rest is listed as skipped."""
    result = OrdersResult()
    loose: list[tuple[int, str]] = []
    prose = operative_lines(lines, start, skip_lines)
    tops = collect_points(prose, loose)
    numbered_by_us: set[int] = set()
    if not tops:
        tops = _unnumbered_points(prose)
        numbered_by_us = {p.line for p in tops}
        taken = {ln for p in tops for ln in p.lines}
        loose = [(ln, text) for ln, text in loose if ln not in taken]
    first_item = len(result.items)
    for top in tops:
        if not is_instruction(top):
            result.skipped.append(SkippedLine(top.line, top.text[:200], _skip_reason(top)))
            continue
        if top.text.startswith("Контроль"):
            m = re.search(r"возложить\s+на\s+(.+)$", top.text)
            if not m:  # "Контроль … оставляю за собой": the signatory, nobody to assign
                result.skipped.append(SkippedLine(top.line, top.text[:200], SELF_CONTROL))
                continue
            executor = _strip_end(m.group(1))
            result.items.append(ParsedItem(
                kind="control", number=top.number, title=top.text, responsible_raw=executor,
                responsible=match_bodies(executor or ""), person=find_person(executor),
                source_lines=[top.line]))
            continue
        if top.bullets and not top.children:
            # Unnumbered dashes under an addressee: one item each, the point's number repeated.
            top.children = top.bullets
        if top.children:
            who = addressee(top.text)
            shared = who if _is_addressee(who) else None
            section = top.text.rstrip(":").strip()
            approves = _self_performed(top.text)
            for k, child in enumerate(top.children):
                later = top.children[k + 1] if k + 1 < len(top.children) else None
                if child.text.endswith(":") and later and later.number.startswith(child.number + "."):
                    # "1.1. В части …:" heads its own sub-points; they carry the work.
                    result.skipped.append(SkippedLine(child.line, child.text[:200], GROUP_HEAD))
                    continue
                if approves:
                    result.skipped.append(SkippedLine(child.line, child.text[:200], approves))
                    continue
                if _self_performed(child.text):
                    result.skipped.append(SkippedLine(child.line, child.text[:200], _skip_reason(child)))
                    continue
                item = _directive(child, schools, shared, section, top.number)
                if item is None:
                    result.skipped.append(SkippedLine(child.line, child.text[:200], NO_EXECUTOR))
                else:
                    result.items.append(item)
            continue
        item = _directive(top, schools, None, None, None)
        if item is None:
            result.skipped.append(SkippedLine(top.line, top.text[:200], _skip_reason(top)))
        else:
            result.items.append(item)
    for item in result.items[first_item:]:
        if item.source_lines and item.source_lines[0] in numbered_by_us:
            item.warnings.append("номер пункта не напечатан: присвоен по порядку")
    for k, item in enumerate(result.items):
        item.dup_index = sum(1 for it in result.items[:k] if it.kind == item.kind and it.number == item.number)
    for line, text in loose:
        reason = LOOSE_DEADLINE if _DEADLINE_LINE.match(text) else UNPARSED_POINT
        result.skipped.append(SkippedLine(line, text[:200], reason))
    return result

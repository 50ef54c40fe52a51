"""Document requisites: kind, number, date, title, issuer, municipality, plan period.

The requisites sit in the letterhead at the top of the first page: the
issuer in capitals, the kind ("РАСПОРЯЖЕНИЕ", letter-spaced "П Р И К А З"),
the date and number on their own lines, then the title starting with "О"/"Об".
A cover letter prints "13 08 2019 № 1008" on one line instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .bodies import nominative
from .text import clean

_HEAD_LINES = 40
_KINDS = ("распоряжение", "приказ", "постановление", "решение", "письмо", "план")
_DATE = re.compile(r"^(\d{1,2})[.\s](\d{1,2})[.\s](\d{4})\s*(?:г\.?)?\s*(?:№\s*(\S+))?$")
_NUMBER = re.compile(r"^(?:№\s*)?([\dА-Яа-я][\w/\-]*)$")
_TITLE = re.compile(r"^Об?\s")
_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
           "декабр")
# "Приказ от 20.02.2012 г № 109", "от 05 февраля 2016 г. № 121": requisites on one line.
_ONE_LINE = re.compile(
    r"^(?:(?P<kind>[А-Яа-яЁё ]+?)\s+)?от\s+(?P<d>\d{1,2})[.\s](?P<m>\d{1,2}|[а-я]+)[.\s](?P<y>\d{4})"
    r"\s*(?:г\.?|года)?\s*(?:№|N)\s*(?P<n>\S+)", re.I)
_ADDRESS = re.compile(r"\d|ул\.|тел|e-mail|www|ИНН", re.I)


@dataclass
class Meta:
    kind: str | None = None
    number: str | None = None
    date: date | None = None
    title: str | None = None
    issuer: str | None = None
    municipality: str | None = None
    body_start: int = 0  # 0-based index of the first line after the title


def _unspace(text: str) -> str:
    """"П Р И К А З" → "ПРИКАЗ"."""
    return re.sub(r"(?<=\b[А-ЯЁ]) (?=[А-ЯЁ]\b)", "", text)


def _date(d: str, m: str, y: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _month(token: str) -> str:
    """"02" → "02", "февраля" → "2" (a month printed as a word)."""
    if token.isdigit():
        return token
    lowered = token.lower()
    for k, stem in enumerate(_MONTHS, start=1):
        if lowered.startswith(stem):
            return str(k)
    return "0"


def _sentence_case(text: str) -> str:
    """Letterhead capitals → normal case, keeping place names capitalised."""
    words = text.lower().split()
    out: list[str] = []
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        prev = out[-1].lower() if out else ""
        proper = (re.search(r"(ского|ской|цкого|цкой)$", word)
                  and nxt.startswith(("район", "област", "кра", "округ")))
        if prev == "города" or proper:
            word = word.capitalize()
        if word == "города" and nxt and i > 0:
            word = "Города"
        out.append(word)
    result = " ".join(out)
    result = re.sub(r"«(\w)", lambda m: "«" + m.group(1).upper(), result)
    return result[:1].upper() + result[1:]


# Capitals that head an approval stamp or an appendix, not the issuing body.
_STAMP = re.compile(r"^(?:УТВЕРЖДА\w*|СОГЛАСОВАН\w*|ПРИНЯТ\w*|ПРИЛОЖЕНИЕ\b.*|ПРОЕКТ)\.?$")


def _issuer(head: list[str]) -> str | None:
    caps = [line for line in head if line.upper() == line and re.search("[А-ЯЁ]{3}", line)
            and not _STAMP.match(line.strip())]
    if not caps:
        return None
    text = " ".join(caps)
    m = re.match(r"АДМИНИСТРАЦИЯ\s+(.+?)\s+((?:ДЕПАРТАМЕНТ|УПРАВЛЕНИЕ|КОМИТЕТ|ОТДЕЛ)\b.*)$", text)
    if m:  # "АДМИНИСТРАЦИЯ ГОРОДА ТОМСКА / ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ"
        return _sentence_case(f"{m.group(2)} администрации {m.group(1)}")
    return _sentence_case(text)


def municipality_of(issuer: str | None) -> str | None:
    """The municipality an issuer belongs to.

    "… администрации Города Томска" → "Город Томск";
    "… Александровского района" → "Александровский район".
    """
    if not issuer:
        return None
    m = re.search(r"\bгорода\s+([А-ЯЁ][а-яё-]+)", issuer, re.I)
    if m:
        return f"Город {nominative(m.group(1)).capitalize()}"
    m = re.search(r"\b([А-ЯЁ][а-яё]+(?:ского|цкого))\s+района", issuer)
    if m:
        return f"{nominative(m.group(1)).capitalize()} район"
    return None


_CELL_DATE = re.compile(r"^(?:от\s+)?«?(\d{1,2})»?[.\s](\d{1,2}|[а-я]+)[.\s](\d{4})\s*(?:г\.?|года)?$", re.I)
_CELL_NUMBER = re.compile(r"^(?:№|N)\s*(\S+)$")


def _dated_cells(meta: Meta, cells: list[str]) -> None:
    """The date and number printed in cells of one line, when both are there."""
    texts = [clean(c) for c in cells if clean(c)]
    dates = [m for t in texts if (m := _CELL_DATE.match(t))]
    numbers = [m for t in texts if (m := _CELL_NUMBER.match(t))]
    if len(dates) == 1 and len(numbers) == 1 and len(texts) <= 4:
        d, mo, y = dates[0].groups()
        meta.date = _date(d, _month(mo), y)
        meta.number = meta.number or numbers[0].group(1)


def parse_meta(lines: list[str]) -> Meta:
    meta = Meta()
    head: list[str] = []
    seen_kind = False
    for i, raw in enumerate(lines[:_HEAD_LINES]):
        text = clean(raw)
        if "\t" in raw and meta.date is None:
            _dated_cells(meta, raw.split("\t"))  # a letterhead table: "10.09.2025 ⇥ г. Томск ⇥ № 245"
        if not text or "\t" in raw:
            continue
        flat = _unspace(text).lower()
        if meta.kind is None and flat in _KINDS:
            meta.kind = flat
            seen_kind = True
            continue
        if meta.date is None and (m := _ONE_LINE.match(text)):
            kind = _unspace(m.group("kind") or "").lower().strip()
            if kind in _KINDS and meta.kind is None:
                meta.kind = kind
                seen_kind = True
            meta.date = _date(m.group("d"), _month(m.group("m")), m.group("y"))
            meta.number = meta.number or m.group("n")
            continue
        if meta.date is None and (m := _DATE.match(text)):
            meta.date = _date(m.group(1), m.group(2), m.group(3))
            meta.number = meta.number or m.group(4)
            continue
        if meta.date is not None and meta.number is None and (m := _NUMBER.match(text)):
            meta.number = m.group(1)
            continue
        if meta.date is not None and meta.title is None and _TITLE.match(text):
            block = [text]
            for follow in lines[i + 1:i + 6]:
                if not clean(follow) or "\t" in follow:
                    break
                block.append(clean(follow))
            meta.title = " ".join(block)
            meta.body_start = i + len(block)
            break
        if not seen_kind and meta.date is None and not _ADDRESS.search(text):
            head.append(text)
    if meta.kind is None and any(re.match(r"Уважаем", clean(x)) for x in lines[:_HEAD_LINES]):
        meta.kind = "письмо"
    meta.issuer = _issuer(head)
    meta.municipality = municipality_of(meta.issuer)
    return meta


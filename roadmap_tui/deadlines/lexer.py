"""Normalising lexer: turns a printed deadline phrase into a canonical string.

Roadmaps print the same deadline in many spellings ("2023года", "2021 – 2022
уч. г.", "<p>**До 01.09.2023 г.**</p>").  Rather than teaching every rule
about every spelling, the lexer rewrites the phrase once into a small,
predictable vocabulary that the rules match with simple regular expressions:

* lower case, "ё" -> "е", every dash -> "-" with no spaces around it;
* HTML tags, entities, ``**`` markers, quotes and brackets removed;
* "Срок:" / "в срок" prefixes and trailing punctuation removed;
* year suffixes dropped: "2023 г.", "2023года", "2019-2025 гг." -> bare years;
* dates "01.06.2023" / "1.6.23" -> ``@20230601`` (invalid dates stay as text);
* month words in any case -> ``#m01`` .. ``#m12``;
* roman / ordinal quarter and half-year numbers -> digits ("IV квартал" -> "4 квартал");
* "учебный год" in any form -> ``учгод``; "1 раз в год" / "каждый год" -> "ежегодно";
* clock times and time ranges ("09.00 ч.", "с 14:00 до 16:00") removed;
* "т.г." / "текущего года" -> ``тг`` (the engine puts the document's year there);
* "в срок до" / "срок не позднее" anywhere -> "до" / "не позднее";
* lists of quarters or half-years ("II, III кв.") -> one item each
  ("2 квартал, 3 квартал"), a range of quarters ("I-III кв.") -> a month range;
* one month shared by several days ("12 и 13 мая") -> one item per day.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Final

MONTHS_NOMINATIVE: Final = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
MONTHS_GENITIVE: Final = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip

# Years outside this range are treated as noise, so that garbage such as
# "до 01.01.0001" cannot produce absurd due dates.
MIN_YEAR: Final = 1990
MAX_YEAR: Final = 2100

# Stems cover nominative, genitive, prepositional and dative forms.
_MONTH_RX: Final = re.compile(
    r"\b(?:(январ[ьяюе])|(феврал[ьяюе])|(март[аеу]?)|(апрел[ьяюе])|(ма[йяюе])|(июн[ьяюе])"
    r"|(июл[ьяюе])|(август[аеу]?)|(сентябр[ьяюе])|(октябр[ьяюе])|(ноябр[ьяюе])|(декабр[ьяюе]))\b"
)
_DATE_RX: Final = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d])")
_TAG_RX: Final = re.compile(r"<[^>]{0,200}>")
_DASH_RX: Final = re.compile(r"[\u2010-\u2015\u2212\u00ad-]+")
_YEAR_SUFFIX_RX: Final = re.compile(
    r"(\d{4})\s*(?:(?:гг|г)\.?(?![а-я])|(?:года|год|годы|годов|годах|гг)(?![а-я]))"
)
_ROMAN: Final = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "і": "1", "іі": "2", "ііі": "3", "іv": "4"}
_ORDINALS: Final = (("перв", "1"), ("втор", "2"), ("трет", "3"), ("четверт", "4"))
_NUM: Final = r"(?:iv|iii|ii|i|іv|ііі|іі|і|[1-4])"
_PERIOD_LIST_RX: Final = re.compile(
    rf"(?<![\d@.-])\b(?P<nums>{_NUM}(?:\s*(?:,|\bи\b|-)\s*{_NUM})*)\s*"
    r"(?P<unit>квартал[а-я]*|полугод[а-я]*)"
)
_DAYS_TO_DATE_RX: Final = re.compile(
    r"(?<![\d@.])\b(?P<first>\d{1,2})\s*(?:-|по|до)\s*@(?P<ym>\d{6})(?P<last>\d\d)\b"
)
_DAY_LIST_RX: Final = re.compile(
    r"(?<![\d@.-])\b(?P<days>\d{1,2}(?:\s*(?:,|\bи\b)\s*\d{1,2}\b)+)\s+(?P<month>#m\d\d)"
)
# A clock time "09.00 ч.", "14:00", "9 ч. 00 мин.", optionally with a preposition
# and a second time of a range.  Dates keep their dots: "01.06.2023" is never
# a time (the look-arounds refuse a third dotted part).
_UNIT: Final = r"(?:\s*(?:ч|час[а-я]*)\b\.?)"
_CLOCK_RX: Final = re.compile(
    r"(?P<pre>\b(?:в|с|до|к|от|по)\s+)?(?<![\d.:])"
    r"(?P<hh>[0-3]?\d)\s*(?P<sep>[.:]|ч\.?)\s*(?P<mm>[0-5]\d)(?!\d|\.\d)"
    rf"(?:\s*мин[а-я]*\b\.?)?(?P<unit>{_UNIT})?"
    r"(?:\s*(?P<to>-|до|по)\s*(?P<hh2>[01]?\d|2[0-3])\s*(?P<sep2>[.:]|ч\.?)\s*(?P<mm2>[0-5]\d)"
    rf"(?!\d|\.\d)(?:\s*мин[а-я]*\b\.?)?(?P<unit2>{_UNIT})?)?"
)
_HOURS_RX: Final = re.compile(r"\b(?:в|к|до)?\s*(?<![\d.])(?:[01]?\d|2[0-3])\s*(?:ч|час[а-я]*)\b\.?")
_CURRENT_YEAR_RX: Final = re.compile(
    r"\b(?:т|с)\.\s*г\b\.?|\b(?:текущего|этого|сего)\s+(?:календарного\s+)?года\b"
)


def year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _date_token(m: re.Match[str]) -> str:
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if len(m.group(3)) == 2:
        year += 2000
    try:
        if not year_ok(year):
            raise ValueError(year)
        return f"@{date(year, month, day):%Y%m%d}"
    except ValueError:
        return m.group(0)  # not a real date: leave it, no rule will accept it


def _month_token(m: re.Match[str]) -> str:
    index = next(i for i, g in enumerate(m.groups()) if g)
    return f"#m{index + 1:02d}"


def _numbering(text: str) -> str:
    """Ordinals before "квартал"/"полугодие" -> digits, then lists and ranges expanded."""
    text = re.sub(r"\bкв\b\.?", "квартал", text)
    for stem, digit in _ORDINALS:
        text = re.sub(rf"\b{stem}[а-я]*\s+(?=(?:квартал|полугод))", digit + " ", text)
    # "1-й квартал", "2-ое полугодие", "1й квартал"
    text = re.sub(r"\b([1-4])\s*-?\s*(?:й|ый|ой|ий|ое|ее|е|го|м|ом)\s+(?=(?:квартал|полугод))",
                  r"\1 ", text)
    return _PERIOD_LIST_RX.sub(_period_list, text)


def _period_list(m: re.Match[str]) -> str:
    """"ii, iii квартал" -> "2 квартал, 3 квартал"; "i-iii квартал" -> "#m01-#m09".

    Every number of a list is its own item, so a table's quarter marks become
    a list of quarter windows; a range of quarters is one window over them.
    """
    unit = "квартал" if m.group("unit").startswith("кв") else "полугодие"
    parts: list[str] = []
    for piece in re.split(r"\s*(?:,|\bи\b)\s*", m.group("nums").strip()):
        ends = [_ROMAN.get(n, n) for n in piece.split("-")]
        if len(ends) == 2 and unit == "квартал" and ends[0] < ends[1]:
            first, last = int(ends[0]), int(ends[1])
            parts.append(f"#m{3 * first - 2:02d}-#m{3 * last:02d}")
        else:
            parts.extend(f"{n} {unit}" for n in ends)
    return ", ".join(parts)


def _days_to_date(m: re.Match[str]) -> str:
    """"с 1 по 15.09.2023" -> "с @20230901-@20230915": the first day shares the month."""
    return f"@{m.group('ym')}{int(m.group('first')):02d}-@{m.group('ym')}{m.group('last')}"


def _day_list(m: re.Match[str]) -> str:
    """"12 и 13 #m05" -> "12 #m05, 13 #m05": each day is its own due date."""
    days = re.findall(r"\d{1,2}", m.group("days"))
    return ", ".join(f"{day} {m.group('month')}" for day in days)


def _clock(m: re.Match[str]) -> str:
    """Drop a clock time; a yearless "15.03" that cannot be a time is a date.

    Only a dotted pair with a real month and no "ч"/"час" is a date, so
    "10.00", "14.30" and "09.05 ч." are times while "до 15.03" is 15 March.
    """
    first = _day_month(m.group("hh"), m.group("sep"), m.group("mm"), m.group("unit"))
    if first is None:
        return " " if int(m.group("hh")) <= 23 else m.group(0)  # "31.45" is neither
    pre = m.group("pre") or ""
    if m.group("to") is None:
        return f" {pre}{first} "
    second = _day_month(m.group("hh2"), m.group("sep2"), m.group("mm2"), m.group("unit2"))
    return f" {pre}{first}-{second} " if second else " "


def _day_month(hh: str, sep: str, mm: str, unit: str | None) -> str | None:
    day, month = int(hh), int(mm)
    if sep != "." or unit or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{day} #m{month:02d}"


def clean_text(raw: str | None) -> str:
    """Printed text without markup, whitespace collapsed; case is kept."""
    text = html.unescape(raw or "")
    text = _TAG_RX.sub(" ", text).replace("*", " ")
    return " ".join(text.split())


def normalise(raw: str | None) -> str:
    """Rewrite a phrase into the canonical vocabulary described above."""
    text = clean_text(raw).lower().replace("ё", "е")
    text = re.sub(r"[\u00b9\u00b2\u00b3\u2070-\u209f]", " ", text)  # footnote marks
    text = _DASH_RX.sub("-", text)
    text = re.sub(r"[«»\"“”„()\[\]{}']", " ", text)
    # Missing spaces: "2023года" -> "2023 года", "до01.06" -> "до 01.06".
    text = re.sub(r"(\d)([^\W\d_])", r"\1 \2", text)
    text = re.sub(r"([^\W\d_])(\d)", r"\1 \2", text)
    text = re.sub(r"\bв\s*течени[ие]\b|\bвтечени[ие]\b", "в течение", text)
    text = re.sub(r"\bучебн[а-я]*\s+год[а-я]*|\bуч\.?\s*год[а-я]*|\bуч\.\s*г\b\.?", "учгод", text)
    text = _YEAR_SUFFIX_RX.sub(r"\1", text)
    text = _CURRENT_YEAR_RX.sub(" тг ", text)
    text = re.sub(r"\bвключительно\b", " ", text)
    text = " ".join(text.split())
    text = re.sub(r"^(?:срок(?:\s+исполнения)?\s*[:-]?\s*)", "", text)
    text = re.sub(r"^в\s+срок\b\s*[:-]?\s*", "", text)
    text = re.sub(
        r"\b(?:в\s+)?(?:установленн[а-я]*\s+)?срок[и]?\s*[:-]?\s*(?=(?:до|не позднее|не позже|к)\b)",
        "", text,
    )
    text = re.sub(r"\b(\d{1,2})\s*-?\s*(?:го|е|ое)\s+(?=числ)", r"\1 ", text)  # "15-го числа"
    text = _DATE_RX.sub(_date_token, text)
    text = _DAYS_TO_DATE_RX.sub(_days_to_date, text)
    text = _CLOCK_RX.sub(_clock, text)
    text = _HOURS_RX.sub(" ", text)
    text = _MONTH_RX.sub(_month_token, text)
    text = _DAY_LIST_RX.sub(_day_list, text)
    text = _numbering(text)
    text = re.sub(
        r"(?:\b1\s+)?\bраз\s+в\s+год\b|\bкаждый\s+год\b|\bежегодн[а-я]*", "ежегодно", text
    )
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s*([,;])\s*", r"\1 ", text)
    text = " ".join(text.split())
    return text.strip(" .,;:!-")

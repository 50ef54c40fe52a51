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
* "учебный год" in any form -> ``учгод``; "1 раз в год" / "каждый год" -> "ежегодно".
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
_ROMAN: Final = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "і": "1", "іі": "2"}
_ORDINALS: Final = (("перв", "1"), ("втор", "2"), ("трет", "3"), ("четверт", "4"))


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
    """Roman numerals and ordinals before "квартал"/"полугодие" -> digits."""
    text = re.sub(
        r"\b(iv|iii|ii|i|іі|і)\s*(?=(?:квартал|полугод))",
        lambda m: _ROMAN[m.group(1)] + " ",
        text,
    )
    for stem, digit in _ORDINALS:
        text = re.sub(rf"\b{stem}[а-я]*\s+(?=(?:квартал|полугод))", digit + " ", text)
    # "1-й квартал", "2-ое полугодие", "1й квартал"
    return re.sub(r"\b([1-4])\s*-?\s*(?:й|ый|ой|ий|ое|ее|е|го|м|ом)\s+(?=(?:квартал|полугод))",
                  r"\1 ", text)


def clean_text(raw: str | None) -> str:
    """Printed text without markup, whitespace collapsed; case is kept."""
    text = html.unescape(raw or "")
    text = _TAG_RX.sub(" ", text).replace("*", " ")
    return " ".join(text.split())


def normalise(raw: str | None) -> str:
    """Rewrite a phrase into the canonical vocabulary described above."""
    text = clean_text(raw).lower().replace("ё", "е")
    text = _DASH_RX.sub("-", text)
    text = re.sub(r"[«»\"“”„()\[\]{}']", " ", text)
    # Missing spaces: "2023года" -> "2023 года", "до01.06" -> "до 01.06".
    text = re.sub(r"(\d)([^\W\d_])", r"\1 \2", text)
    text = re.sub(r"([^\W\d_])(\d)", r"\1 \2", text)
    text = re.sub(r"\bв\s*течени[ие]\b|\bвтечени[ие]\b", "в течение", text)
    text = re.sub(r"\bучебн[а-я]*\s+год[а-я]*|\bуч\.?\s*год[а-я]*|\bуч\.\s*г\b\.?", "учгод", text)
    text = _YEAR_SUFFIX_RX.sub(r"\1", text)
    text = " ".join(text.split())
    text = re.sub(r"^(?:срок(?:\s+исполнения)?\s*[:-]?\s*)", "", text)
    text = re.sub(r"^в\s+срок\b\s*[:-]?\s*", "", text)
    text = _DATE_RX.sub(_date_token, text)
    text = _MONTH_RX.sub(_month_token, text)
    text = _numbering(text)
    text = re.sub(
        r"(?:\b1\s+)?\bраз\s+в\s+год\b|\bкаждый\s+год\b|\bежегодн[а-я]*", "ежегодно", text
    )
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s*([,;])\s*", r"\1 ", text)
    text = " ".join(text.split())
    return text.strip(" .,;:!-")

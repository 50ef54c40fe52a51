"""Rules for phrases that carry no due date of their own.

"Постоянно", "по мере необходимости" and "по плану ЦПК" all mean the item
cannot be overdue by the calendar: continuous work, on-demand work, or a
date another body will set.  They are checked before the dated rules so
that e.g. "по плану ЦПК на 2023 год" is not mistaken for a 2023 window.
"""

from __future__ import annotations

import re
from typing import Final

from . import explain
from .lexer import clean_text
from .model import Kind, PlanContext, Schedule

_AS_NEEDED_RX: Final = re.compile(
    r"(?:далее\s+)?(?:по мере (?:необходимости|потребности|поступлени[а-я]*(?: [а-я]+)?)"
    r"|по необходимости|при необходимости|по запрос[а-я]*(?: [а-я]+)*|по требованию"
    r"|по мере надобности)"
)
_CONTINUOUS_RX: Final = re.compile(
    r"(?:далее\s+)?(?:постоянно|в постоянном режиме|на постоянной основе|систематически"
    r"|регулярно|непрерывно|бессрочно|в течение всего времени|все время)"
)
_SINCE_RX: Final = re.compile(
    r"^(?:начиная\s+)?с\s+(?:@\d{8}|\d{1,2}\s+#m\d\d(?:\s+\d{4})?|#m\d\d(?:\s+\d{4})?|\d{4})"
    r"(?:\s*[-,;]\s*|\s+)(?=\S)"
)
# Daily work is continuous (DEADLINES.md): it is never overdue as a whole.
_DAILY_RX: Final = re.compile(
    r"(?:ежедневно|каждый(?: рабочий)? день|по рабочим дням|в рабочие дни)"
    r"(?:[\s,]+(?:в рабочие дни|по рабочим дням|кроме [а-я ]+|в течение (?:всего )?(?:учгод|года|периода)))*"
)
_PLAN_PREFIX_RX: Final = re.compile(
    r"^(?:по|согласно|в соответствии с|в соответствии со)\s+"
    r"(?:отдельн[а-я]*\s+|утвержденн[а-я]*\s+|собственн[а-я]*\s+|своему\s+|своим\s+)?"
    r"(?:план[а-я]*|график[а-я]*|программ[а-я]*|дорожн[а-я]* карт[а-я]*)\b"
)
_PRINTED_PREFIX_RX: Final = re.compile(
    r"^\s*(?:по|согласно|в\s+соответствии\s+со?)\s+(?:план[а-яё]*|график[а-яё]*|программ[а-яё]*)"
    r"\s*",
    re.IGNORECASE,
)
# Canonical body codes, checked in this order (ДОО ТО before the bare "ОО").
OWNER_PATTERNS: Final = (
    ("ДОО_ТО", re.compile(r"департамент[а-я]*\s+общего\s+образования|\bдоо[\s_]*то\b")),
    ("РЕГ_КООРД", re.compile(r"регионал[а-я]*\s+координатор[а-я]*|\bрег[\s_.]*коорд")),
    ("ИМЦ", re.compile(r"\bимц\b|информационно-методическ[а-я]* центр")),
    ("ЦПК", re.compile(r"\bцпк\b|планировани[а-я]*\s+карьеры")),
    ("ОО", re.compile(r"программ[а-я]*\s+воспитания|\bоо\b")),
)


def as_needed(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    if not _AS_NEEDED_RX.fullmatch(text):
        return None
    return Schedule(phrase, Kind.AS_NEEDED, explain=explain.AS_NEEDED)


def continuous(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    # "с 1 сентября 2023 г. – постоянно": the start date does not make a due date.
    text = _SINCE_RX.sub("", text)
    if _DAILY_RX.fullmatch(text):
        return Schedule(phrase, Kind.CONTINUOUS, explain=explain.DAILY)
    if not _CONTINUOUS_RX.fullmatch(text):
        return None
    return Schedule(phrase, Kind.CONTINUOUS, explain=explain.CONTINUOUS)


def owner_code(text: str) -> str | None:
    for code, rx in OWNER_PATTERNS:
        if rx.search(text):
            return code
    return None


def by_plan(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    """"По плану X", "По отдельному плану", a programme, or a bare body name."""
    code = owner_code(text)
    prefixed = _PLAN_PREFIX_RX.match(text) is not None
    programme = re.search(r"программ[а-я]*\s+воспитания", text) is not None
    bare_body = code is not None and len(text.split()) <= 4 and not re.search(r"\d|#m|@", text)
    if not (prefixed or programme or bare_body):
        return None
    owner = code
    if owner is None and prefixed and "отдельн" not in text:
        printed = _PRINTED_PREFIX_RX.sub("", clean_text(phrase)).strip(" .;:,«»\"")
        owner = printed or None
    return Schedule(phrase, Kind.BY_PLAN, owner=owner, explain=explain.by_plan(owner))

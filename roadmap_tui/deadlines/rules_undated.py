"""Rules for phrases that carry no due date of their own.

"Постоянно", "по мере необходимости" and "по плану ЦПК" all mean the item
cannot be overdue by the calendar: continuous work, on-demand work, or a
date another body will set.  They are checked before the dated rules so
that e.g. "по плану ЦПК на 2023 год" is not mistaken for a 2023 window.
Which body a plan belongs to is the body registry's knowledge
(``roadmap_tui.names``), not a pattern here.
"""

from __future__ import annotations

import re
from typing import Final

from roadmap_tui.names import bundled_names

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
_PROGRAMME_RX: Final = re.compile(r"программ[а-я]*\s+воспитания")
#: A bare body name ("ЦПК", "Планирование карьеры") is a short phrase with no date in it.
_BARE_WORDS: Final = 4
_DATED_RX: Final = re.compile(r"\d|#m|@")


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


def _named_owner(phrase: str) -> tuple[str, str] | None:
    """(code, the name as printed) of the first body the phrase names, by the bundled registry.

    Matched on the printed phrase, not the lower-cased one: an abbreviation
    counts only in its own case ("ДО" is the department, "до" a preposition).
    """
    printed = clean_text(phrase)
    spans = bundled_names().spans(printed)
    if not spans:
        return None
    return spans[0].codes[0], printed[spans[0].start:spans[0].end]


def _plan_of(owner: tuple[str, str] | None, phrase: str, printed: str | None) -> Schedule:
    code, label = owner if owner else (printed, printed)
    # Shown as the document names it: its words are already in the right case.
    return Schedule(phrase, Kind.BY_PLAN, owner=code, explain=explain.by_plan(label))


def by_plan(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    """"По плану X", "По отдельному плану", a programme: X's plan, no date of its own."""
    prefixed = _PLAN_PREFIX_RX.match(text) is not None
    if not (prefixed or _PROGRAMME_RX.search(text)):
        return None
    printed = None
    if prefixed and "отдельн" not in text:
        printed = _PRINTED_PREFIX_RX.sub("", clean_text(phrase)).strip(" .;:,«»\"") or None
    return _plan_of(_named_owner(phrase), phrase, printed)


def named_body(text: str, phrase: str, ctx: PlanContext) -> Schedule | None:
    """A bare body name ("ЦПК", "МАУ ИМЦ г. Томска"): that body's plan.

    Tried after every dated rule, so that only a phrase nothing else reads
    is looked up in the registry (and pymorphy3 is loaded only then).
    """
    if len(text.split()) > _BARE_WORDS or _DATED_RX.search(text):
        return None
    owner = _named_owner(phrase)
    return _plan_of(owner, phrase, None) if owner else None

"""Why a line that looked like an obligation gave no item, and which reasons need a person.

The importer never drops a numbered line, a table row or a "Срок" line
silently: each one lands in ``ParsedDocument.skipped`` with its reason.
Some reasons are explained by the document itself (an approval the order
performs, a point with no executor, an editorial note); the others mean
the parser did not understand the line, and the document then carries a
loud warning so that the coordinator checks it before relying on it.
"""

from __future__ import annotations

from .types import ParsedDocument

# Reasons the document explains: listed, but no loud warning.
APPROVAL = "пункт утверждает документ (исполняется самим актом)"
TAKE_NOTE = "пункт «принять к сведению» — поручения нет"
NO_EXECUTOR = "пункт без исполнителя"
SELF_CONTROL = "контроль оставлен за подписавшим — исполнителя нет"
GROUP_HEAD = "подпункт только вводит свои подпункты"
APPOINTMENT = "пункт назначает ответственного (исполняется самим актом)"
FINDING = "констатирующий пункт (нет поручения)"
EDITORIAL = "редакционная пометка, не мероприятие"
SUBHEADING = "подзаголовок таблицы без номера и срока"
DATA_TABLE = "таблица без мероприятий (нет столбцов срока и исполнителя)"
EXPLAINED = {GROUP_HEAD, SELF_CONTROL, APPOINTMENT, APPROVAL, TAKE_NOTE, NO_EXECUTOR, FINDING,
             EDITORIAL, SUBHEADING, DATA_TABLE}

# Reasons that mean "not understood".
UNNUMBERED_ROW = "строка таблицы без номера не понята"
ORPHAN_CONTINUATION = "продолжение строки таблицы без её начала"
UNKNOWN_TABLE = "заголовок таблицы не распознан: столбцы не поняты"
LOOSE_DEADLINE = "строка со сроком не отнесена ни к одному пункту"
UNPARSED_POINT = "нумерованный пункт не понят"


def unexplained(doc: ParsedDocument) -> list[int]:
    """1-based lines skipped for a reason the document does not explain."""
    return sorted({s.line for s in doc.skipped if s.reason not in EXPLAINED})


def add_loud_warnings(doc: ParsedDocument) -> None:
    """The document-level warnings a coordinator must not miss."""
    if not doc.items:
        doc.warnings.insert(0, "ВНИМАНИЕ: в документе не найдено ни одного мероприятия или поручения — "
                               "проверьте, что это нужный документ и что его таблица распознана")
    lines = unexplained(doc)
    if lines:
        shown = ", ".join(str(n) for n in lines[:15]) + (" …" if len(lines) > 15 else "")
        doc.warnings.insert(0 if doc.items else 1,
                            f"ВНИМАНИЕ: строк, похожих на мероприятия, но не понятых и не импортированных: "
                            f"{len(lines)} (строки {shown})")

"""Executors printed in documents that no registry body matched, and mapping them once.

Other regions' documents name "органы местного самоуправления …", a ministry
or a person; the importer keeps the text as printed. The coordinator maps a
printed text to bodies once: it becomes a registry alias (so later imports
match it) and is applied at once to the stored items that printed it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from roadmap_tui.errors import BadInput, NotFound
from roadmap_tui.importer.registry_match import exact_alias, known_names
from roadmap_tui.importer.revise import Author, Effects, body_codes, revise_item
from roadmap_tui.model.tables import Body, Document, ImportNote, Item, ItemBody


@dataclass(frozen=True)
class Unmapped:
    printed: str
    items: list[int]


def unmapped(session: Session) -> list[Unmapped]:
    """Printed executors of items that have no responsible body, most frequent first."""
    with_bodies = select(ItemBody.item_id)
    found: dict[str, list[int]] = {}
    for item_id, printed in session.exec(
        select(Item.id, Item.responsible_raw).where(
            col(Item.responsible_raw).is_not(None), col(Item.id).not_in(with_bodies),
            col(Item.withdrawn).is_(None)).order_by(col(Item.id))
    ):
        if printed and printed.strip() and item_id is not None:
            found.setdefault(printed.strip(), []).append(item_id)
    return sorted((Unmapped(k, v) for k, v in found.items()), key=lambda u: (-len(u.items), u.printed))


@dataclass
class MapResult:
    codes: list[str]
    items: list[int]
    effects: Effects


def map_executor(
    session: Session, printed: str, codes: list[str], *, by: str, now: datetime, horizon: date
) -> MapResult:
    """Remember `printed` as an alias of `codes` and give the items that printed it those bodies."""
    printed = " ".join(printed.split())
    if not printed:
        raise BadInput("Укажите текст исполнителя, как он напечатан в документе.")
    bodies = []
    for code in codes:
        body = session.exec(select(Body).where(Body.code == code)).first()
        if body is None:
            raise NotFound(f"Ответственный «{code}» не найден в справочнике (roadmap bodies).")
        bodies.append(body)
    for body in bodies:
        aliases = [a for a in body.aliases.split("|") if a]
        if printed not in aliases:
            body.aliases = "|".join([*aliases, printed])
            session.add(body)
    session.flush()
    names = known_names((b.code, [printed]) for b in bodies)
    author = Author(by=by, now=now, reason=f"сопоставлен исполнитель «{printed}»",
                    batch=f"map-{uuid.uuid4().hex[:12]}")
    touched, effects = [], Effects()
    for item in list(session.exec(select(Item).where(col(Item.responsible_raw).is_not(None),
                                                     col(Item.withdrawn).is_(None)))):
        assert item.id is not None
        if not exact_alias(item.responsible_raw or "", names):
            continue
        current = body_codes(session, item.id)
        wanted = list(dict.fromkeys([*current, *codes]))
        if wanted == current:
            continue
        document = session.get(Document, item.document_id)
        assert document is not None
        _, done = revise_item(session, item, document, {"bodies": wanted}, author=author,
                              horizon=horizon)
        effects += done
        touched.append(item.id)
        for note in session.exec(select(ImportNote).where(ImportNote.item_id == item.id)):
            if "ответствен" in note.message:
                session.delete(note)
    session.flush()
    return MapResult(codes, touched, effects)

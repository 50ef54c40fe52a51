"""Turn items' due dates and responsible bodies into assignments, set-based.

One INSERT … SELECT per call, whatever the number of rows: a region holds a
million assignments and a Python loop over them would be the bottleneck.
Groups ("ОО") expand to every school of the document's municipality; a group
with no known schools yet keeps one assignment of its own, which is dropped
(if nobody touched it) as soon as the schools are registered.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from roadmap_tui.settings import utcnow

# The schools a group expands to, for one (item_body, document) pair.
_IS_MEMBER = (
    "s.kind = 'school' AND (d.municipality IS NULL OR s.municipality IS NULL"
    " OR s.municipality = d.municipality)"
)

# A school named directly and also reached through its group gets one
# assignment, the direct one; GROUP BY keeps a school in two groups single.
_TARGETS = f"""
  SELECT item_id, body_id, MIN(via_group_id) AS via_group_id FROM (
    SELECT ib.item_id AS item_id, rb.id AS body_id, NULL AS via_group_id
    FROM item_body ib JOIN body rb ON rb.id = ib.body_id
    WHERE rb.kind <> 'group' {{only}}
  UNION ALL
    SELECT ib.item_id, s.id, rb.id
    FROM item_body ib
    JOIN body rb ON rb.id = ib.body_id AND rb.kind = 'group'
    JOIN item i ON i.id = ib.item_id
    JOIN document d ON d.id = i.document_id
    JOIN body s ON {_IS_MEMBER}
    WHERE NOT EXISTS (SELECT 1 FROM item_body x WHERE x.item_id = ib.item_id AND x.body_id = s.id)
      {{only}}
  UNION ALL
    SELECT ib.item_id, rb.id, NULL
    FROM item_body ib
    JOIN body rb ON rb.id = ib.body_id AND rb.kind = 'group'
    JOIN item i ON i.id = ib.item_id
    JOIN document d ON d.id = i.document_id
    WHERE NOT EXISTS (SELECT 1 FROM body s WHERE {_IS_MEMBER}) {{only}}
  ) targets GROUP BY item_id, body_id
"""

_INSERT = """
INSERT INTO assignment (item_id, body_id, via_group_id, occurrence, window_start,
                        original_due_on, due_on, status, report_received, version, updated_at)
SELECT t.item_id, t.body_id, t.via_group_id, due.occurrence, due.window_start,
       due.due_on, due.due_on, 'planned', :no, 1, :now
FROM ({targets}) t
JOIN item_due due ON due.item_id = t.item_id
JOIN item it ON it.id = t.item_id
WHERE {scope} NOT EXISTS (
    SELECT 1 FROM assignment a
    WHERE a.item_id = t.item_id AND a.body_id = t.body_id AND a.occurrence = due.occurrence)
"""

# A group's own placeholder assignment, untouched, once the group has members.
_DROP_PLACEHOLDERS = f"""
DELETE FROM assignment
WHERE version = 1 AND id IN (
    SELECT a.id FROM assignment a
    JOIN body rb ON rb.id = a.body_id AND rb.kind = 'group'
    JOIN item i ON i.id = a.item_id
    JOIN document d ON d.id = i.document_id
    WHERE EXISTS (SELECT 1 FROM body s WHERE {_IS_MEMBER}))
"""


def materialize_assignments(session: Session, document_id: int | None = None) -> int:
    """Create every missing assignment (of one document, or of all); return how many."""
    session.execute(text(_DROP_PLACEHOLDERS))
    scope = "" if document_id is None else "it.document_id = :document_id AND"
    # The document's items inside every branch of the targets, not only after
    # them: filtering the finished GROUP BY built the targets of every stored
    # item for each imported document (665 ms a document at a million rows).
    only = "" if document_id is None else (
        "AND ib.item_id IN (SELECT di.id FROM item di WHERE di.document_id = :document_id)")
    sql = _INSERT.format(targets=_TARGETS.replace("{only}", only), scope=scope)
    params = {"document_id": document_id, "now": utcnow(), "no": False}
    result = session.execute(text(sql), params)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

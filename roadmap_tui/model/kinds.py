"""Kinds of responsible bodies, in the order every listing shows them.

Departments first, then centres, groups of organisations, others, and the
schools last (there are dozens of them). Stored in `body.kind` as the value.
"""

from __future__ import annotations

from enum import StrEnum


class BodyKind(StrEnum):
    DEPARTMENT = "department"
    CENTRE = "centre"
    GROUP = "group"
    OTHER = "other"
    SCHOOL = "school"

    @property
    def rank(self) -> int:
        """Position in listings: the order of definition above."""
        return _RANK[self]

    @property
    def heading(self) -> str:
        """The Russian heading of a group of bodies of this kind."""
        return KIND_TITLES[self]


_RANK = {kind: position for position, kind in enumerate(BodyKind)}

KIND_TITLES: dict[BodyKind, str] = {
    BodyKind.DEPARTMENT: "Департамент и управления",
    BodyKind.CENTRE: "Центры и учреждения",
    BodyKind.GROUP: "Группы организаций",
    BodyKind.OTHER: "Прочие",
    BodyKind.SCHOOL: "Образовательные организации",
}


def kind_rank(kind: str | None) -> int:
    """The listing position of a stored kind; an unknown one sorts with «Прочие»."""
    try:
        return BodyKind(kind or "").rank
    except ValueError:
        return BodyKind.OTHER.rank


def kind_rank_sql(column: str = "kind") -> str:
    """The same order as an SQL expression over `column`."""
    whens = " ".join(f"WHEN '{k.value}' THEN {k.rank}" for k in BodyKind)
    return f"CASE {column} {whens} ELSE {BodyKind.OTHER.rank} END"

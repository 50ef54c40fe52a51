"""Executors matched to the bodies the database registry knows.

A municipality registers its own bodies ("Управление образования
Тегульдетского района", with aliases) and the coordinator maps printed
executors to bodies (`roadmap bodies map`, stored as aliases). Those names are
matched the one way every name is (``roadmap_tui.names``: any grammatical
case, abbreviations as printed), only fed from the database's rows instead of
the bundled CSV.
"""

from __future__ import annotations

from collections.abc import Iterable

from roadmap_tui.names import BodyNames, NamedBody

from .bodies import match_bodies


def registry_names(bodies: Iterable[NamedBody]) -> BodyNames:
    """The names (short, full, aliases) of registry rows, ready for matching."""
    return BodyNames.of_bodies(bodies)


def known_names(bodies: Iterable[tuple[str, Iterable[str]]]) -> BodyNames:
    """(code, names) pairs as matchable names; a very short one ("ДО") only as the whole text."""
    return BodyNames.of_names(bodies)


def match_registry(text: str, names: BodyNames) -> list[str]:
    """Codes of the registered bodies named in `text`, in order of first appearance."""
    return match_bodies(text, names)


def exact_alias(text: str, names: BodyNames) -> list[str]:
    """Codes one of whose names is the whole of `text` (in any grammatical case)."""
    return names.whole(text)

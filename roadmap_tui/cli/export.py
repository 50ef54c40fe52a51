"""`roadmap export ics`, `roadmap digest`, `roadmap serve`: the outward faces."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roadmap_tui.cli.parser import Parents


def register(sub: Any, parents: Parents) -> None:
    """Filled in with the exporter (calendar feeds, digests, the feed server)."""
    del sub, parents


"""Names of the responsible bodies, and how printed text is matched to them.

One registry (the bundled ``data/bodies.csv``, or the database's body rows)
and one way to match: words are reduced to their normal forms by pymorphy3,
so "Центру планирования карьеры" finds the alias "Центр планирования
карьеры", while abbreviations ("ИМЦ", "ОО") match only as printed. The
importer and the deadline engine both use it, so this package sits below
every layer and imports nothing of the project but its settings.
"""

from __future__ import annotations

from .bundled import bundled_names, bundled_rows
from .matcher import BodyNames, NamedBody, Span

__all__ = ["BodyNames", "NamedBody", "Span", "bundled_names", "bundled_rows"]

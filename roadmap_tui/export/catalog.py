"""`index.html` (Russian) and `feeds.json`: every feed with its webcal:// and https:// link.

Links are built from the configured base URL and our own safe file names;
every piece of user text in the page is HTML-escaped.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from html import escape

from roadmap_tui.export.source import BodyInfo, DocInfo

KIND_ORDER = {"all": 0, "body": 1, "document": 2, "tasks": 3}
KIND_TITLES = {
    "all": "Все мероприятия",
    "body": "Календари ответственных",
    "document": "Календари документов",
    "tasks": "Задачи (для Thunderbird, Apple Reminders)",
}
_BODY_ORDER = {"department": 0, "centre": 1, "group": 2, "other": 3, "school": 4}


@dataclass(frozen=True)
class Feed:
    kind: str
    title: str
    code: str
    file: str
    https: str
    webcal: str
    components: int


def _links(base_url: str, name: str) -> tuple[str, str]:
    url = f"{base_url.rstrip('/')}/{name}"
    scheme, sep, rest = url.partition("://")
    return url, (f"webcal://{rest}" if sep else url)


def feeds(base_url: str, bodies: dict[int, BodyInfo], body_slugs: dict[int, str],
          docs: dict[int, DocInfo], doc_slugs: dict[int, str], counts: dict[str, int]) -> list[Feed]:
    """The catalogue in display order: all, bodies (departments first), documents, tasks."""
    out = []

    def add(kind: str, title: str, code: str, name: str) -> None:
        https, webcal = _links(base_url, name)
        out.append(Feed(kind, title, code, name, https, webcal, counts.get(name, 0)))

    add("all", "Все мероприятия всех дорожных карт", "*", "all.ics")
    ordered = sorted(body_slugs, key=lambda b: (_BODY_ORDER.get(bodies[b].kind, 5), bodies[b].code))
    for body_id in ordered:
        body = bodies[body_id]
        add("body", body.full_name or body.label, body.code, f"body-{body_slugs[body_id]}.ics")
    for doc_id in sorted(doc_slugs, key=lambda d: docs[d].source_name):
        doc = docs[doc_id]
        add("document", doc.title or doc.label, doc.number or doc.source_name, f"doc-{doc_slugs[doc_id]}.ics")
    for body_id in ordered:
        body = bodies[body_id]
        add("tasks", body.full_name or body.label, body.code, f"tasks-{body_slugs[body_id]}.ics")
    return out


def render(items: list[Feed]) -> dict[str, bytes]:
    """{'index.html': …, 'feeds.json': …}: no dates inside, so they change only with the feed list."""
    data = json.dumps({"feeds": [asdict(f) for f in items]},
                      ensure_ascii=False, indent=2).encode() + b"\n"
    return {"feeds.json": data, "index.html": _html(items).encode()}


def _html(items: list[Feed]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ru"><head><meta charset="utf-8">',
        "<title>Календари дорожных карт</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "td,th{padding:.2em .6em;text-align:left}tr:nth-child(even){background:#f4f4f4}</style>",
        "</head><body>",
        "<h1>Календари дорожных карт</h1>",
        "<p>Чтобы подписаться, нажмите «Подписаться» (webcal://) "
        "или скопируйте ссылку https:// в Google Календарь («Добавить календарь → По URL»), "
        "Outlook («Добавить календарь → Подписаться из Интернета») или Календарь iOS/macOS. "
        "Календари обновляются каждые 6 часов; напоминания в подписках часто не работают — "
        "для этого есть еженедельная рассылка.</p>",
    ]
    for kind in sorted(KIND_TITLES, key=KIND_ORDER.__getitem__):
        group = [f for f in items if f.kind == kind]
        if not group:
            continue
        parts.append(f"<h2>{escape(KIND_TITLES[kind])}</h2>")
        parts.append("<table><tr><th>Код</th><th>Название</th><th>Записей</th><th>Ссылки</th></tr>")
        for f in group:
            parts.append(
                f"<tr><td>{escape(f.code)}</td><td>{escape(f.title)}</td><td>{f.components}</td>"
                f'<td><a href="{escape(f.webcal)}">Подписаться</a> · '
                f'<a href="{escape(f.https)}">{escape(f.file)}</a></td></tr>'
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

"""`index.html` (Russian) and `feeds.json`: every feed with its private webcal:// and https:// link.

The page lists bodies by their Russian names, grouped by kind (departments,
centres, groups, schools), with a search box and, per body, its calendar,
its tasks and its latest digest; then the documents' feeds and the overall
one. Links carry each body's token (`export.tokens`), so the page is the
coordinator's: `serve` shows it only under the head's token, or to anyone
when started with `--public-index`. When no public base URL is configured
the page says so in red, since 127.0.0.1 links work on this computer only.
Every piece of user text is HTML-escaped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from html import escape

from roadmap_tui.export.source import BodyRow, DocInfo, by_kind_and_code
from roadmap_tui.export.tokens import HEAD, body_scope, private_url
from roadmap_tui.model.kinds import BodyKind

KIND_TITLES = {
    "all": "Все мероприятия",
    "body": "Календари ответственных",
    "document": "Календари документов",
    "tasks": "Задачи (для Thunderbird, Apple Reminders)",
}
NO_BASE_URL = ("Публичный адрес не настроен (ROADMAP_BASE_URL или --base-url): ссылки ведут на 127.0.0.1 "
               "и работают только на этом компьютере.")


@dataclass(frozen=True)
class Feed:
    kind: str
    title: str
    code: str
    file: str
    https: str
    webcal: str
    components: int
    body_kind: str = ""
    digest: str = ""  # the body's latest HTML digest (private link), for body feeds


def _links(base_url: str, token: str | None, name: str) -> tuple[str, str]:
    url = private_url(base_url, token, name)
    scheme, sep, rest = url.partition("://")
    return url, (f"webcal://{rest}" if sep else url)


def latest_digest_name(slug: str) -> str:
    return f"digests/latest-{slug}.html"


def feeds(base_url: str, bodies: dict[int, BodyRow], body_slugs: dict[int, str],
          docs: dict[int, DocInfo], doc_slugs: dict[int, str], counts: dict[str, int],
          tokens: dict[str, str] | None = None) -> list[Feed]:
    """The catalogue in display order: all, bodies (departments first), documents, tasks."""
    tokens = tokens or {}
    out = []

    def add(kind: str, title: str, code: str, name: str, token: str | None, body: BodyRow | None = None,
            slug: str = "") -> None:
        https, webcal = _links(base_url, token, name)
        digest = private_url(base_url, token, latest_digest_name(slug)) if slug and kind == "body" else ""
        out.append(Feed(kind, title, code, name, https, webcal, counts.get(name, 0),
                        body.kind if body else "", digest))

    head = tokens.get(HEAD)
    add("all", "Все мероприятия всех дорожных карт", "*", "all.ics", head)
    ordered = [b for b in by_kind_and_code(bodies) if b in body_slugs]
    for body_id in ordered:
        body = bodies[body_id]
        add("body", body.full_name or body.label, body.code, f"body-{body_slugs[body_id]}.ics",
            tokens.get(body_scope(body_id)), body, body_slugs[body_id])
    for doc_id in sorted(doc_slugs, key=lambda d: docs[d].source_name):
        doc = docs[doc_id]
        add("document", doc.title or doc.label, doc.number or doc.source_name, f"doc-{doc_slugs[doc_id]}.ics", head)
    for body_id in ordered:
        body = bodies[body_id]
        add("tasks", body.full_name or body.label, body.code, f"tasks-{body_slugs[body_id]}.ics",
            tokens.get(body_scope(body_id)), body)
    return out


FILES = ("feeds.json", "index.html", "public.html")


def render(items: list[Feed], *, base_configured: bool = True) -> dict[str, bytes]:
    """{'index.html', 'public.html', 'feeds.json'}: no dates inside, so they change only with the feed list.

    `public.html` is the same list without a single private link (what `serve --public-index` shows on /).
    """
    names = [f.name for f in fields(Feed)]
    data = json.dumps({"feeds": [{n: getattr(f, n) for n in names} for f in items],
                       "base_url_configured": base_configured}, ensure_ascii=False, indent=2).encode() + b"\n"
    return {"feeds.json": data, "index.html": _html(items, base_configured).encode(),
            "public.html": _html(items, base_configured, public=True).encode()}


def signature(items: list[Feed], *, base_configured: bool = True) -> str:
    """What the rendered files depend on: an export that finds it unchanged need not render them."""
    return hashlib.sha256(repr((items, base_configured)).encode()).hexdigest()


_SEARCH = """<script>
document.getElementById('q').addEventListener('input', function () {
  var q = this.value.toLowerCase();
  document.querySelectorAll('tr.b').forEach(function (row) {
    row.style.display = row.dataset.name.indexOf(q) >= 0 ? '' : 'none';
  });
});
</script>"""


def _html(items: list[Feed], base_configured: bool, *, public: bool = False) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ru"><head><meta charset="utf-8">',
        '<meta name="referrer" content="no-referrer">',
        "<title>Календари дорожных карт</title>",
        "<style>body{font-family:sans-serif;max-width:64em;margin:2em auto}"
        "td,th{padding:.2em .6em;text-align:left}tr:nth-child(even){background:#f4f4f4}"
        ".warn{color:#fff;background:#c0392b;padding:.6em 1em;font-weight:bold}"
        "#q{font-size:1.1em;padding:.3em;width:24em}</style>",
        "</head><body>",
        "<h1>Календари дорожных карт</h1>",
    ]
    if not base_configured:
        parts.append(f'<p class="warn" role="alert">{escape(NO_BASE_URL)}</p>')
    parts += [
        "<p>Чтобы подписаться, нажмите «Подписаться» (webcal://) "
        "или скопируйте ссылку https:// в Google Календарь («Добавить календарь → По URL»), "
        "Outlook («Добавить календарь → Подписаться из Интернета») или Календарь iOS/macOS. "
        + ("Личные ссылки на календари и сводки рассылаются каждой организации вместе с еженедельной сводкой. "
           if public else
           "Ссылки личные: каждая содержит ключ доступа организации, не пересылайте их посторонним. ") +
        "Календари обновляются каждые 6 часов; напоминания в подписках часто не работают — "
        "для этого есть еженедельная рассылка.</p>",
        '<p><label for="q">Поиск: </label><input id="q" type="search" '
        'placeholder="название или код организации"></p>',
    ]
    bodies = [f for f in items if f.kind == "body"]
    tasks = {f.code: f for f in items if f.kind == "tasks"}
    for body_kind in BodyKind:
        group = [f for f in bodies if f.body_kind == body_kind]
        if not group:
            continue
        parts.append(f"<h2>{escape(body_kind.heading)} ({len(group)})</h2>")
        parts.append("<table><tr><th>Организация</th><th>Записей</th><th>Календарь</th>"
                     "<th>Задачи</th><th>Сводка</th></tr>")
        for f in group:
            task = tasks.get(f.code)
            task_cell = (f'<a href="{escape(task.webcal)}">Подписаться</a>' if task else "—")
            name = f"{f.title} {f.code}".lower()
            if public:
                parts.append(f'<tr class="b" data-name="{escape(name)}"><td>{escape(f.title)}</td>'
                             f"<td>{f.components}</td><td>по личной ссылке</td><td>—</td><td>—</td></tr>")
                continue
            parts.append(
                f'<tr class="b" data-name="{escape(name)}"><td>{escape(f.title)}</td><td>{f.components}</td>'
                f'<td><a href="{escape(f.webcal)}">Подписаться</a> · <a href="{escape(f.https)}">https</a></td>'
                f"<td>{task_cell}</td>"
                f'<td><a href="{escape(f.digest)}">последняя сводка</a></td></tr>'
            )
        parts.append("</table>")
    for kind in () if public else ("all", "document"):
        group = [f for f in items if f.kind == kind]
        if not group:
            continue
        parts.append(f"<h2>{escape(KIND_TITLES[kind])}</h2>")
        parts.append("<table><tr><th>Название</th><th>Записей</th><th>Ссылки</th></tr>")
        for f in group:
            parts.append(
                f"<tr><td>{escape(f.title)}</td><td>{f.components}</td>"
                f'<td><a href="{escape(f.webcal)}">Подписаться</a> · '
                f'<a href="{escape(f.https)}">{escape(f.file)}</a></td></tr>'
            )
        parts.append("</table>")
    parts.append(_SEARCH)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

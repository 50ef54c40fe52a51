"""Digest text in three forms: Markdown, plain text and HTML (for e-mail).

The three share one outline, built once as headings, paragraphs and tables,
so they never disagree. All user text is HTML-escaped in the HTML form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from roadmap_tui.dates import days_ru, fmt
from roadmap_tui.export.digest import HEAD_ROWS, BodyDigest, HeadSummary, Line, Week, status_word


@dataclass(frozen=True)
class Block:
    kind: str  # "h1" | "h2" | "h3" | "p" | "table"
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def _item(line: Line) -> str:
    number = f"п. {line.number} " if line.number else ""
    return f"{number}{line.title} ({line.doc})" if line.doc else f"{number}{line.title}"


COMMENT_CHARS = 200  # a longer comment is cut at a word with "…"


def _comment(line: Line) -> str:
    text = line.comment or ""
    if len(text) <= COMMENT_CHARS:
        return text or "—"
    return text[:COMMENT_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def _with_comments(header: tuple[str, ...], rows: list[tuple[str, ...]],
                   lines: list[Line]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Add a «Комментарий» column when any listed line has one (tables without any stay narrow)."""
    if not any(x.comment for x in lines):
        return header, tuple(rows)
    return (*header, "Комментарий"), tuple((*row, _comment(x)) for row, x in zip(rows, lines, strict=True))


def _table(lines: list[Line], as_of: date, kind: str, limit: int | None) -> list[Block]:
    shown = lines if limit is None else lines[:limit]
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    if kind == "overdue":
        header = ("Срок", "Просрочено на", "Мероприятие", "Форма отчёта", "Статус")
        rows = [(fmt(x.due), days_ru(x.days_overdue(as_of)), _item(x), x.report_form or "—",
                 status_word(x.status)) for x in shown]
    elif kind == "soon":
        header = ("Срок", "Мероприятие", "Форма отчёта", "Статус")
        rows = [(fmt(x.due) + (f" (с {fmt(x.window_start)})" if x.window_start else ""), _item(x),
                 x.report_form or "—", status_word(x.status)) for x in shown]
    elif kind == "undated":
        header = ("Мероприятие", "Форма отчёта", "Статус")
        rows = [(_item(x), x.report_form or "—", status_word(x.status)) for x in shown]
    else:
        header = ("Выполнено", "Срок", "Мероприятие")
        rows = [(fmt(x.completed_on), fmt(x.due), _item(x)) for x in shown]
    header, cells = _with_comments(header, rows, shown)
    blocks = [Block("table", header=header, rows=cells)]
    if len(shown) < len(lines):
        blocks.append(Block("p", f"… и ещё {len(lines) - len(shown)}."))
    return blocks


_SECTIONS = (
    ("overdue", "Просрочено"),
    ("soon", "Срок в ближайшие 7 дней"),
    ("undated", "Ждут назначения даты"),
    ("done", "Выполнено за прошедшую неделю"),
)


def body_blocks(d: BodyDigest, week: Week, level: str = "h2", limit: int | None = None) -> list[Block]:
    sub = "h3" if level == "h2" else "h2"
    blocks = [Block(level, d.body.full_name or d.body.label)]
    if d.empty:
        return blocks + [Block("p", "Нет просроченных и ближайших сроков, нет выполненного за неделю.")]
    for kind, title in _SECTIONS:
        lines = getattr(d, kind)
        if lines:
            blocks.append(Block(sub, f"{title}: {len(lines)}"))
            blocks += _table(lines, week.as_of, kind, limit)
    return blocks


def body_document(d: BodyDigest, week: Week) -> list[Block]:
    intro = (f"Сводка по дорожным картам на {fmt(week.as_of)} ({week.label}, время томское). "
             f"Ответственный: {d.body.full_name or d.body.label}.")
    return [Block("h1", f"Дорожные карты: {d.body.label}"), Block("p", intro),
            *body_blocks(d, week, level="h2")[1:]]


def head_document(summary: HeadSummary, sections: list[BodyDigest], week: Week) -> list[Block]:
    overdue, soon, undated, done = summary.totals
    blocks = [
        Block("h1", "Дорожные карты: сводка для руководителя"),
        Block("p", f"На {fmt(week.as_of)} ({week.label}, время томское): просрочено {overdue}, "
                   f"срок в ближайшие 7 дней {soon}, без даты {undated}, выполнено за неделю {done}."),
        Block("h2", "По ответственным"),
        Block("table", header=("Ответственный", "Просрочено", "7 дней", "Без даты", "Выполнено",
                               "Макс. просрочка"),
              rows=tuple((b.label, str(o), str(s), str(u), str(dn), days_ru(w) if o else "—")
                         for b, o, s, u, dn, w in summary.rows)),
    ]
    if summary.longest:
        blocks.append(Block("h2", "Дольше всего просрочено"))
        header, rows = _with_comments(
            ("Срок", "Просрочено на", "Ответственный", "Мероприятие"),
            [(fmt(x.due), days_ru(x.days_overdue(week.as_of)), x.body, _item(x)) for x in summary.longest],
            summary.longest)
        blocks.append(Block("table", header=header, rows=rows))
    for d in sections:
        if not d.empty:
            blocks += body_blocks(d, week, level="h2", limit=HEAD_ROWS)
    return blocks


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    marks = {"h1": "#", "h2": "##", "h3": "###"}
    for b in blocks:
        if b.kind in marks:
            out += [f"{marks[b.kind]} {b.text}", ""]
        elif b.kind == "p":
            out += [b.text, ""]
        else:
            out.append("| " + " | ".join(b.header) + " |")
            out.append("|" + "---|" * len(b.header))
            out += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in b.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_text(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind == "h1":
            out += [b.text.upper(), "=" * len(b.text), ""]
        elif b.kind in ("h2", "h3"):
            out += [b.text, ("-" if b.kind == "h2" else "·") * len(b.text), ""]
        elif b.kind == "p":
            out += [b.text, ""]
        else:
            for row in b.rows:
                out.append("  • " + "; ".join(f"{h}: {v}" for h, v in zip(b.header, row, strict=True)))
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_html(blocks: list[Block], title: str) -> str:
    out = ['<!DOCTYPE html>', '<html lang="ru"><head><meta charset="utf-8">',
           f"<title>{escape(title)}</title></head>",
           '<body style="font-family:Arial,sans-serif;font-size:14px">']
    for b in blocks:
        if b.kind in ("h1", "h2", "h3"):
            out.append(f"<{b.kind}>{escape(b.text)}</{b.kind}>")
        elif b.kind == "p":
            out.append(f"<p>{escape(b.text)}</p>")
        else:
            out.append('<table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse">')
            out.append("<tr>" + "".join(f"<th>{escape(h)}</th>" for h in b.header) + "</tr>")
            out += ["<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in b.rows]
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _md_cell(value: str) -> str:
    """A Markdown table cell: pipes escaped, no line breaks."""
    return value.replace("|", "\\|").replace("\n", " ")

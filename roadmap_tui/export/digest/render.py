"""Digest text in three forms: Markdown, plain text and HTML (for e-mail).

The three share one outline, built once as headings, paragraphs, links,
tables and bar charts, so they never disagree. All user text is
HTML-escaped in the HTML form. The HTML is written for mail clients: every
style is inline (clients drop <style> blocks), layout is tables, and the
chart is made of table cells, not SVG or a picture, because Gmail and
Outlook strip SVG and block images by default — bars of coloured cells
survive every client and the plain-text part draws them with characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from roadmap_tui.dates import days_ru, fmt, plural_ru
from roadmap_tui.export.digest.data import LONGEST, BodyDigest, HeadSummary, Line, OverdueGroup, Week
from roadmap_tui.export.summary import Figures, by_arrears, total
from roadmap_tui.read.states import status_name


@dataclass(frozen=True)
class Block:
    kind: str  # "h1" | "h2" | "h3" | "p" | "link" | "table" | "bars"
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    url: str = ""  # for "link"
    bold_last: bool = False  # a totals row


@dataclass(frozen=True)
class Contacts:
    """What a body's digest links to and whom it names."""

    calendar_url: str = ""  # the body's private feed (https://…/<token>/body-….ics)
    coordinator: str = ""


def _item(line: Line) -> str:
    number = f"п. {line.number} " if line.number else ""
    return f"{number}{line.title} ({line.doc})" if line.doc else f"{number}{line.title}"


COMMENT_CHARS = 200  # a longer comment is cut at a word with "…"
REPORT_FORM_CHARS = 80  # a longer report form is cut; the full text follows at the end


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def _comment(line: Line) -> str:
    return _cut(line.comment or "", COMMENT_CHARS) or "—"


def _form(line: Line) -> str:
    return _cut(" ".join((line.report_form or "").split()), REPORT_FORM_CHARS) or "—"


def _with_comments(header: tuple[str, ...], rows: list[tuple[str, ...]],
                   lines: list[Line]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Add a «Комментарий» column when any listed line has one (tables without any stay narrow)."""
    if not any(x.comment for x in lines):
        return header, tuple(rows)
    return (*header, "Комментарий"), tuple((*row, _comment(x)) for row, x in zip(rows, lines, strict=True))


def _with_person(header: tuple[str, ...], rows: list[tuple[str, ...]],
                 lines: list[Line]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    if not any(x.person for x in lines):
        return header, rows
    return (*header, "Ответственное лицо"), [(*row, x.person or "—") for row, x in zip(rows, lines, strict=True)]


def _times(n: int) -> str:
    return plural_ru(n, "срок", "срока", "сроков")


def _overdue_table(groups: list[OverdueGroup], as_of: date, limit: int | None) -> list[Block]:
    shown = groups if limit is None else groups[:limit]
    lines = [g.first for g in shown]
    header: tuple[str, ...] = ("Мероприятие", "Пропущено", "Самый ранний срок", "Последний срок",
                               "Просрочено на", "Форма отчёта", "Статус")
    rows: list[tuple[str, ...]] = [(_item(g.first), _times(g.count), fmt(g.oldest_due), fmt(g.latest_due),
             days_ru((as_of - g.oldest_due).days), _form(g.first), status_name(g.first.status)) for g in shown]
    header, rows = _with_person(header, rows, lines)
    header, cells = _with_comments(header, rows, lines)
    blocks = [Block("table", header=header, rows=cells)]
    if len(shown) < len(groups):
        blocks.append(Block("p", f"… и ещё {len(groups) - len(shown)}."))
    return blocks


def _table(lines: list[Line], kind: str, limit: int | None) -> list[Block]:
    shown = lines if limit is None else lines[:limit]
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    if kind == "soon":
        header = ("Срок", "Мероприятие", "Форма отчёта", "Статус")
        rows = [(fmt(x.due) + (f" (с {fmt(x.window_start)})" if x.window_start else ""), _item(x),
                 _form(x), status_name(x.status)) for x in shown]
        header, rows = _with_person(header, rows, shown)
    elif kind == "undated":
        header = ("Мероприятие", "Форма отчёта", "Статус")
        rows = [(_item(x), _form(x), status_name(x.status)) for x in shown]
        header, rows = _with_person(header, rows, shown)
    else:
        header = ("Выполнено", "Срок", "Мероприятие", "Отчёт")
        rows = [(fmt(x.completed_on), fmt(x.due), _item(x),
                 x.report_ref or ("получен" if x.report_received else "—")) for x in shown]
    header, cells = _with_comments(header, rows, shown)
    blocks = [Block("table", header=header, rows=cells)]
    if len(shown) < len(lines):
        blocks.append(Block("p", f"… и ещё {len(lines) - len(shown)}."))
    return blocks


def _full_forms(d: BodyDigest) -> list[Block]:
    """The report forms that the tables cut, in full, once each."""
    seen: dict[str, str] = {}
    for line in [*d.overdue, *d.soon, *d.undated]:
        form = " ".join((line.report_form or "").split())
        if len(form) > REPORT_FORM_CHARS:
            seen.setdefault(_item(line), form)
    if not seen:
        return []
    return [Block("h2", "Формы отчётов полностью"),
            Block("table", header=("Мероприятие", "Форма отчёта"), rows=tuple(seen.items()))]


def body_blocks(d: BodyDigest, week: Week, level: str = "h2", limit: int | None = None) -> list[Block]:
    sub = "h3" if level == "h2" else "h2"
    blocks = [Block(level, d.body.full_name or d.body.label)]
    if d.empty:
        return blocks + [Block("p", "Нет просроченных и ближайших сроков, нет выполненного за неделю.")]
    groups = d.overdue_groups
    if groups:
        blocks.append(Block(sub, f"Просрочено: {plural_ru(len(groups), 'мероприятие', 'мероприятия', 'мероприятий')}"
                                 f" ({_times(len(d.overdue))})"))
        blocks += _overdue_table(groups, week.as_of, limit)
    for kind, title in (("soon", "Срок в ближайшие 7 дней"), ("undated", "Ждут назначения даты"),
                        ("done", "Выполнено на этой неделе (по сегодняшний день)")):
        lines = getattr(d, kind)
        if lines:
            blocks.append(Block(sub, f"{title}: {len(lines)}"))
            blocks += _table(lines, kind, limit)
    return blocks


def body_document(d: BodyDigest, week: Week, contacts: Contacts | None = None) -> list[Block]:
    contacts = contacts or Contacts()
    intro = (f"Сводка по дорожным картам на {fmt(week.as_of)} ({week.label}, время томское). "
             f"Ответственный: {d.body.full_name or d.body.label}.")
    blocks = [Block("h1", f"Дорожные карты: {d.body.label}"), Block("p", intro)]
    groups = d.overdue_groups
    counted = plural_ru(len(groups), "мероприятие", "мероприятия", "мероприятий")
    blocks.append(Block("p", f"Коротко: просрочено {counted}"
                             f", срок в ближайшие 7 дней — {len(d.soon)}, выполнено на этой неделе — {len(d.done)}."))
    if contacts.calendar_url:
        blocks.append(Block("link", "Ваш календарь сроков (личная ссылка, не пересылайте)", url=contacts.calendar_url))
    if contacts.coordinator:
        blocks.append(Block("p", f"Вопросы по срокам и отчётам: {contacts.coordinator}."))
    return [*blocks, *body_blocks(d, week, level="h2")[1:], *_full_forms(d)]


def _percent(f: Figures) -> str:
    return f"{f.percent_done:.0f} %"


def _trend(now: Figures, before: Figures | None) -> str:
    """«+3; −5 п.п.» (overdue, % done) against the same figures a week earlier."""
    if before is None:
        return "—"
    delta = now.overdue - before.overdue
    points = round(now.percent_done - before.percent_done)
    return f"{_signed(delta)}; {_signed(points)} п.п."


def _signed(n: int) -> str:
    return f"{'+' if n > 0 else '−' if n < 0 else '±'}{abs(n)}"


_FIG_HEADER = ("Поручений", "Выполнено в срок", "С нарушением срока", "Просрочено", "% выполнено",
               "Наибольшая просрочка", "За неделю: просрочено; % выполнено")


def _fig_row(name: str, f: Figures, before: Figures | None) -> tuple[str, ...]:
    return (name, str(f.assignments), str(f.on_time), str(f.late), str(f.overdue), _percent(f),
            days_ru(f.longest_delay) if f.longest_delay else "—", _trend(f, before))


def _figures_table(first: str, names: dict[int, str], now: dict[int, Figures],
                   before: dict[int, Figures], as_of: date) -> Block:
    rows = by_arrears([f for k, f in now.items() if k in names])
    before_total = total([before[r.key] for r in rows if r.key in before], as_of) if before else None
    cells = [_fig_row(names[r.key], r, before.get(r.key)) for r in rows]
    cells.append(_fig_row("Итого", total(rows, as_of), before_total))
    return Block("table", header=(first, *_FIG_HEADER), rows=tuple(cells), bold_last=True)


def head_document(summary: HeadSummary, week: Week) -> list[Block]:
    as_of = week.as_of
    names = {b.id: b.label for b in summary.bodies.values() if b.id in summary.by_body}
    now = total(list(summary.by_body.values()), as_of)
    before = total(list(summary.by_body_before.values()), as_of) if summary.by_body_before else None
    was = f" (неделю назад {before.overdue}, {_signed(now.overdue - before.overdue)})" if before else ""
    blocks = [
        Block("h1", "Дорожные карты: сводка для руководителя"),
        Block("p", f"На {fmt(as_of)} ({week.label}, время томское): выполнено {now.done} из {now.come_due} "
                   f"наступивших сроков ({_percent(now)}), из них с нарушением срока {now.late}; "
                   f"просрочено {now.overdue}{was}."),
    ]
    schools = sorted((f for k, f in summary.by_body.items() if summary.bodies[k].kind == "school"),
                     key=lambda f: (f.percent_done, -f.overdue, names[f.key]))
    if schools:  # first, so the head sees at a glance which schools lag
        blocks.append(Block("h2", "Выполнено по школам, % (отстающие сверху)"))
        blocks.append(Block("bars", rows=tuple((names[f.key], f"{f.percent_done:.0f}",
                                               f"{f.done} из {f.come_due}, просрочено {f.overdue}")
                                              for f in schools)))
    blocks += [
        Block("h2", "По ответственным"),
        Block("p", "Сначала те, у кого больше всего просрочено; «% выполнено» — от сроков, которые уже наступили."),
        _figures_table("Ответственный", names, summary.by_body, summary.by_body_before, as_of),
    ]
    docs = {k: d.label for k, d in summary.documents.items() if k in summary.by_document}
    if docs:
        blocks.append(Block("h2", "По документам"))
        blocks.append(_figures_table("Документ", docs, summary.by_document, summary.by_document_before, as_of))
    if summary.longest:
        blocks.append(Block("h2", "Дольше всего просрочено"))
        header, rows = _with_comments(
            ("Срок", "Просрочено на", "Ответственный", "Мероприятие"),
            [(fmt(x.due), days_ru(x.days_overdue(as_of)), x.body, _item(x)) for x in summary.longest[:LONGEST]],
            summary.longest[:LONGEST])
        blocks.append(Block("table", header=header, rows=rows))
    return blocks


BAR_CHARS = 20  # the plain-text bar's width


def _bar_text(percent: str) -> str:
    filled = round(float(percent) / 100 * BAR_CHARS)
    return "█" * filled + "░" * (BAR_CHARS - filled)


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    marks = {"h1": "#", "h2": "##", "h3": "###"}
    for b in blocks:
        if b.kind in marks:
            out += [f"{marks[b.kind]} {b.text}", ""]
        elif b.kind == "p":
            out += [b.text, ""]
        elif b.kind == "link":
            out += [f"{b.text}: <{b.url}>", ""]
        elif b.kind == "bars":
            out += [f"- {label}: `{_bar_text(p)}` {p} % ({caption})" for label, p, caption in b.rows]
            out.append("")
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
        elif b.kind == "link":
            out += [f"{b.text}: {b.url}", ""]
        elif b.kind == "bars":
            width = max(len(label) for label, _, _ in b.rows)
            out += [f"  {label.ljust(width)} {_bar_text(p)} {p.rjust(3)} % ({caption})" for label, p, caption in b.rows]
            out.append("")
        else:
            for row in b.rows:
                out.append("  • " + "; ".join(f"{h}: {v}" for h, v in zip(b.header, row, strict=True)))
            out.append("")
    return "\n".join(out).rstrip() + "\n"


_FONT = "font-family:Arial,Helvetica,sans-serif;color:#222"
_STYLE = {
    "h1": f"{_FONT};font-size:20px;margin:0 0 12px",
    "h2": f"{_FONT};font-size:17px;margin:20px 0 8px;border-bottom:2px solid #2e6da4;padding-bottom:2px",
    "h3": f"{_FONT};font-size:15px;margin:16px 0 6px",
    "p": f"{_FONT};font-size:14px;line-height:1.45;margin:0 0 10px",
}
_TABLE = "border-collapse:collapse;width:100%;max-width:900px;margin:0 0 12px"
_TH = f"{_FONT};font-size:13px;text-align:left;background:#dbe7f3;border:1px solid #b7c9dc;padding:5px 7px"
_WIDE = ";width:34%"  # the item's title is the long text: give it room, the dates stay narrow
_WIDE_COLUMNS = ("Мероприятие",)
_TD = f"{_FONT};font-size:13px;vertical-align:top;border:1px solid #d5dde6;padding:5px 7px"


def to_html(blocks: list[Block], title: str) -> str:
    out = ['<!DOCTYPE html>', '<html lang="ru"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{escape(title)}</title></head>",
           '<body style="margin:0;padding:16px;background:#ffffff">',
           '<div style="max-width:900px;margin:0 auto">']
    for b in blocks:
        if b.kind in _STYLE:
            out.append(f'<{b.kind} style="{_STYLE[b.kind]}">{escape(b.text)}</{b.kind}>')
        elif b.kind == "link":
            out.append(f'<p style="{_STYLE["p"]}"><a href="{escape(b.url)}" style="color:#1f5fa0">'
                       f"{escape(b.text)}</a></p>")
        elif b.kind == "bars":
            out.append(_html_bars(b))
        else:
            out.append(f'<table role="presentation" cellpadding="0" cellspacing="0" style="{_TABLE}">')
            out.append("<tr>" + "".join(f'<th style="{_TH}{_WIDE if h in _WIDE_COLUMNS else ""}">{escape(h)}</th>'
                                        for h in b.header) + "</tr>")
            for k, row in enumerate(b.rows):
                weight = ";font-weight:bold;background:#f2f2f2" if b.bold_last and k == len(b.rows) - 1 else ""
                shade = ";background:#f7f9fb" if not weight and k % 2 else ""
                out.append("<tr>" + "".join(f'<td style="{_TD}{weight}{shade}">{escape(v)}</td>' for v in row)
                           + "</tr>")
            out.append("</table>")
    out.append("</div></body></html>")
    return "\n".join(out) + "\n"


def _bar_colour(percent: float) -> str:
    return "#c0392b" if percent < 50 else "#e0a800" if percent < 80 else "#2e8b57"


def _html_bars(b: Block) -> str:
    """A bar chart of table cells: the coloured cell's width is the percentage."""
    rows = []
    for label, p, caption in b.rows:
        value = max(0.0, min(100.0, float(p)))
        filled = f'<td style="background:{_bar_colour(value)};width:{value:.0f}%;height:14px;font-size:1px">&nbsp;</td>'
        filled = filled if value > 0 else ""
        rest = '<td style="background:#eceff3;height:14px;font-size:1px">&nbsp;</td>' if value < 100 else ""
        bar = ('<table role="presentation" cellpadding="0" cellspacing="0" '
               f'style="width:100%;border-collapse:collapse"><tr>{filled}{rest}</tr></table>')
        rows.append(f'<tr><td style="{_TD};border:0;white-space:nowrap">{escape(label)}</td>'
                    f'<td style="{_TD};border:0;width:60%">{bar}</td>'
                    f'<td style="{_TD};border:0;white-space:nowrap"><b>{escape(p)} %</b> ({escape(caption)})</td></tr>')
    return (f'<table role="presentation" cellpadding="0" cellspacing="0" style="{_TABLE}">'
            + "".join(rows) + "</table>")


def _md_cell(value: str) -> str:
    """A Markdown table cell: pipes escaped, no line breaks."""
    return value.replace("|", "\\|").replace("\n", " ")

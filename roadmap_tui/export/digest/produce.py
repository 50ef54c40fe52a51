"""`roadmap digest`: write each body's weekly digest (and the head's summary), optionally send.

Files go to `exports/digests/` as `digest-<YYYY-MM-DD>-<body>.<md|html|txt|eml>`
(plus `…-svodka.*` for the head); they are written atomically and only when
their bytes change, and each body's HTML form is also kept as
`latest-<body>.html`, the "latest digest" the index links to. `--send`
mails every body that has an address in the registry and the head
(ROADMAP_HEAD_MAIL, else the departments' addresses). A body's digest links
to its private calendar (`export.tokens`). One body whose digest cannot be
made is reported in `failed`; the others are still written and sent.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from roadmap_tui.dates import fmt
from roadmap_tui.errors import BadInput
from roadmap_tui.export.config import ExportConfig
from roadmap_tui.export.digest import render
from roadmap_tui.export.digest.data import BodyDigest, HeadSummary, Week, collect
from roadmap_tui.export.files import write_if_changed
from roadmap_tui.export.mail import build_message, recipients, send_messages
from roadmap_tui.export.names import unique_slugs
from roadmap_tui.export.source import open_source
from roadmap_tui.export.tokens import body_scope, ensure_tokens, private_url

FORMATS = ("md", "html", "txt", "eml")


@dataclass
class DigestReport:
    files: list[Path] = field(default_factory=list)
    written: int = 0
    bodies: int = 0
    sent: list[tuple[str, str]] = field(default_factory=list)  # (recipients, subject)
    without_address: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # address -> server's reply (others got it)
    failed: dict[str, str] = field(default_factory=dict)  # body label -> why its digest was not made


def _document(blocks: list[render.Block], title: str, kind: str, message: EmailMessage | None, html: str) -> bytes:
    if kind == "md":
        return render.to_markdown(blocks).encode()
    if kind == "txt":
        return render.to_text(blocks).encode()
    if kind == "html":
        return html.encode()
    assert message is not None
    return message.as_bytes(policy=SMTP)


def _message(blocks: list[render.Block], title: str, html: str, *, sender: str, to: list[str], as_of: date,
             key: str) -> EmailMessage:
    return build_message(subject=title, text=render.to_text(blocks), html=html, sender=sender, to=to, as_of=as_of,
                         key=key)


def produce_digests(
    db_url: str, as_of: date, *, out_dir: Path, config: ExportConfig, body: str | None = None,
    kind: str = "md", send: bool = False, head_to: str | None = None,
) -> DigestReport:
    """Write (and with `send`, mail) the digests as of `as_of`; see the module docstring."""
    if kind not in FORMATS:
        raise BadInput(f"Неизвестный формат «{kind}»: допустимо {', '.join(FORMATS)}.")
    week, report, outgoing = Week(as_of), DigestReport(), []
    sender = config.smtp.sender
    tokens = ensure_tokens(db_url)
    with ThreadPoolExecutor(1) as pool:
        # The head's figures are one grouped read of every assignment: the database computes them
        # (sqlite3 lets go of the GIL meanwhile) while this thread writes the bodies' digests.
        figures = pool.submit(_head_figures, db_url, as_of) if body is None else None
        with open_source(db_url) as src:
            digests = list(collect(src, as_of, body))
        made = []
        slugs = unique_slugs((d.body.id, d.body.code) for d in digests)
        for d in digests:
            slug = slugs[d.body.id]
            calendar = private_url(config.base_url, tokens.get(body_scope(d.body.id)), f"body-{slug}.ics")
            contacts = render.Contacts(calendar_url=calendar, coordinator=config.coordinator)
            title = f"Дорожные карты: {d.body.label} — {week.label}"
            to = recipients(d.body.email)
            try:
                blocks = render.body_document(d, week, contacts)
                html = render.to_html(blocks, title)
                message = (_message(blocks, title, html, sender=sender, to=to, as_of=as_of, key=slug)
                           if kind == "eml" or (send and to) else None)
                data = _document(blocks, title, kind, message, html)
            except (ValueError, UnicodeError) as error:  # one body's bad data must not stop the city
                report.failed[d.body.label] = f"{type(error).__name__}: {error}"
                continue
            _save(report, out_dir / f"digest-{as_of.isoformat()}-{slug}.{kind}", data)
            write_if_changed(out_dir / f"latest-{slug}.html", html.encode())
            report.bodies += 1
            made.append(d)
            if send:
                if to and message is not None:
                    outgoing.append(message)
                else:
                    report.without_address.append(d.body.label)
        summary = figures.result() if figures is not None else HeadSummary()
    if body is None:
        for d in made:
            summary.add(d)
        title = f"Дорожные карты: сводка на {fmt(as_of)} — {week.label}"
        blocks = render.head_document(summary, week)
        to = recipients(head_to) or sorted({a for d in digests if d.body.kind == "department"
                                            for a in recipients(d.body.email)})
        html = render.to_html(blocks, title)
        message = (_message(blocks, title, html, sender=sender, to=to, as_of=as_of, key="svodka")
                   if kind == "eml" or (send and to) else None)
        _save(report, out_dir / f"digest-{as_of.isoformat()}-svodka.{kind}",
              _document(blocks, title, kind, message, html))
        if send and to and message is not None:
            outgoing.append(message)
    if send:
        delivery = send_messages(outgoing, config.smtp)
        report.sent = [(str(m["To"]), str(m["Subject"])) for m in delivery.sent]
        report.refused = delivery.refused
    return report


def _head_figures(db_url: str, as_of: date) -> HeadSummary:
    summary = HeadSummary()
    with open_source(db_url) as src:
        summary.load_figures(src, as_of)
    return summary


def _save(report: DigestReport, path: Path, data: bytes) -> None:
    written = write_if_changed(path, data)
    report.files.append(path)
    report.written += int(written)


__all__ = ["FORMATS", "BodyDigest", "DigestReport", "produce_digests"]

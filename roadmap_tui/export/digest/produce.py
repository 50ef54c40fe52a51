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

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
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
MAX_WORKERS = 4
PARALLEL_MIN_BODIES = 200  # below this, starting processes costs more than it saves
PIECES_PER_WORKER = 4


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


@dataclass(frozen=True)
class _Job:
    """What every body's digest is made with (sent to worker processes as it is)."""

    out_dir: Path
    config: ExportConfig
    as_of: date
    kind: str
    send: bool


@dataclass
class _Made:
    """One body's digest: its file, or why it could not be made, and the mail to send."""

    label: str
    path: Path | None = None
    written: bool = False
    failed: str | None = None
    message: EmailMessage | None = None
    addressed: bool = False


def _body_files(job: _Job, d: BodyDigest, slug: str, calendar: str) -> _Made:
    """Write one body's digest (and its latest HTML); the mail is made when it is the file or is to be sent."""
    week = Week(job.as_of)
    contacts = render.Contacts(calendar_url=calendar, coordinator=job.config.coordinator)
    title = f"Дорожные карты: {d.body.label} — {week.label}"
    to = recipients(d.body.email)
    try:
        blocks = render.body_document(d, week, contacts)
        html = render.to_html(blocks, title)
        message = (_message(blocks, title, html, sender=job.config.smtp.sender, to=to, as_of=job.as_of, key=slug)
                   if job.kind == "eml" or (job.send and to) else None)
        data = _document(blocks, title, job.kind, message, html)
    except (ValueError, UnicodeError) as error:  # one body's bad data must not stop the city
        return _Made(d.body.label, failed=f"{type(error).__name__}: {error}")
    path = job.out_dir / f"digest-{job.as_of.isoformat()}-{slug}.{job.kind}"
    written = write_if_changed(path, data)
    write_if_changed(job.out_dir / f"latest-{slug}.html", html.encode())
    return _Made(d.body.label, path, written, message=message if job.send and to else None, addressed=bool(to))


def _pieces_made(job: _Job, pieces: list[tuple[BodyDigest, str, str]]) -> list[_Made]:
    return [_body_files(job, d, slug, calendar) for d, slug, calendar in pieces]


def _all_made(job: _Job, work: list[tuple[BodyDigest, str, str]]) -> list[_Made]:
    """Every body's digest, in order; a city's are shared among worker processes (the mail is most of the work)."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or len(work) < PARALLEL_MIN_BODIES:
        return _pieces_made(job, work)
    size = -(-len(work) // (workers * PIECES_PER_WORKER))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pieces = [work[k: k + size] for k in range(0, len(work), size)]
        return [made for found in pool.map(_pieces_made, [job] * len(pieces), pieces) for made in found]


def produce_digests(
    db_url: str, as_of: date, *, out_dir: Path, config: ExportConfig, body: str | None = None,
    kind: str = "md", send: bool = False, head_to: str | None = None,
) -> DigestReport:
    """Write (and with `send`, mail) the digests as of `as_of`; see the module docstring."""
    if kind not in FORMATS:
        raise BadInput(f"Неизвестный формат «{kind}»: допустимо {', '.join(FORMATS)}.")
    week, report, outgoing = Week(as_of), DigestReport(), []
    tokens = ensure_tokens(db_url)
    with ThreadPoolExecutor(1) as pool:
        # The head's figures are one grouped read of every assignment: the database computes them
        # (sqlite3 lets go of the GIL meanwhile) while the bodies' digests are written.
        figures = pool.submit(_head_figures, db_url, as_of) if body is None else None
        with open_source(db_url) as src:
            digests = list(collect(src, as_of, body))
        slugs = unique_slugs((d.body.id, d.body.code) for d in digests)
        work = [(d, slugs[d.body.id], private_url(config.base_url, tokens.get(body_scope(d.body.id)),
                                                 f"body-{slugs[d.body.id]}.ics")) for d in digests]
        made = _all_made(_Job(out_dir, config, as_of, kind, send), work)
        summary = figures.result() if figures is not None else HeadSummary()
    for d, one in zip(digests, made, strict=True):
        if one.failed is not None:
            report.failed[one.label] = one.failed
            continue
        assert one.path is not None
        report.files.append(one.path)
        report.written += int(one.written)
        report.bodies += 1
        if body is None:
            summary.add(d)
        if send:
            if one.message is not None:
                outgoing.append(one.message)
            else:
                report.without_address.append(one.label)
    if body is None:
        title = f"Дорожные карты: сводка на {fmt(as_of)} — {week.label}"
        blocks = render.head_document(summary, week)
        to = recipients(head_to) or sorted({a for d in digests if d.body.kind == "department"
                                            for a in recipients(d.body.email)})
        html = render.to_html(blocks, title)
        message = (_message(blocks, title, html, sender=config.smtp.sender, to=to, as_of=as_of, key="svodka")
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

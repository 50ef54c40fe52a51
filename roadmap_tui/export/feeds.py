"""`roadmap export ics`: one feed per body (events and tasks), per document, and one for all.

Body feeds carry one all-day VEVENT per dated assignment (a school's feed
includes what the group «ОО» owes, since groups are materialised per school).
Document feeds and the overall feed carry one event per dated item
occurrence, summarising every body's status: at region scale a per-assignment
"everything" feed would be a gigabyte that no calendar client can open.

Export is incremental. A manifest in the export directory keeps, per feed,
the fingerprint of its data (row count, sum of versions, last change, overdue
count as of the day) and the SHA-256 of its bytes. One grouped query per kind
of feed tells which fingerprints moved; only those feeds are rebuilt (from a
streamed, body-ordered query), and a rebuilt feed whose bytes did not change
is not rewritten.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from roadmap_tui.dates import fmt
from roadmap_tui.export import catalog, source
from roadmap_tui.export.config import ExportConfig
from roadmap_tui.export.files import load_manifest, save_manifest, write_if_changed
from roadmap_tui.export.ical_build import (
    CALENDAR_TAIL,
    OPEN,
    EventData,
    FeedMeta,
    calendar_head,
    day_start_utc,
    uid_for,
    vevent,
    vtodo,
    window_text,
)
from roadmap_tui.export.names import unique_slugs
from roadmap_tui.export.source import BodyInfo, DocInfo, ItemInfo, Source, as_date, as_utc
from roadmap_tui.export.tokens import ensure_tokens, write_access
from roadmap_tui.model.statuses import STATUS_LABELS, Status

FORMAT_VERSION = "feeds-1"
MAX_SUMMARY_TITLE = 140
MAX_WORKERS = 4
PARALLEL_MIN_BODIES = 200  # below this, starting processes costs more than it saves
_FAR = date.max


@dataclass
class ExportReport:
    """What an export did: feeds written, left unchanged, not even rebuilt."""

    out_dir: Path
    feeds: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    events: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # body label -> why its feeds were not written


def status_label(status: str, due: date | None, completed: date | None, as_of: date) -> str:
    """The word SUMMARY starts with: «Просрочено», «Выполнено», «В работе», …"""
    if status == "done":
        late = due is not None and completed is not None and completed > due
        return "Выполнено с нарушением срока" if late else "Выполнено"
    if status in OPEN and due is not None and due < as_of:
        return "Просрочено"
    try:
        return STATUS_LABELS[Status(status)].capitalize()
    except ValueError:
        return status


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= MAX_SUMMARY_TITLE else title[: MAX_SUMMARY_TITLE - 1] + "…"


def _item_lines(item: ItemInfo, doc: DocInfo | None) -> list[str]:
    lines = [item.title, ""]
    where = doc.label if doc else "—"
    lines.append(f"Документ: {where}" + (f", пункт {item.number}" if item.number else ""))
    lines.append(f"Срок по документу: {item.deadline or '—'}")
    return lines


def assignment_event(
    row: Sequence[Any], item: ItemInfo, doc: DocInfo | None, body: BodyInfo, as_of: date
) -> EventData:
    """One assignment row (source.ASSIGNMENT_COLUMNS) as the data of a VEVENT/VTODO."""
    (_body_id, _aid, _item_id, occurrence, window_raw, original_raw, due_raw, status, completed_raw,
     comment, version, updated_raw) = row
    due, window_start = as_date(due_raw), as_date(window_raw)
    original, completed = as_date(original_raw), as_date(completed_raw)
    label = status_label(status, due, completed, as_of)
    overdue = label == "Просрочено"
    stamp = as_utc(updated_raw)
    if overdue and due is not None:
        stamp = max(stamp, day_start_utc(due + timedelta(days=1)))
    lines = _item_lines(item, doc)
    moved = f" (перенесён с {fmt(original)})" if original and due and original != due else ""
    lines.append(f"Срок: {fmt(due, 'не назначен')}{moved}")
    if window := window_text(window_start, due):
        lines.append(window)
    lines.append(f"Форма отчёта: {item.report_form or '—'}")
    lines.append(f"Ответственные: {item.responsible or '—'}")
    done = f" ({fmt(completed)})" if status == "done" and completed else ""
    lines.append(f"Статус: {label}{done}")
    if comment:
        lines.append(f"Последний комментарий: {comment}")
    uid = uid_for(doc.source_name if doc else str(item.document_id), item.kind, item.number,
                  item.dup_index, body.code, occurrence)
    return EventData(uid=uid, start=window_start, due=due, summary=f"{label}: {_short(item.title)}",
                     description="\n".join(lines), stamp=stamp,
                     sequence=2 * (int(version) - 1) + int(overdue), status=status,
                     completed_on=completed, categories=label)


def _feed_bytes(meta: FeedMeta, components: Iterable[bytes]) -> bytes:
    return b"".join(itertools.chain((calendar_head(meta),), components, (CALENDAR_TAIL,)))


class _Exporter:
    def __init__(self, src: Source, out_dir: Path, as_of: date, config: ExportConfig,
                 db_url: str | None = None) -> None:
        self.src, self.out, self.as_of, self.config = src, out_dir, as_of, config
        self.db_url = db_url
        self.old = load_manifest(out_dir)
        self.hashes: dict[str, str] = dict(self.old.get("hashes", {}))
        self.counts: dict[str, int] = dict(self.old.get("counts", {}))
        self.report = ExportReport(out_dir)
        self.bodies = source.bodies(src)
        self.docs = source.documents(src)
        self._items: dict[int, ItemInfo] | None = None

    @property
    def items(self) -> dict[int, ItemInfo]:
        if self._items is None:
            self._items = source.items(self.src, self.bodies)
        return self._items

    def emit(self, name: str, data: bytes, events: int) -> None:
        written, digest = write_if_changed(self.out / name, data, self.hashes.get(name))
        self.hashes[name] = digest
        self.counts[name] = events
        self.report.events += events
        if written:
            self.report.written.append(name)
        else:
            self.report.unchanged += 1

    def _dirty(self, kind: str, fps: dict[int, list[str]], ids: Iterable[int], files: dict[int, list[str]],
               full: bool) -> list[int]:
        old = self.old.get(kind, {})
        dirty = []
        for key in ids:
            missing = any(not (self.out / f).is_file() for f in files[key])
            if full or missing or old.get(str(key)) != fps.get(key):
                dirty.append(key)
            else:
                self.report.skipped += len(files[key])
        return dirty

    def run(self) -> tuple[ExportReport, list[catalog.Feed]]:
        gsig = [FORMAT_VERSION, list(self.config.alarms), *source.global_signature(self.src)]
        full = self.old.get("global") != gsig
        body_fp = source.body_fingerprints(self.src, self.as_of)
        doc_fp = source.document_fingerprints(self.src, self.as_of)

        feed_bodies = [b for b in self.bodies.values() if b.kind != "group" or b.id in body_fp]
        body_slug = unique_slugs((b.id, b.code) for b in feed_bodies)
        body_files = {b: [f"body-{s}.ics", f"tasks-{s}.ics"] for b, s in body_slug.items()}
        doc_slug = unique_slugs((d.id, d.number or Path(d.source_name).stem) for d in self.docs.values())
        doc_files = {d: [f"doc-{s}.ics"] for d, s in doc_slug.items()}

        dirty_bodies = self._dirty("bodies", body_fp, body_slug, body_files, full)
        dirty_docs = self._dirty("docs", doc_fp, doc_slug, doc_files, full)
        self._export_bodies_parallel(dirty_bodies, body_slug, {b: int(fp[0]) for b, fp in body_fp.items()})
        self._export_docs(dirty_docs, doc_slug, len(dirty_docs) * 3 > len(doc_slug))
        all_dirty = full or bool(dirty_docs) or not (self.out / "all.ics").is_file()
        if all_dirty:
            self._export_all(doc_slug)
        else:
            self.report.skipped += 1

        tokens = {r[0]: r[1] for r in self.src.rows("SELECT scope, token FROM access_token")}
        feeds = catalog.feeds(self.config.base_url, self.bodies, body_slug, self.docs, doc_slug,
                              self.counts, tokens)
        live = {f.file for f in feeds}
        for stale in sorted(set(self.hashes) - live):
            (self.out / stale).unlink(missing_ok=True)
            self.hashes.pop(stale, None)
            self.counts.pop(stale, None)
        write_access(self.out, tokens, body_slug)
        for name, data in catalog.render(feeds, base_configured=self.config.base_configured).items():
            written, _ = write_if_changed(self.out / name, data, None)
            if written:
                self.report.written.append(name)
        self.report.feeds = len(feeds)
        save_manifest(self.out, {
            "global": gsig,
            # A body whose feed failed keeps no fingerprint, so the next export tries it again.
            "bodies": {str(k): v for k, v in body_fp.items() if self.bodies[k].label not in self.report.failed},
            "docs": {str(k): v for k, v in doc_fp.items()},
            "hashes": self.hashes,
            "counts": self.counts,
        })
        return self.report, feeds

    def _export_bodies_parallel(self, dirty: list[int], slugs: dict[int, str], sizes: dict[int, int]) -> None:
        """Body feeds dominate the work: on a full export, share them with worker processes."""
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        if workers < 2 or len(dirty) < PARALLEL_MIN_BODIES or self.db_url is None:
            self._export_bodies(dirty, slugs, len(dirty) * 3 > len(slugs))
            return
        chunks: list[list[int]] = [[] for _ in range(workers)]
        loads = [0] * workers
        for body_id in sorted(dirty, key=lambda b: -sizes.get(b, 0)):  # greedy balance by rows
            k = loads.index(min(loads))
            chunks[k].append(body_id)
            loads[k] += sizes.get(body_id, 0) + 1
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers - 1, mp_context=context) as pool:
            futures = [pool.submit(_bodies_worker, self.db_url, self.out, self.as_of, self.config,
                                   sorted(chunk), slugs) for chunk in chunks[1:]]
            self._export_bodies(sorted(chunks[0]), slugs, False)
            for future in futures:
                hashes, counts, written, unchanged, events, failed = future.result()
                self.report.failed.update(failed)
                self.hashes.update(hashes)
                self.counts.update(counts)
                self.report.written += written
                self.report.unchanged += unchanged
                self.report.events += events

    def _export_bodies(self, dirty: list[int], slugs: dict[int, str], scan_all: bool) -> None:
        if not dirty:
            return
        wanted = set(dirty)
        rows = source.assignments_by_body(self.src, None if scan_all else sorted(wanted))
        done: set[int] = set()
        for body_id, group in itertools.groupby(rows, key=lambda r: r[0]):
            if body_id in wanted:
                self._body_feed_guarded(body_id, slugs[body_id], list(group))
                done.add(body_id)
        for body_id in sorted(wanted - done):
            self._body_feed_guarded(body_id, slugs[body_id], [])

    def _body_feed_guarded(self, body_id: int, slug: str, rows: list[Sequence[Any]]) -> None:
        """One body's bad data is reported for that body; the other bodies' feeds are still written."""
        try:
            self._body_feed(body_id, slug, rows)
        except (ValueError, AssertionError, UnicodeError) as error:
            self.report.failed[self.bodies[body_id].label] = f"{type(error).__name__}: {error}"

    def _body_feed(self, body_id: int, slug: str, rows: list[Sequence[Any]]) -> None:
        body = self.bodies[body_id]
        items, docs = self.items, self.docs
        data = []
        for row in rows:
            item = items[row[2]]
            doc = docs.get(item.document_id)
            key = (as_date(row[6]) or _FAR, doc.source_name if doc else "", item.position, row[3])
            data.append((key, assignment_event(row, item, doc, body, self.as_of)))
        data.sort(key=lambda pair: pair[0])
        alarms = self.config.alarms
        events = [vevent(e, alarms) for _, e in data if e.due is not None]
        name = body.full_name or body.label
        self.emit(f"body-{slug}.ics", _feed_bytes(FeedMeta(
            f"Дорожные карты: {body.label}",
            f"Сроки мероприятий дорожных карт, за которые отвечает {name}."), events), len(events))
        self.emit(f"tasks-{slug}.ics", _feed_bytes(FeedMeta(
            f"Задачи дорожных карт: {body.label}",
            f"Задачи (VTODO) дорожных карт для {name}."), (vtodo(e) for _, e in data)), len(data))

    def _export_docs(self, dirty: list[int], slugs: dict[int, str], scan_all: bool) -> None:
        if not dirty:
            return
        wanted = set(dirty)
        per_doc: dict[int, list[tuple[Any, bytes]]] = {d: [] for d in wanted}
        rows = source.occurrence_aggregates(self.src, self.as_of, None if scan_all else sorted(wanted))
        for row in rows:
            item = self.items[row[0]]
            if item.document_id in wanted:
                day = date.fromisoformat(row[1])
                key = (day, item.position, item.id)
                per_doc[item.document_id].append((key, self._occurrence_event(row, item)))
        for doc_id in sorted(wanted):
            events = [e for _, e in sorted(per_doc[doc_id], key=lambda pair: pair[0])]
            self.emit(f"doc-{slugs[doc_id]}.ics", _feed_bytes(self._doc_meta(doc_id), events), len(events))

    def _doc_meta(self, doc_id: int) -> FeedMeta:
        doc = self.docs[doc_id]
        return FeedMeta(f"Дорожная карта: {doc.label}"[:200],
                        f"Сроки мероприятий документа «{doc.title or doc.source_name}» (сводно по ответственным).")

    def _occurrence_event(self, row: Sequence[Any], item: ItemInfo) -> bytes:
        (_item_id, occurrence, window_raw, min_due, max_due, total, done, cancelled, overdue,
         updated, versions) = row
        day = date.fromisoformat(occurrence)
        total, done, cancelled, overdue = int(total), int(done), int(cancelled), int(overdue)
        if cancelled == total:
            label = "Отменено"
        elif done + cancelled == total:
            label = "Выполнено"
        elif overdue:
            label = "Просрочено" if total == 1 else f"Просрочено ({overdue} из {total})"
        else:
            label = "Запланировано" if total == 1 else f"Запланировано (выполнено {done} из {total})"
        stamp = as_utc(updated)
        if overdue:
            first_late = as_date(min_due)
            assert first_late is not None  # overdue rows always have a due date
            stamp = max(stamp, day_start_utc(first_late + timedelta(days=1)))
        doc = self.docs.get(item.document_id)
        lines = _item_lines(item, doc)
        lines.append(f"Срок: {fmt(day)}")
        if as_date(max_due) != day or as_date(min_due) != day:
            lines.append(f"Перенесено у части ответственных: сроки {fmt(as_date(min_due))} – {fmt(as_date(max_due))}")
        if window := window_text(as_date(window_raw), day):
            lines.append(window)
        lines.append(f"Форма отчёта: {item.report_form or '—'}")
        lines.append(f"Ответственные: {item.responsible or '—'}")
        lines.append(f"Статус: {label}; исполнителей {total}, выполнено {done}, просрочено {overdue}, "
                     f"отменено {cancelled}")
        data = EventData(
            uid=uid_for(doc.source_name if doc else str(item.document_id), item.kind, item.number,
                        item.dup_index, "*", occurrence),
            start=None, due=day, summary=f"{label.split(' (')[0]}: {_short(item.title)}",
            description="\n".join(lines), stamp=stamp,
            sequence=2 * (int(versions) - total) + overdue,
            status="cancelled" if cancelled == total else ("done" if done + cancelled == total else "planned"),
            completed_on=None, categories=label.split(" (")[0])
        return vevent(data, self.config.alarms)

    def _export_all(self, doc_slugs: dict[int, str]) -> None:
        """The overall feed: the document feeds' events, concatenated (no rebuild needed)."""
        chunks, count = [], 0
        for doc_id in sorted(doc_slugs, key=lambda d: self.docs[d].source_name):
            name = f"doc-{doc_slugs[doc_id]}.ics"
            raw = (self.out / name).read_bytes()
            head = calendar_head(self._doc_meta(doc_id))
            chunks.append(raw[len(head): -len(CALENDAR_TAIL)])
            count += self.counts.get(name, 0)
        meta = FeedMeta("Дорожные карты: все мероприятия",
                        "Сроки всех мероприятий всех дорожных карт (сводно по ответственным).")
        self.emit("all.ics", _feed_bytes(meta, chunks), count)


def export_ics(
    db_url: str, out_dir: Path, as_of: date, config: ExportConfig
) -> tuple[ExportReport, list[catalog.Feed]]:
    """Export (or refresh) every feed into `out_dir`; see the module docstring."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ensure_tokens(db_url)
    with source.open_source(db_url) as src:
        return _Exporter(src, out_dir, as_of, config, db_url).run()


def _bodies_worker(db_url: str, out_dir: Path, as_of: date, config: ExportConfig, body_ids: list[int],
                   slugs: dict[int, str]) -> tuple[dict[str, str], dict[str, int], list[str], int, int,
                                                   dict[str, str]]:
    """One worker's share of body feeds; returns what the parent records in the manifest."""
    with source.open_source(db_url) as src:
        exporter = _Exporter(src, out_dir, as_of, config)
        exporter._export_bodies(body_ids, slugs, False)
    names = {name for b in body_ids for name in (f"body-{slugs[b]}.ics", f"tasks-{slugs[b]}.ics")}
    report = exporter.report
    return ({n: exporter.hashes[n] for n in names if n in exporter.hashes},
            {n: exporter.counts[n] for n in names if n in exporter.counts},
            report.written, report.unchanged, report.events, report.failed)

"""SQLModel tables: the one schema SQLite and PostgreSQL share.

Dates are `date`; timestamps are UTC. Nothing here is SQLite-only: the
uniqueness rules that make re-import idempotent are plain UNIQUE constraints
and the optimistic lock is a plain integer `version`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Index, Text, UniqueConstraint, text
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from roadmap_tui.model.statuses import OPEN_SQL
from roadmap_tui.settings import utcnow

#: An undated assignment (by_plan, continuous, unknown) has this occurrence key;
#: a dated one uses its original due date in ISO form. NULLs would not make
#: the (item, body, occurrence) key unique, a sentinel does.
UNDATED = "-"


_OPEN_SQL = f"status IN ({OPEN_SQL})"

#: The `day` of a tally row whose state does not depend on the due date.
TALLY_NO_DAY = date(1, 1, 1)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and read back UTC-aware, on SQLite as on PostgreSQL.

    SQLite's DateTime drops the zone: a Tomsk-local value from the UI and a UTC
    value from the CLI came back as the same kind of naive text, seven hours
    apart. Converting on the way in and tagging on the way out makes every
    timestamp one instant; naive values are refused as the bug they are.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive timestamp: pass an aware datetime (UTC or Asia/Tomsk)")
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _ts() -> Column[datetime]:
    return Column(UtcDateTime(), nullable=False)


class Document(SQLModel, table=True):
    """A roadmap or an order as received: one source file."""

    id: int | None = Field(default=None, primary_key=True)
    source_name: str = Field(unique=True, index=True)
    kind: str | None = None
    number: str | None = None
    doc_date: date | None = None
    title: str | None = Field(default=None, sa_type=Text)
    issuer: str | None = None
    municipality: str | None = None
    plan_title: str | None = Field(default=None, sa_type=Text)
    period_start: date | None = None
    period_end: date | None = None
    content_sha256: str = ""
    imported_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    # The current edition: 1 for the first import, +1 for each amended version.
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class DocumentVersion(SQLModel, table=True):
    """One edition of a document as it arrived: which file, which bytes, what it changed."""

    __tablename__ = "document_version"
    __table_args__ = (UniqueConstraint("document_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    version: int = 1
    source_name: str = ""
    source_path: str | None = Field(default=None, sa_type=Text)
    doc_date: date | None = None
    content_sha256: str = Field(default="", index=True)
    imported_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    summary: str = Field(default="", sa_type=Text)


class Section(SQLModel, table=True):
    """A numbered section of a plan, or the parent point of an order's directives."""

    __table_args__ = (UniqueConstraint("document_id", "number", "title"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    number: str = ""
    title: str = Field(default="", sa_type=Text)
    position: int = 0


class Item(SQLModel, table=True):
    """One measure of a roadmap (a table row) or one point of an order."""

    __table_args__ = (UniqueConstraint("document_id", "kind", "number", "dup_index"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    section_id: int | None = Field(default=None, foreign_key="section.id")
    kind: str = "plan_row"
    number: str = ""
    dup_index: int = 0
    position: int = 0
    title: str = Field(default="", sa_type=Text)
    deadline_raw: str | None = Field(default=None, sa_type=Text)
    schedule_kind: str = "unknown"
    schedule_owner: str | None = None
    schedule_explain: str = ""
    form: str | None = Field(default=None, sa_type=Text)
    responsible_raw: str | None = Field(default=None, sa_type=Text)
    report_form: str | None = Field(default=None, sa_type=Text)
    note: str | None = Field(default=None, sa_type=Text)
    person: str | None = None
    source_lines: str = ""
    # Optimistic lock and change stamp of the item itself (corrections, new editions).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    updated_at: datetime | None = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    # Set when a later edition of the document no longer has this item.
    withdrawn: str | None = Field(default=None, sa_type=Text)
    # The fields as the document last printed them (JSON): a re-import changes a
    # field only when the document changed it, so a coordinator's correction stays.
    imported: str = Field(default="", sa_type=Text, sa_column_kwargs={"server_default": ""})


class ItemDue(SQLModel, table=True):
    """One due date of an item's schedule (or its single undated slot)."""

    __tablename__ = "item_due"

    item_id: int = Field(foreign_key="item.id", primary_key=True, ondelete="CASCADE")
    occurrence: str = Field(default=UNDATED, primary_key=True)
    window_start: date | None = None
    due_on: date | None = None


class Body(SQLModel, table=True):
    """A responsible body: department, centre, school, or a group such as ОО."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    full_name: str = Field(default="", sa_type=Text)
    short_name: str = ""
    kind: str = "other"
    email: str | None = None
    aliases: str = Field(default="", sa_type=Text)
    municipality: str | None = None


class ItemBody(SQLModel, table=True):
    """That an item names a body as responsible (groups stay groups here)."""

    __tablename__ = "item_body"

    item_id: int = Field(foreign_key="item.id", primary_key=True, ondelete="CASCADE")
    body_id: int = Field(foreign_key="body.id", primary_key=True, index=True)
    position: int = 0


class Assignment(SQLModel, table=True):
    """One body's obligation for one occurrence of an item's deadline."""

    __table_args__ = (
        UniqueConstraint("item_id", "body_id", "occurrence"),
        Index("ix_assignment_status_due", "status", "due_on"),
        Index("ix_assignment_body_due", "body_id", "due_on"),
        # "What is still owed, by date" is the question asked most: a partial
        # index over open assignments answers it (count and first page) without
        # touching the done ones, on SQLite and PostgreSQL alike.
        Index(
            "ix_assignment_open_due",
            "due_on",
            sqlite_where=text(_OPEN_SQL),
            postgresql_where=text(_OPEN_SQL),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True, ondelete="CASCADE")
    body_id: int = Field(foreign_key="body.id")
    via_group_id: int | None = Field(default=None, foreign_key="body.id")
    occurrence: str = UNDATED
    window_start: date | None = None
    original_due_on: date | None = None
    due_on: date | None = Field(default=None, index=True)
    status: str = "planned"
    completed_on: date | None = None
    report_received: bool = False
    report_ref: str | None = None
    comment: str | None = Field(default=None, sa_type=Text)
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class StatusChange(SQLModel, table=True):
    """Append-only audit of every change to an assignment: who, when, why."""

    __tablename__ = "status_change"
    __table_args__ = (
        # `undo` asks "the newest change by this person that nobody undid":
        # walked newest first per person, each candidate probed in undo_of.
        Index("ix_status_change_changed_by_id", "changed_by", "id"),
        # Partial: nearly every row has no undo_of, and a full index's statistics
        # ("a million rows per value") made SQLite scan instead of probing it.
        Index("ix_status_change_undo_of", "undo_of", sqlite_where=text("undo_of IS NOT NULL"),
              postgresql_where=text("undo_of IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True, ondelete="CASCADE")
    batch: str | None = Field(default=None, index=True)
    old_status: str | None = None
    new_status: str
    old_due_on: date | None = None
    new_due_on: date | None = None
    old_completed_on: date | None = None
    completed_on: date | None = None
    report_received: bool | None = None
    report_ref: str | None = None
    undo_of: int | None = Field(default=None, foreign_key="status_change.id")
    changed_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    changed_by: str = ""
    comment: str | None = Field(default=None, sa_type=Text)
    # The rest of the before-image, so that an undo restores the row exactly,
    # and the version the change produced, so that an undo over a later edit
    # is refused as stale (NULL on rows written before revision 0003_hardening).
    old_report_received: bool | None = None
    old_report_ref: str | None = None
    old_comment: str | None = Field(default=None, sa_type=Text)
    new_version: int | None = None


class ImportNote(SQLModel, table=True):
    """A warning raised by an import, kept for the coordinator's review."""

    __tablename__ = "import_note"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    item_id: int | None = Field(default=None, foreign_key="item.id", ondelete="CASCADE")
    code: str = ""
    message: str = Field(default="", sa_type=Text)
    line: int | None = None  # for a skipped line: its number in the document's text


class ItemChange(SQLModel, table=True):
    """Append-only audit of corrections to items and documents: who, when, why, before and after.

    No foreign keys on purpose: the record of a removed document outlives it.
    Status effects of a correction are in `status_change` under batch
    ``item-change:<batch>``, which `undo` of status changes leaves alone.
    """

    __tablename__ = "item_change"

    id: int | None = Field(default=None, primary_key=True)
    batch: str = Field(default="", index=True)
    document_id: int | None = Field(default=None, index=True)
    item_id: int | None = Field(default=None, index=True)
    field: str = ""
    old_value: str | None = Field(default=None, sa_type=Text)  # JSON before-image
    new_value: str | None = Field(default=None, sa_type=Text)  # JSON
    changed_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    changed_by: str = ""
    reason: str | None = Field(default=None, sa_type=Text)


class AccessToken(SQLModel, table=True):
    """An unguessable secret in the URLs of one body's feeds and digests (or the head's summary).

    `scope` is "body:<body id>" or "head"; rotating replaces the token, so old
    links stop working at the next export.
    """

    __tablename__ = "access_token"

    scope: str = Field(primary_key=True)
    token: str = Field(unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class BodyTally(SQLModel, table=True):
    """How many assignments of a body are in each state class, by due day: the overview's counts.

    Kept by triggers on `assignment` (migration 0006) in the same transaction as
    every write, whatever writes it; "overdue" and "due soon" are then sums over a
    range of days instead of a pass over a million assignments. `state` is
    "open" (day = the due date), "undated", "done_on_time", "done_late" or
    "cancelled" (day = TALLY_NO_DAY); the read model maps these to what a
    coordinator sees as of a day (`read.states.TALLY_SQL`).
    """

    __tablename__ = "body_tally"

    body_id: int = Field(primary_key=True)
    state: str = Field(primary_key=True)
    day: date = Field(primary_key=True)
    n: int = 0


class ItemTally(SQLModel, table=True):
    """The same counts by item: the per-document and per-section overview."""

    __tablename__ = "item_tally"

    item_id: int = Field(primary_key=True)
    state: str = Field(primary_key=True)
    day: date = Field(primary_key=True)
    n: int = 0

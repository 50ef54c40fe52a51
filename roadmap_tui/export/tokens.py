"""Private links: an unguessable token per body (and one for the head) in every feed and digest URL.

A URL is `<base>/<token>/body-<slug>.ics` or `<base>/<token>/digests/…`.
Tokens live in the database (`access_token`), are created on first export
and replaced by `roadmap tokens rotate`. Each export also writes the map
token → what it opens into `.access.json` in the export directory, which is
all `roadmap serve` needs (it never opens the database): a body's token
opens only that body's feeds and digests, the head's token opens everything.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from roadmap_tui.errors import NotFound
from roadmap_tui.export.files import write_if_changed
from roadmap_tui.model.connection import open_reader

ACCESS_FILE = ".access.json"
HEAD = "head"
TOKEN_BYTES = 24  # 192 bits: 32 URL-safe characters
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def body_scope(body_id: int) -> str:
    return f"body:{body_id}"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def ensure_tokens(db_url: str) -> dict[str, str]:
    """Scope → token for every body and the head, creating the missing ones (one transaction)."""
    # Read with the lean reader: after the first export nothing is missing, and the
    # writer's engine (SQLAlchemy's import alone) would cost an incremental export a third of its time.
    with open_reader(db_url, read_only=True) as reader:
        known = {r[0]: r[1] for r in reader.rows("SELECT scope, token FROM access_token")}
        ids = [r[0] for r in reader.rows("SELECT id FROM body ORDER BY id")]
    missing = [s for s in [HEAD, *(body_scope(i) for i in ids)] if s not in known]
    if missing:
        from sqlalchemy import text

        from roadmap_tui.model.db import make_engine, unit_of_work
        from roadmap_tui.settings import utcnow

        engine = make_engine(db_url)
        try:
            with unit_of_work(engine) as session:
                for scope in missing:
                    known[scope] = new_token()
                    session.execute(text("INSERT INTO access_token (scope, token, created_at)"
                                         " VALUES (:s, :t, :c)"), {"s": scope, "t": known[scope], "c": utcnow()})
        finally:
            engine.dispose()
    return known


def rotate(db_url: str, who: str) -> tuple[str, str]:
    """Give a body (by code or short name) or the head («руководитель»/head) a new token: (label, token)."""
    from sqlalchemy import text

    from roadmap_tui.model.db import make_engine, unit_of_work
    from roadmap_tui.settings import utcnow

    ensure_tokens(db_url)
    engine = make_engine(db_url)
    try:
        with unit_of_work(engine) as session:
            if who.strip().lower() in (HEAD, "руководитель", "svodka"):
                scope, label = HEAD, "сводка руководителя"
            else:
                row = session.execute(text("SELECT id, short_name, code FROM body WHERE code = :w OR short_name = :w"
                                           " ORDER BY id LIMIT 1"), {"w": who.strip()}).first()
                if row is None:
                    raise NotFound(f"Неизвестный ответственный «{who}». Список: roadmap bodies")
                scope, label = body_scope(row[0]), row[1] or row[2]
            token = new_token()
            session.execute(text("UPDATE access_token SET token = :t, created_at = :c WHERE scope = :s"),
                            {"t": token, "c": utcnow(), "s": scope})
        return label, token
    finally:
        engine.dispose()


@dataclass(frozen=True)
class AccessMap:
    """What `serve` knows: the head's token and each body token's file slug."""

    head: str | None
    bodies: dict[str, str]  # token -> body slug

    def is_head(self, token: str) -> bool:
        return self.head is not None and secrets.compare_digest(token, self.head)

    def allows(self, token: str, parts: list[str]) -> bool:
        """Whether `token` opens the file at `parts` (["body-x.ics"] or ["digests", "digest-…-x.html"])."""
        if self.is_head(token):
            return True
        slug = self.bodies.get(token)
        if slug is None:
            return False
        name = parts[-1]
        if len(parts) == 1:
            return name in (f"body-{slug}.ics", f"tasks-{slug}.ics")
        if name == f"latest-{slug}.html":
            return True
        return re.fullmatch(rf"digest-\d{{4}}-\d\d-\d\d-{re.escape(slug)}\.[a-z]+", name) is not None


def write_access(out_dir: Path, tokens: dict[str, str], slugs: dict[int, str]) -> None:
    """Record token → slug for `serve` (a dot-file, never served itself)."""
    data = {"head": tokens.get(HEAD),
            "bodies": {tokens[body_scope(b)]: s for b, s in sorted(slugs.items()) if body_scope(b) in tokens}}
    write_if_changed(out_dir / ACCESS_FILE, json.dumps(data, sort_keys=True, indent=1).encode() + b"\n")


def read_access(root: Path) -> AccessMap:
    try:
        data = json.loads((root / ACCESS_FILE).read_text(encoding="utf-8"))
        return AccessMap(data.get("head"), {str(k): str(v) for k, v in dict(data.get("bodies", {})).items()})
    except (OSError, ValueError, AttributeError, TypeError):
        return AccessMap(None, {})


def private_url(base_url: str, token: str | None, name: str) -> str:
    """`<base>/<token>/<name>`; without a token (never exported) the plain path."""
    base = base_url.rstrip("/")
    return f"{base}/{token}/{name}" if token else f"{base}/{name}"

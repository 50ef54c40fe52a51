"""Fuzzed registries and roadmaps: loaded, or refused in Russian — never a traceback.

Hypothesis builds hostile files from the real ones (stray quotes, CR-only
line ends, NUL and ESC, UTF-16, huge cells, cut-off tails); each goes
through the real reader and, for roadmaps, the real importer into a real
SQLite file, rolled back afterwards.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from benchmarks import faults
from roadmap_tui.errors import RoadmapError
from roadmap_tui.importer.bundled import ensure_database
from roadmap_tui.importer.store import import_paths
from roadmap_tui.model.db import make_engine
from roadmap_tui.model.registry import load_registry, read_registry

HORIZON = date(2026, 12, 31)
REGISTRY = faults.REGISTRY.read_bytes()
ROADMAP = faults.SEEDS[2].read_bytes()
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    ensure_database(url, horizon=HORIZON, with_roadmaps=False)
    made = make_engine(url)
    yield made
    made.dispose()


def _hostile(original: bytes) -> st.SearchStrategy[bytes]:
    mutated = st.integers(min_value=0, max_value=2**32).map(
        lambda seed: faults.mutate(random.Random(seed), original))
    return st.one_of(mutated, st.binary(max_size=2000),
                     st.text(max_size=400).map(lambda t: t.encode("utf-8")))


@FUZZ
@given(data=_hostile(REGISTRY))
def test_fuzzed_registry_never_crashes(data: bytes, tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "registry.csv"
    path.write_bytes(data)
    try:
        rows = read_registry(path)
        with Session(engine) as session:
            load_registry(session, rows)
            session.rollback()
    except RoadmapError as error:
        assert str(error)  # a message for the coordinator


@FUZZ
@given(data=_hostile(ROADMAP))
def test_fuzzed_roadmap_import_never_crashes(data: bytes, tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    try:
        with Session(engine) as session:
            import_paths([path], session=session, horizon=HORIZON)
            session.rollback()
    except RoadmapError as error:
        assert str(error)

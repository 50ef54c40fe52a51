"""Accuracy of the importer's parsing layer against the hand-checked golden items.

Prints a per-field accuracy table (run pytest with -s, or see the terminal:
the table is written with capture disabled) and asserts the floors.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.importer import (
    DocumentError,
    ParsedDocument,
    ParsedItem,
    match_bodies,
    parse_document,
    read_document,
)

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "fixtures" / "golden" / "seed_items.jsonl"
SEEDS = HERE.parent / "data" / "roadmaps"
FIELDS = ["number", "section", "title", "deadline_raw", "form", "responsible_raw",
          "responsible", "report_form", "note", "person", "source_lines"]


def _golden() -> list[dict[str, object]]:
    return [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParsedDocument]:
    return {p.name: read_document(p) for p in sorted(SEEDS.glob("*.txt"))}


def _match(gold: dict[str, object], doc: ParsedDocument) -> ParsedItem | None:
    """The one parsed item with the golden item's identity (kind, number, dup_index)."""
    same = [it for it in doc.items
            if (it.kind, it.number, it.dup_index) == (gold["kind"], gold["number"], gold["dup_index"])]
    assert len(same) <= 1, (gold["doc"], gold["number"], len(same))
    return same[0] if same else None


def test_golden_accuracy(parsed: dict[str, ParsedDocument],
                         capsys: pytest.CaptureFixture[str]) -> None:
    golden = _golden()
    right = dict.fromkeys(FIELDS, 0)
    missing = []
    for gold in golden:
        item = _match(gold, parsed[str(gold["doc"])])
        if item is None:
            missing.append((gold["doc"], gold["number"]))
            continue
        for name in FIELDS:
            right[name] += getattr(item, name) == gold[name]
    total = len(golden)
    lines = [f"\nТочность импорта по эталону ({total} пунктов):",
             f"{'поле':<16}{'верно':>7}{'%':>8}"]
    lines += [f"{name:<16}{right[name]:>7}{100 * right[name] / total:>7.1f}%" for name in FIELDS]
    with capsys.disabled():
        print("\n".join(lines))
    assert not missing, f"не найдены: {missing}"


@pytest.mark.parametrize("name", FIELDS)
def test_golden_field_is_exact(parsed: dict[str, ParsedDocument], name: str) -> None:
    """Every seed item is right on every golden field, byte for byte (the seeds are the floor)."""
    wrong = []
    for gold in _golden():
        item = _match(gold, parsed[str(gold["doc"])])
        assert item is not None, (gold["doc"], gold["number"])
        if getattr(item, name) != gold[name]:
            wrong.append((gold["doc"], gold["number"], getattr(item, name)))
    assert wrong == []


def test_fields_cover_the_golden_file() -> None:
    """A field added to the golden file is asserted too, not silently ignored."""
    keys = set().union(*(g.keys() for g in _golden()))
    assert keys - {"doc", "kind", "dup_index"} == set(FIELDS)


def test_counts_per_document(parsed: dict[str, ParsedDocument]) -> None:
    golden = _golden()
    for name, doc in parsed.items():
        graded = [g for g in golden if g["doc"] == name]
        plan_rows = [it for it in doc.items if it.kind == "plan_row"]
        assert len(plan_rows) == sum(g["kind"] == "plan_row" for g in graded), name


def test_cover_letter_has_no_items(parsed: dict[str, ParsedDocument]) -> None:
    doc = next(d for n, d in parsed.items() if n.startswith("004_"))
    assert doc.items == []
    assert doc.kind == "письмо"
    assert (doc.number, doc.date) == ("1008", date(2019, 8, 13))


@pytest.mark.parametrize(("prefix", "kind", "number", "doc_date", "start", "end", "town"), [
    ("000_", "распоряжение", "16/р", date(2023, 1, 20), None, None, "Город Томск"),
    ("001_", "распоряжение", "1067", date(2022, 11, 1), date(2022, 9, 1), date(2023, 8, 31),
     "Город Томск"),
    ("002_", "распоряжение", "128", date(2024, 3, 2), None, None, "Город Томск"),
    ("003_", "приказ", "177", date(2021, 11, 8), date(2021, 11, 8), date(2025, 12, 31),
     "Александровский район"),
])
def test_document_metadata(parsed: dict[str, ParsedDocument], prefix: str, kind: str,
                           number: str, doc_date: date, start: date | None,
                           end: date | None, town: str) -> None:
    doc = next(d for n, d in parsed.items() if n.startswith(prefix))
    assert (doc.kind, doc.number, doc.date) == (kind, number, doc_date)
    assert (doc.period_start, doc.period_end) == (start, end)
    assert doc.municipality == town
    assert doc.title and doc.title.startswith("О")


def test_order_points_of_001_are_imported(parsed: dict[str, ParsedDocument]) -> None:
    doc = next(d for n, d in parsed.items() if n.startswith("001_"))
    points = {(it.kind, it.number) for it in doc.items if it.kind != "plan_row"}
    assert {("directive", "3.1"), ("directive", "3.2"), ("directive", "4.1"),
            ("directive", "4.2"), ("control", "5")} <= points


def test_repairs_are_reported_on_their_item(parsed: dict[str, ParsedDocument]) -> None:
    doc = next(d for n, d in parsed.items() if n.startswith("001_"))
    row = next(it for it in doc.items if it.kind == "plan_row" and it.number == "1.8")
    assert any("разделена на срок и форму" in w for w in row.warnings)
    assert not any("разделена на срок и форму" in w for w in doc.warnings)


def test_schools_named(parsed: dict[str, ParsedDocument]) -> None:
    doc = next(d for n, d in parsed.items() if n.startswith("002_"))
    codes = {s.code for s in doc.schools}
    assert "school:МАОУ ООШ № 38" in codes and "school:МБОУ ООШ № 66" in codes
    assert len(codes) == 7


def test_match_bodies() -> None:
    assert match_bodies("Департамент образования администрации Города Томска МАУ ИМЦ г.Томска") \
        == ["ДО", "ИМЦ"]
    assert match_bodies("заместителя начальника департамента образования И.В. Швайко") \
        == ["ЗАМ_НАЧ"]
    assert match_bodies("Александровский РОО, ОО") == ["РОО_АЛЕКС", "ОО"]
    assert match_bodies("") == []


def test_read_document_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError):
        read_document(tmp_path / "нет.txt")
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04\xff\xfe")
    with pytest.raises(DocumentError):
        read_document(binary)
    latin = tmp_path / "c.txt"
    latin.write_bytes("Приказ".encode("cp1251"))
    with pytest.raises(DocumentError):
        read_document(latin)


def test_read_document_bom_crlf(tmp_path: Path) -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    copy = tmp_path / seed.name
    copy.write_bytes(b"\xef\xbb\xbf" + seed.read_text(encoding="utf-8")
                     .replace("\n", "\r\n").encode("utf-8"))
    assert len(read_document(copy).items) == len(read_document(seed).items)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("1.2 \t\nIVX-№ОоСрок:До(А.Б.)<p>**абвгдМАОУ%"))
               | st.characters(), max_size=400))
def test_parse_never_raises(text: str) -> None:
    doc = parse_document(text, "мусор.txt")
    assert isinstance(doc.items, list)

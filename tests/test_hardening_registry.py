"""Issue 10, items 8–9: the department's own spreadsheet, and broken registry files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from roadmap_tui.errors import BadInput
from roadmap_tui.model.registry import read_registry

from conftest import CliRunner


def _codes(db: Path) -> set[str]:
    with sqlite3.connect(db) as con:
        return {r[0] for r in con.execute("SELECT code FROM body")}


def test_department_spreadsheet_matches_known_bodies(cli: CliRunner, db_path: Path,
                                                     tmp_path: Path) -> None:
    sheet = tmp_path / "отдел.csv"
    sheet.write_bytes(
        ("short_name;full_name;email\r\n"
         "ДО;Департамент образования администрации Города Томска;do@example.ru\r\n"
         "МАУ ИМЦ г. Томска;МАУ ИМЦ;imc@example.ru\r\n").encode("cp1251"))
    before = _codes(db_path)
    result = cli("bodies", "import", sheet, "--db", db_path, "--json")
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["added"] == 0 and out["updated"] == 2
    assert {m["body"] for m in out["matched"]} == {"ДО", "ИМЦ"}
    assert _codes(db_path) == before  # no "school:ДО", no "school:МАУ ИМЦ г. Томска"
    with sqlite3.connect(db_path) as con:
        assert dict(con.execute("SELECT code, email FROM body WHERE code IN ('ДО', 'ИМЦ')")) == {
            "ДО": "do@example.ru", "ИМЦ": "imc@example.ru"}
        assert con.execute("SELECT kind FROM body WHERE code = 'ИМЦ'").fetchone() == ("centre",)
    text = cli("bodies", "import", sheet, "--db", db_path)
    assert "это ИМЦ" in text.out


def test_a_department_name_never_becomes_a_school(tmp_path: Path) -> None:
    sheet = tmp_path / "r.csv"
    sheet.write_text("short_name\nКомитет по делам молодёжи\nМАОУ СОШ № 77\n", encoding="utf-8")
    kinds = {r.short_name: r.kind for r in read_registry(sheet)}
    assert kinds == {"Комитет по делам молодёжи": "other", "МАОУ СОШ № 77": "school"}


def test_stray_quote_is_reported_not_merged(tmp_path: Path) -> None:
    sheet = tmp_path / "r.csv"
    sheet.write_text('code,short_name,full_name\nA,"Школа № 1,Школа\nB,Школа № 2,Школа\n'
                     "C,Школа № 3,Школа\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"строк[аи] 2") as error:
        read_registry(sheet)
    assert "кавычк" in str(error.value) and "Ничего не загружено" in str(error.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_and_line_ends(tmp_path: Path, encoding: str, newline: str) -> None:
    sheet = tmp_path / "r.csv"
    text = newline.join(["code;short_name;kind", "X1;МАОУ СОШ № 1;school", "X2;Отдел;other", ""])
    sheet.write_bytes(text.encode(encoding))
    rows = read_registry(sheet)
    assert [(r.code, r.short_name, r.kind, r.line) for r in rows] == [
        ("X1", "МАОУ СОШ № 1", "school", 2), ("X2", "Отдел", "other", 3)]


def test_huge_cell_and_extra_cells_are_reported_by_line(tmp_path: Path) -> None:
    sheet = tmp_path / "r.csv"
    sheet.write_text("code,short_name\nA,ok\nB," + "x" * 300_000 + "\nC,a,b,c\n", encoding="utf-8")
    with pytest.raises(BadInput) as error:
        read_registry(sheet)
    message = str(error.value)
    assert "строка 3" in message and "строка 4" in message


def test_alt_enter_and_control_characters_are_cleaned(tmp_path: Path) -> None:
    sheet = tmp_path / "r.csv"
    sheet.write_text('code,short_name,full_name\nA,"Школа\u2028№ 5","Полное\x07\nимя"\n',
                     encoding="utf-8")
    (row,) = read_registry(sheet)
    assert (row.short_name, row.full_name) == ("Школа № 5", "Полное имя")


def test_cli_refuses_a_broken_registry_without_traceback(cli: CliRunner, db_path: Path,
                                                         tmp_path: Path) -> None:
    sheet = tmp_path / "r.csv"
    sheet.write_bytes(b"code,short_name\n\x00\x01\x02")
    result = cli("bodies", "import", sheet, "--db", db_path)
    assert result.code == 2 and "Traceback" not in result.err and "Ошибка" in result.err

"""The settings file: fills what flags and environment leave unset, refuses nonsense."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap_tui.configfile import apply_config_file

from conftest import CliRunner


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_fills_only_what_env_leaves_unset(tmp_path: Path) -> None:
    path = _write(tmp_path, 'user = "Иванова И.И."\ndb = "/srv/r.db"\nalarms = [7, 1]\n'
                            '[smtp]\nhost = "smtp.example.ru"\nport = 587\nstarttls = true\n')
    env = {"ROADMAP_CONFIG": str(path), "ROADMAP_DB": "/other.db"}
    assert apply_config_file(env) == path
    assert env["ROADMAP_USER"] == "Иванова И.И."
    assert env["ROADMAP_DB"] == "/other.db"  # the environment wins over the file
    assert (env["ROADMAP_SMTP_HOST"], env["ROADMAP_SMTP_PORT"], env["ROADMAP_SMTP_STARTTLS"]) == (
        "smtp.example.ru", "587", "1")
    assert env["ROADMAP_ALARMS"] == "7,1"


def test_default_location_is_optional(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    assert apply_config_file(env) is None and env == {"XDG_CONFIG_HOME": str(tmp_path)}


@pytest.mark.parametrize("text", ['colour = "red"\n', "user = \n", '[smtp]\nhots = "x"\n'])
def test_bad_files_are_refused_in_russian(tmp_path: Path, text: str) -> None:
    with pytest.raises(Exception, match="Файл настроек"):
        apply_config_file({"ROADMAP_CONFIG": str(_write(tmp_path, text))})


def test_cli_uses_user_and_database_from_file(cli: CliRunner, db_path: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ROADMAP_USER", raising=False)
    monkeypatch.delenv("ROADMAP_DB", raising=False)
    path = _write(tmp_path, f'user = "Петрова"\ndb = "{db_path}"\n')
    monkeypatch.setenv("ROADMAP_CONFIG", str(path))
    overdue = cli("overdue", "--as-of", "15.03.2023", "--json")
    assert overdue.code == 0, overdue.err
    target = json.loads(overdue.out)["assignments"][0]["id"]
    assert cli("status", target, "в работе").code == 0
    history = json.loads(cli("history", target, "--json").out)
    assert history[-1]["changed_by"] == "Петрова"
    monkeypatch.setenv("ROADMAP_CONFIG", str(tmp_path / "missing.toml"))
    missing = cli("overdue")
    assert missing.code == 2 and "Файл настроек не найден" in missing.err

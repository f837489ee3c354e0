"""`rls-tutor` (study): errors are one clear line on stderr and exit status 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from rls_tutor.cli import main

from .tui_helpers import FIXTURE_COURSE


@pytest.fixture
def headless(monkeypatch: pytest.MonkeyPatch) -> None:
    real_run = App.run

    def run(self, *args, **kwargs):
        kwargs["headless"] = True
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(App, "run", run)
    # pytest's captured streams are no terminal; a headless app needs none
    monkeypatch.setattr("rls_tutor.commands.study.terminal_problem", lambda: None)


def test_bad_content_folder(tmp_path: Path, capsys) -> None:
    assert main(["--db", str(tmp_path / "p.sqlite3"), "--content", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("rls-tutor: error: ")
    assert "Traceback" not in err


def test_content_without_lessons(tmp_path: Path, capsys) -> None:
    assert main(["study", "--db", str(tmp_path / "p.sqlite3"), "--content", str(tmp_path)]) == 1
    assert "has no lessons/ folder" in capsys.readouterr().err


def test_database_that_is_not_a_database(tmp_path: Path, capsys, headless) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not SQLite" * 100)
    before = garbage.read_bytes()
    status = main(["--db", str(garbage), "--content", str(FIXTURE_COURSE)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("rls-tutor: error: ")
    assert "Traceback" not in err
    assert garbage.read_bytes() == before


def test_missing_db_folder(tmp_path: Path, capsys, headless) -> None:
    status = main(
        ["--db", str(tmp_path / "no" / "such" / "p.sqlite3"), "--content", str(FIXTURE_COURSE)]
    )
    assert status == 1
    assert capsys.readouterr().err.startswith("rls-tutor: error: ")


def test_audience_option_is_checked(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--audience", "nurse"])
    assert exit_info.value.code == 2


def test_audience_choices_match_the_model() -> None:
    from rls_tutor.commands.study import AUDIENCE_CHOICES
    from rls_tutor.content.model import AUDIENCES

    assert tuple(AUDIENCE_CHOICES) == tuple(AUDIENCES)

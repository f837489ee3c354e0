"""Fixtures for the TUI tests. The top-level conftest already points RLS_TUTOR_DB
at a temporary file; every app here also gets an explicit `tmp_path` database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rls_tutor.tui.app import TutorApp

from .tui_helpers import tutor


@pytest.fixture(autouse=True)
def _no_real_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RLS_TUTOR_DB", str(tmp_path / "env-default.sqlite3"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tutor.sqlite3"


@pytest.fixture
def make(db: Path) -> Iterator[Callable[..., TutorApp]]:
    """Build apps over the fixture course and the test's database; closes their stores."""
    made: list[TutorApp] = []

    def factory(**kw: object) -> TutorApp:
        kw.setdefault("db", db)
        app = tutor(**kw)  # type: ignore[arg-type]
        made.append(app)
        return app

    yield factory
    for app in made:
        app.close()

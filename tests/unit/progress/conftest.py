"""Fixtures for the progress tests: a private database and a hand-built course."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rls_tutor.content.course import Course
from rls_tutor.progress.store import ProgressStore

from .progress_helpers import make_course


@pytest.fixture(autouse=True)
def _no_real_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a test that forgets --db never reaches the learner's data folder."""
    monkeypatch.setenv("RLS_TUTOR_DB", str(tmp_path / "env-progress.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "progress.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[ProgressStore]:
    with ProgressStore.open(db_path) as opened:
        yield opened


@pytest.fixture
def course() -> Course:
    return make_course()

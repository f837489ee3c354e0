"""A session over the fixture course and a private database, for the session-layer tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rls_tutor.content.loader import load_course
from rls_tutor.progress.store import ProgressStore
from rls_tutor.session.learning import Session

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "course"
START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    """A fixed clock that ticks one second per reading, so saves keep their order."""

    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    store = ProgressStore.open(tmp_path / "p.sqlite3")
    yield Session(load_course(FIXTURE), store, "learner", "patient", clock=Clock(), seed=3)
    store.close()

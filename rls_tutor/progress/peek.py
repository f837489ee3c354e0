"""A read-only glance at the progress file, cheap enough for the first frame.

The tutor decides its first screen (welcome for a new learner, home for a
returning one) before the full store, fsrs and the course model are imported.
`peek()` reads two values with plain sqlite3 in read-only mode and never writes;
`peek_progress()` reads a returning learner's card summaries and lesson positions
the same way, for home's figures (session/glance.py). Any problem (no file yet, an
old, newer or broken file, a value the store never writes) answers "unknown", and
the full `ProgressStore.open()` that follows reports real problems properly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rls_tutor.progress.filekind import irregular

if TYPE_CHECKING:  # what peek_progress reads; a new learner's first frame needs none of it
    from rls_tutor.progress.cards import CardSummary
    from rls_tutor.progress.records import LessonPosition

DEFAULT_LEARNER = "learner"  # the name the welcome screen suggests; the CLI's default too
TRACKS = ("patient", "clinician")


@dataclass(frozen=True)
class Peek:
    learner: str
    audience: str | None  # the learner's saved track, if any
    theme: str | None = None  # the learner's saved theme, if any: the first frame uses it

    @property
    def known(self) -> bool:
        """A returning learner with a chosen track goes straight home."""
        return self.audience in TRACKS


def peek(db_path: Path, learner: str | None = None) -> Peek:
    name = learner or DEFAULT_LEARNER
    with _read_only(db_path) as conn:
        if conn is None:
            return Peek(name, None)
        try:
            if learner is None:
                row = conn.execute("SELECT value FROM meta WHERE key = 'last_learner'").fetchone()
                name = row[0] if row else DEFAULT_LEARNER
            rows = conn.execute(
                "SELECT key, value FROM settings"
                " WHERE learner = ? AND key IN ('audience', 'theme')",
                (name,),
            )
            saved = {key: value for key, value in rows if isinstance(value, str)}
            return Peek(name, saved.get("audience"), saved.get("theme"))
        except sqlite3.Error:
            return Peek(name, None)


@dataclass(frozen=True)
class ProgressGlance:
    cards: dict[str, CardSummary]  # by question id
    positions: dict[str, LessonPosition]  # by lesson id
    last: LessonPosition | None  # the latest saved, as `ProgressStore.last_position` picks it


_POSITIONS = (
    "SELECT lesson_id, step, completed, updated_at FROM positions WHERE learner = ?"
    " ORDER BY updated_at DESC, rowid DESC"
)


def peek_progress(db_path: Path, learner: str) -> ProgressGlance | None:
    """A learner's cards and positions from a current-version file, read-only; None if
    the file is missing, of another version, locked too long, or holds a damaged value."""
    from rls_tutor.progress.cards import CARD_COLUMNS, CardSummary
    from rls_tutor.progress.errors import DamagedValue
    from rls_tutor.progress.schema import CURRENT_VERSION

    name = learner.strip()
    with _read_only(db_path) as conn:
        if conn is None:
            return None
        try:
            conn.execute("BEGIN")  # one snapshot for both tables
            if conn.execute("PRAGMA user_version").fetchone()[0] != CURRENT_VERSION:
                return None  # a migration may change what is read: wait for the store
            rows = conn.execute(f"SELECT {CARD_COLUMNS} FROM cards WHERE learner = ?", (name,))
            cards = {card.question_id: card for card in map(CardSummary.from_row, rows)}
            ordered = [_position(row) for row in conn.execute(_POSITIONS, (name,))]
        except (sqlite3.Error, DamagedValue):
            return None
    positions: dict[str, LessonPosition] = {}
    for position in reversed(ordered):  # the latest of a lesson's rows wins (there is one)
        positions[position.lesson_id] = position
    return ProgressGlance(cards, positions, ordered[0] if ordered else None)


def _position(row: tuple[object, ...]) -> LessonPosition:
    from rls_tutor.progress import values
    from rls_tutor.progress.records import LessonPosition

    lesson_id, step, completed, updated = row
    return LessonPosition(
        values.text(lesson_id, "positions.lesson_id"),
        values.count(step, "positions.step"),
        values.flag(completed, "positions.completed"),
        values.moment(updated, "positions.updated_at"),
    )


@contextmanager
def _read_only(db_path: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to an existing regular file, or None."""
    try:
        # A FIFO as the file or its journal would block the first frame for ever.
        if not db_path.is_file() or irregular(db_path) is not None:
            yield None
            return
    except OSError:
        yield None
        return
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        yield None
        return
    try:
        yield conn
    finally:
        conn.close()

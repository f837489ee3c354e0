"""A read-only glance at the progress file, cheap enough for the first frame.

The tutor decides its first screen (welcome for a new learner, home for a
returning one) before the full store, fsrs and the course model are imported.
This reads two values with plain sqlite3 in read-only mode and never writes;
any problem (no file yet, an old or broken file) answers "unknown", and the
full `ProgressStore.open()` that follows reports real problems properly.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from rls_tutor.progress.filekind import irregular

DEFAULT_LEARNER = "learner"  # the name the welcome screen suggests; the CLI's default too
TRACKS = ("patient", "clinician")


@dataclass(frozen=True)
class Peek:
    learner: str
    audience: str | None  # the learner's saved track, if any

    @property
    def known(self) -> bool:
        """A returning learner with a chosen track goes straight home."""
        return self.audience in TRACKS


def peek(db_path: Path, learner: str | None = None) -> Peek:
    name = learner or DEFAULT_LEARNER
    try:
        # A FIFO as the file or its journal would block the first frame for ever.
        if not db_path.is_file() or irregular(db_path) is not None:
            return Peek(name, None)
    except OSError:
        return Peek(name, None)
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return Peek(name, None)
    try:
        if learner is None:
            row = conn.execute("SELECT value FROM meta WHERE key = 'last_learner'").fetchone()
            name = row[0] if row else DEFAULT_LEARNER
        row = conn.execute(
            "SELECT value FROM settings WHERE learner = ? AND key = 'audience'", (name,)
        ).fetchone()
        return Peek(name, row[0] if row else None)
    except sqlite3.Error:
        return Peek(name, None)
    finally:
        conn.close()

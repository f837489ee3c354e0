"""The learners of one progress file: the list to switch between, and what a typed
name means.

Names are matched without regard to case: "maria" is Maria, not a second learner
beside her. A file that already holds both "Maria" and "maria" keeps both; the exact
name is matched first, and both appear in the list to pick from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from rls_tutor.content.model import AUDIENCES, Audience
from rls_tutor.progress.store import ProgressStore
from rls_tutor.session.clock import utc_now
from rls_tutor.session.learning import Session, Startup, begin


@dataclass(frozen=True)
class LearnerEntry:
    name: str
    audience: Audience | None  # None: never chose a track (asked on the first screen)
    current: bool  # the learner studying now

    def describe(self) -> str:
        track = f"{self.audience} track" if self.audience else "no track chosen yet"
        return f"{self.name}  ·  {track}" + ("  ·  studying now" if self.current else "")


@dataclass(frozen=True)
class LearnerChoice:
    """Whom a pick or a typed name means."""

    name: str  # an existing learner's name as stored, or the new name, tidied
    existing: bool
    audience: Audience | None  # the saved track; None: ask for one (a new learner)


def learner_list(store: ProgressStore, current: str) -> list[LearnerEntry]:
    """Every learner, alphabetically without regard to case (blocking)."""
    entries = []
    for name in store.learners():
        saved = store.get_setting(name, "audience")
        audience = next((a for a in AUDIENCES if a == saved), None)
        entries.append(LearnerEntry(name, audience, name == current))
    return sorted(entries, key=lambda e: (e.name.casefold(), e.name))


def choose(store: ProgressStore, typed: str) -> LearnerChoice:
    """The learner a typed (or picked) name means (blocking)."""
    tidy = " ".join(typed.split())
    found = store.find_learner(tidy)
    if found is None:
        return LearnerChoice(tidy, existing=False, audience=None)
    saved = store.get_setting(found, "audience")
    return LearnerChoice(found, True, next((a for a in AUDIENCES if a == saved), None))


def switch(
    startup: Startup,
    choice: LearnerChoice,
    audience: Audience,
    *,
    clock: Callable[[], datetime] = utc_now,
    seed: int | None = None,
) -> Session:
    """The session of another learner, whose settings are read afresh (blocking)."""
    # `begin` reuses the settings read at start-up for the learner named then; they may
    # have changed since, so no learner's are taken from there.
    return begin(replace(startup, learner=""), choice.name, audience, clock=clock, seed=seed)

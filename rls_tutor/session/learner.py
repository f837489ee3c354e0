"""Who is learning and on which track: the choices every face offers on a first run.

Light on purpose (no pydantic, no store): the welcome screen imports it before the
course has loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rls_tutor.progress.peek import DEFAULT_LEARNER

if TYPE_CHECKING:
    from rls_tutor.content.model import Audience

MAX_NAME = 40  # what a face lets a learner type (the store itself accepts up to 64)


@dataclass(frozen=True)
class Track:
    audience: Audience
    title: str  # who it is for
    description: str  # what it offers, in full (the first run)
    brief: str  # the same, in two words (the settings)

    @property
    def name(self) -> str:
        """ "patient track", "clinician track": how a face names the learner's track."""
        return f"{self.audience} track"


TRACKS: tuple[Track, ...] = (
    Track("patient", "Patient or family", "plain language, every term explained", "plain language"),
    Track(
        "clinician",
        "Medical student or clinician",
        "full depth and terminology",
        "full depth",
    ),
)


def track(audience: str) -> Track:
    """The track of an audience (the patient track for anything else)."""
    return next((t for t in TRACKS if t.audience == audience), TRACKS[0])


def learner_name(typed: str) -> str:
    """The name a learner typed, spaces tidied; the default name when none was typed."""
    return " ".join(typed.split()) or DEFAULT_LEARNER


def name_problem(name: str) -> str | None:
    """Why `name` (as `learner_name` returns it) cannot be a learner's name, or None."""
    if len(name) > MAX_NAME:
        return f"A name has at most {MAX_NAME} characters."
    if not name.isprintable():
        return "A name has letters, digits, spaces and punctuation only."
    return None

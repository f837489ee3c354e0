"""Stepping through a lesson: which steps the track sees, where we are, what to save.

Positions are indexes into the authored `lesson.steps`, so a learner who switches
track resumes at the same place. Every face keeps one `LessonRun` per lesson shown:
it moves with `advance()` and `back()`, and after showing the current step saves the
`SavePoint` that `arrive()` returns (through `save()`, which blocks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rls_tutor.content.model import Audience, Lesson
from rls_tutor.session.learner import track
from rls_tutor.session.learning import Session, Step


@dataclass(frozen=True)
class SavePoint:
    """A lesson position to save, numbered and stamped when its step was shown (on the
    face's own thread), so that saves finishing out of order keep the newest."""

    lesson_id: str
    step: int  # authored index
    completed: bool
    ticket: int
    now: datetime


@dataclass
class LessonRun:
    session: Session
    lesson: Lesson
    completed: bool = False  # finished before, or reached the end this time
    steps: list[tuple[int, Step]] = field(default_factory=list)  # (authored index, step)
    index: int = 0  # into `steps`; len(steps) is the summary at the end
    answered: int = 0  # checks answered this time
    right: int = 0
    audience: Audience = field(init=False)  # the track `steps` were chosen for

    @classmethod
    def open(
        cls, session: Session, lesson: Lesson, step: int = 0, completed: bool = False
    ) -> LessonRun:
        """The lesson at an authored step (the first visible one at or after it)."""
        return cls(
            session,
            lesson,
            completed,
            steps=session.visible_steps(lesson),
            index=session.visible_index(lesson, step),
        )

    def __post_init__(self) -> None:
        self.audience = self.session.audience

    # --- where we are ----------------------------------------------------------

    @property
    def count(self) -> int:
        return len(self.steps)

    @property
    def number(self) -> int:
        """The 1-based number of the step shown (the last one on the summary)."""
        return min(self.index + 1, self.count)

    @property
    def empty(self) -> bool:
        """The track sees none of this lesson's steps."""
        return not self.steps

    @property
    def finished(self) -> bool:
        return self.index >= len(self.steps)

    @property
    def authored_index(self) -> int:
        if not self.steps:
            return 0
        return self.steps[min(self.index, len(self.steps) - 1)][0]

    @property
    def current(self) -> Step | None:
        """The step to show, or None on the summary (or in an empty lesson)."""
        return None if self.finished else self.steps[self.index][1]

    # --- moving ------------------------------------------------------------------

    def advance(self) -> bool:
        """One step on (from the last step, to the summary); False if there is none."""
        if not self.steps or self.finished:
            return False
        self.index += 1
        return True

    def back(self) -> bool:
        """One step back (from the summary, to the last step); False at the start."""
        if self.index <= 0:
            return False
        self.index = min(self.index, len(self.steps)) - 1
        return True

    def follow_track(self) -> bool:
        """Keep the place in the lesson if the learner's track changed; True if it did."""
        if self.audience == self.session.audience:
            return False
        authored = self.authored_index
        self.audience = self.session.audience
        self.steps = self.session.visible_steps(self.lesson)
        self.index = self.session.visible_index(self.lesson, authored)
        return True

    def tally(self, correct: bool) -> None:
        """A check of this lesson was answered."""
        self.answered += 1
        self.right += correct

    # --- saving --------------------------------------------------------------------

    def arrive(self) -> SavePoint | None:
        """The position to save now that the current step (or the summary) shows; None
        in an empty lesson. Reaching the summary marks the lesson completed."""
        if not self.steps:
            return None
        if self.finished:
            self.completed = True
        session = self.session
        return SavePoint(
            self.lesson.id, self.authored_index, self.completed, session.ticket(), session.now()
        )

    def save(self, point: SavePoint) -> None:
        """Save a position `arrive()` gave (blocking: from a worker thread in the TUI)."""
        self.session.save_position(
            point.lesson_id,
            point.step,
            completed=point.completed,
            ticket=point.ticket,
            now=point.now,
        )

    # --- what a face says ------------------------------------------------------------

    def nothing_to_show(self) -> str:
        return f"This lesson has no screens for the {track(self.session.audience).name}."

    def summary(self) -> list[str]:
        """The end of the lesson, in sentences (the face adds its keys)."""
        lines = [f"You have reached the end of “{self.lesson.title}”."]
        if self.answered:
            lines.append(f"Checks answered this time: {self.answered}, {self.right} right.")
        return lines

    def upcoming(self) -> Lesson | None:
        """The lesson after this one, for this track."""
        return self.session.next_lesson(self.lesson)

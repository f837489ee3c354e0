"""How far a learner is through the lessons, over lesson ids: one decision for the
loaded session (`learning.py`) and the first-frame glance (`glance.py`), which must
not load the course model."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Literal

from rls_tutor.progress.records import LessonPosition

LessonState = Literal["none", "new", "started", "done"]


def lesson_state(
    lesson_ids: Collection[str], positions: Mapping[str, LessonPosition]
) -> LessonState:
    """ "none" when there is no lesson, "done" when all are finished, "started" when one
    was opened, else "new"."""
    if not lesson_ids:
        return "none"
    if all(i in positions and positions[i].completed for i in lesson_ids):
        return "done"
    if any(i in positions for i in lesson_ids):
        return "started"
    return "new"


def resume_id(
    ordered_ids: Sequence[str],
    positions: Mapping[str, LessonPosition],
    last: LessonPosition | None,
) -> tuple[str, int, bool] | None:
    """(lesson id, step, started) where "Continue" leads: the exact step where the
    learner stopped, else the first unfinished lesson of `ordered_ids` (the lessons the
    track sees, in teaching order); None when every one is finished."""
    if last is not None and not last.completed:
        return last.lesson_id, last.step, True
    for lesson_id in ordered_ids:
        position = positions.get(lesson_id)
        if position is None:
            return lesson_id, 0, False
        if not position.completed:
            return lesson_id, position.step, True
    return None

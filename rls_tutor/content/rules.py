"""Course rules that pydantic's types cannot express, each reported at its exact place.

Each function takes a parsed file and yields `(path-in-file, severity, message)`;
the loader turns paths into lines and columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rls_tutor.content.course import Severity
from rls_tutor.content.model import AUDIENCES, Check, Lesson, Question, QuizFile, Screen
from rls_tutor.content.safe_yaml import Path_
from rls_tutor.content.text import comparable

Finding = tuple[Path_, Severity, str]

BANNED_OPTIONS = re.compile(r"^\s*(all|none|both|neither) of (the )?(above|these)\b", re.I)


def question_findings(q: Question, at: Path_) -> Iterator[Finding]:
    correct = len(q.correct_indexes)
    if q.type == "single" and correct != 1:
        yield (
            (*at, "options"),
            "error",
            f"question {q.id!r} is single-best-answer but has {correct} correct options: "
            "mark exactly one `correct: true`, or set `type: multiple`",
        )
    if q.type == "multiple" and correct == 0:
        yield (
            (*at, "options"),
            "error",
            f"question {q.id!r} has no correct option: mark at least one `correct: true`",
        )
    if len(set(q.audience)) != len(q.audience):
        yield ((*at, "audience"), "error", "the same audience is listed twice")
    seen: dict[str, int] = {}
    for i, option in enumerate(q.options):
        key = comparable(option.text)
        if key in seen:
            yield (
                (*at, "options", i, "text"),
                "error",
                f"option {i + 1} repeats option {seen[key] + 1} ({option.text!r})",
            )
        seen.setdefault(key, i)
        if BANNED_OPTIONS.match(option.text):
            yield (
                (*at, "options", i, "text"),
                "warning",
                f"option {i + 1} is {option.text!r}: options are shuffled, so write it out",
            )


def quiz_findings(quiz: QuizFile) -> Iterator[Finding]:
    for i, q in enumerate(quiz.questions):
        yield from question_findings(q, ("questions", i))


def screen_findings(screen: Screen, at: Path_) -> Iterator[Finding]:
    texts = {a for a in AUDIENCES if screen.text_for(a)}
    if screen.audience is None:
        for missing in sorted({"patient", "clinician"} - texts):
            other = "clinician" if missing == "patient" else "patient"
            yield (
                (*at, "text"),
                "error",
                f"screen {screen.title!r} has no {missing} text: write one, or mark the screen "
                f"`audience: {other}`",
            )
    else:
        if screen.audience not in texts:
            yield (
                (*at, "text"),
                "error",
                f"this {screen.audience} screen has no {screen.audience} text",
            )
        for extra in sorted(texts - {screen.audience}):
            yield (
                (*at, "text", extra),
                "error",
                f"this screen is marked `audience: {screen.audience}` but has a {extra} text: "
                "remove one of them",
            )


def lesson_findings(lesson: Lesson) -> Iterator[Finding]:
    has_check = False
    for i, step in enumerate(lesson.steps):
        if isinstance(step, Screen):
            yield from screen_findings(step, ("steps", i))
        elif isinstance(step, Check):
            has_check = True
    if not has_check:
        yield (
            ("steps",),
            "warning",
            f"lesson {lesson.id!r} has no check: add `- check: QUESTION-ID` between screens",
        )

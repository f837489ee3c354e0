"""The loaded course: what the TUI, the CLI and progress read.

`load_course()` in loader.py builds it. A broken file does not stop the course:
it is skipped and described in `problems`, and everything else still loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rls_tutor.content.model import (
    AUDIENCES,
    Audience,
    GlossaryTerm,
    Lesson,
    Question,
    Source,
    Topic,
)
from rls_tutor.escape import printable

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the course, at a 1-based line and column of a file."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        # one line, whatever the file name or the YAML key in the message holds
        return printable(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}")

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Course:
    root: Path
    title: str = "RLS tutor"
    notice: str = ""
    sources: dict[str, Source] = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    question_topic: dict[str, str] = field(default_factory=dict)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def lessons_for_topic(self, topic_id: str) -> list[Lesson]:
        return [lesson for lesson in self.lessons.values() if lesson.topic == topic_id]

    def questions_for_topic(
        self, topic_id: str, audience: Audience | None = None
    ) -> list[Question]:
        return [
            q
            for qid, q in self.questions.items()
            if self.question_topic.get(qid) == topic_id
            and (audience is None or audience in q.audience)
        ]

    def source_titles(self, ids: list[str]) -> list[str]:
        return [self.sources[i].title if i in self.sources else i for i in ids]

    def summary(self) -> dict[str, object]:
        """The figures `rls-tutor check --json` reports."""
        return {
            "lessons": len(self.lessons),
            "questions": len(self.questions),
            "topics": [
                {
                    "id": t.id,
                    "title": t.title,
                    "lessons": len(self.lessons_for_topic(t.id)),
                    "questions": len(self.questions_for_topic(t.id)),
                    "questions_by_audience": {
                        a: len(self.questions_for_topic(t.id, a)) for a in AUDIENCES
                    },
                }
                for t in self.topics
            ],
        }

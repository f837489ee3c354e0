"""The course as typed data: the shape of every YAML file an author writes.

Pydantic checks structure and types here (and generates the JSON Schema that
`rls-tutor schema` prints). Rules that need a precise location inside a file or
knowledge of other files (exactly one correct option, ids unique across the
course, checks naming real questions) live in `rules.py`, which can point at
the exact line and column.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictStr,
    StringConstraints,
    Tag,
)

Audience = Literal["patient", "clinician"]
AUDIENCES: tuple[Audience, ...] = ("patient", "clinician")

Id = Annotated[
    StrictStr,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64),
    Field(description="lower-case letters, digits and single hyphens, e.g. iron-th-cofactor"),
]
Line = Annotated[StrictStr, StringConstraints(min_length=1, max_length=300)]
Text = Annotated[StrictStr, StringConstraints(min_length=1, max_length=20_000)]
SourceIds = Annotated[
    list[Id],
    Field(min_length=1, description="ids of the course sources this draws on"),
]


class _Model(BaseModel):
    # strict: YAML's `no` or `1.10` must not quietly become a string or a number.
    # defer_build: validators are built on first use, so the tutor, which starts from the
    # validated cache (cache.py) and never validates at start-up, does not pay for them.
    model_config = ConfigDict(
        extra="forbid", strict=True, frozen=True, str_strip_whitespace=True, defer_build=True
    )


# --- the course file: lessons/course.yaml -------------------------------------


class Source(_Model):
    """One of the documents the course is drawn from."""

    id: Id
    title: Line
    audience: Audience = Field(description="who the document was written for")
    updated: date | None = Field(default=None, description="last update, YYYY-MM-DD")
    publisher: Line | None = None
    file: Line | None = Field(default=None, description="the document's file name")
    cites: list[Line] = Field(default_factory=list, description="primary references it relies on")


class Topic(_Model):
    id: Id
    title: Line
    summary: Text


class CourseFile(_Model):
    title: Line
    notice: Text = Field(description="shown with the course: educational, not medical advice")
    sources: list[Source] = Field(min_length=1)
    topics: list[Topic] = Field(min_length=1, description="in teaching order")


# --- the glossary: lessons/glossary.yaml ---------------------------------------


class GlossaryTerm(_Model):
    term: Line
    definition: Text = Field(description="plain language, for patients")
    detail: Text | None = Field(default=None, description="optional depth for clinicians")
    sources: SourceIds


class GlossaryFile(_Model):
    terms: list[GlossaryTerm] = Field(min_length=1)


# --- lessons: lessons/NN-name.yaml -----------------------------------------------


class ScreenText(_Model):
    patient: Text | None = Field(default=None, description="plain language; define every term")
    clinician: Text | None = Field(default=None, description="full depth and terminology")


class Screen(_Model):
    """A screen of Markdown. Both texts are required unless `audience` names one."""

    title: Line
    sources: SourceIds
    audience: Audience | None = Field(
        default=None, description="set only for a screen written for one audience"
    )
    text: ScreenText

    def text_for(self, audience: Audience) -> str | None:
        text: str | None = getattr(self.text, audience)
        return text


class Check(_Model):
    """A question from the bank, asked at this point of the lesson."""

    check: Id


def _step_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "check" if "check" in value else "screen"
    return "check" if isinstance(value, Check) else "screen"


Step = Annotated[
    Annotated[Screen, Tag("screen")] | Annotated[Check, Tag("check")],
    Discriminator(_step_kind),
]


class Lesson(_Model):
    id: Id
    title: Line
    topic: Id
    summary: Text | None = None
    steps: list[Step] = Field(min_length=1)

    def steps_for(self, audience: Audience, questions: dict[str, Question]) -> list[Screen | Check]:
        """The steps this audience sees: screens written for it, checks it suits."""
        shown: list[Screen | Check] = []
        for step in self.steps:
            if isinstance(step, Screen):
                if step.text_for(audience):
                    shown.append(step)
            elif step.check in questions and audience in questions[step.check].audience:
                shown.append(step)
        return shown


# --- question banks: quizzes/topic.yaml ---------------------------------------


class Option(_Model):
    text: Line
    correct: StrictBool = False
    why: Text = Field(description="why this option is right or wrong")


class LintAllowance(_Model):
    """Rules of `rls-tutor lint` an author silences for one item, and why."""

    allow: list[Id] = Field(min_length=1, description="rule ids, e.g. absolute-word")
    reason: Text = Field(description="why this item may break them")


class Question(_Model):
    id: Id
    audience: list[Audience] = Field(min_length=1, max_length=2)
    type: Literal["single", "multiple"] = Field(
        default="single",
        description="single: exactly one correct option; multiple: select all that apply",
    )
    stem: Text
    options: list[Option] = Field(min_length=2, max_length=8)
    explanation: Text
    sources: SourceIds
    lint: LintAllowance | None = Field(
        default=None, description="silence item-writing lint rules for this item, with a reason"
    )

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, o in enumerate(self.options) if o.correct)

    def fingerprint(self) -> str:
        """A short hash of what the learner sees and what counts as right.

        Statistics use it to tell versions of an edited question apart.
        """
        payload = {
            "stem": self.stem,
            "type": self.type,
            "options": [[o.text, o.correct] for o in self.options],
        }
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(raw).hexdigest()[:16]


class QuizFile(_Model):
    topic: Id
    questions: list[Question] = Field(min_length=1)


FILE_MODELS: dict[str, type[_Model]] = {
    "course": CourseFile,
    "glossary": GlossaryFile,
    "lesson": Lesson,
    "quiz": QuizFile,
}

"""`rls-tutor export gift`: the question banks in Moodle's GIFT text format.

One `$CATEGORY` per topic; each question titled by its id, every option with its
`why` as feedback and the explanation and sources as general feedback. A select-all
question gives each keyed option an equal share of 100% and each wrong one an equal
share of -100%, fractions Moodle accepts for two to eight options. Every character
GIFT gives a meaning (~ = # { } : and the backslash) is escaped, and line breaks are
written as GIFT's `\\n`, so no author text can end a question or open another.
"""

from __future__ import annotations

from rls_tutor.content.course import Course
from rls_tutor.content.model import Question
from rls_tutor.export.selection import Choice, questions_by_topic

_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    out = "".join(f"\\{c}" if c in _SPECIAL else c for c in text)
    return "\\n".join(line.strip() for line in out.strip().splitlines())


def _weight(share: float) -> str:
    return f"{share:.5f}".rstrip("0").rstrip(".")


def question_text(question: Question, course: Course) -> str:
    lines = [f"::{escape(question.id)}::[plain]{escape(question.stem)} {{"]
    keyed = len(question.correct_indexes)
    wrong = len(question.options) - keyed
    for option in question.options:
        feedback = f"#{escape(option.why)}"
        if question.type == "single":
            mark = "=" if option.correct else "~"
        elif option.correct:
            mark = f"~%{_weight(100 / keyed)}%"
        else:
            mark = f"~%-{_weight(100 / wrong)}%"
        lines.append(f"\t{mark}{escape(option.text)}{feedback}")
    sources = "; ".join(course.source_titles(question.sources))
    lines.append(f"\t####{escape(question.explanation)} {escape(f'(Sources: {sources})')}")
    lines.append("}")
    return "\n".join(lines)


def category(course: Course, title: str) -> str:
    # a category path is not escaped in GIFT: keep its separator out of the names
    def clean(name: str) -> str:
        return " ".join(name.replace("/", "-").split())

    return f"$CATEGORY: $course$/{clean(course.title)}/{clean(title)}"


def gift_text(course: Course, audience: Choice = "both") -> tuple[str, int]:
    blocks = [f"// {escape(course.title)}: exported by rls-tutor"]
    count = 0
    for topic, questions in questions_by_topic(course, audience):
        blocks.append(category(course, topic.title))
        for question in questions:
            blocks.append(question_text(question, course))
            count += 1
    return "\n\n".join(blocks) + "\n", count

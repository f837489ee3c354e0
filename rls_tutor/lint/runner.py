"""`lint_course`: every item-writing warning and test-wise figure of a course."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rls_tutor.content.course import Course
from rls_tutor.content.loader import Parsed, display_path, load_course, read_quiz_files
from rls_tutor.content.model import Question
from rls_tutor.content.safe_yaml import Path_
from rls_tutor.lint.duplicates import near_duplicates
from rls_tutor.lint.item_rules import RULES, item_hits
from rls_tutor.lint.testwise import Figure, multiple_figures, single_figures

# A strategy "beats chance clearly" by more than this many points: a bank of ten
# single-answer items moves ten points per item, so a bank gets one item of slack and
# the course, with its hundred items, five points.
BANK_MARGIN = 0.10
COURSE_MARGIN = 0.05
MIN_ITEMS = 5  # fewer items than this say nothing about a strategy


@dataclass(frozen=True, order=True)
class LintWarning:
    path: str
    line: int
    column: int
    rule: str
    message: str

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "rule": self.rule,
        }


@dataclass
class BankFigures:
    topic: str  # "" for the whole course
    questions: int
    single: dict[str, Figure]
    multiple: dict[str, Figure]

    @property
    def chance(self) -> float | None:
        return self.single["chance"].chance if self.single else None

    def as_json(self) -> dict[str, object]:
        strategies = {k: round(f.score, 4) for k, f in self.single.items() if k != "chance"}
        strategies |= {k: round(f.score, 4) for k, f in self.multiple.items()}
        return {
            "topic": self.topic or None,
            "questions": self.questions,
            "chance": None if self.chance is None else round(self.chance, 4),
            "select_all_chance": (
                round(next(iter(self.multiple.values())).chance, 4) if self.multiple else None
            ),
            "strategies": strategies,
        }


@dataclass
class LintReport:
    root: Path
    warnings: list[LintWarning] = field(default_factory=list)
    banks: list[BankFigures] = field(default_factory=list)
    course: BankFigures | None = None
    errors: int = 0  # errors `rls-tutor check` would report: those items are not linted

    @property
    def ok(self) -> bool:
        return not self.warnings


def _figures(topic: str, questions: list[Question]) -> BankFigures:
    return BankFigures(
        topic, len(questions), single_figures(questions), multiple_figures(questions)
    )


def _beaten(figures: BankFigures, margin: float) -> list[tuple[str, Figure]]:
    return [
        (name, f)
        for name, f in (*figures.single.items(), *figures.multiple.items())
        if name != "chance" and f.items >= MIN_ITEMS and f.margin > margin
    ]


def _testwise_message(name: str, f: Figure, where: str) -> str:
    return (
        f"test-wise: '{name}' scores {f.score:.0%} {where} against {f.chance:.0%} by chance "
        f"({f.items} items): the options give the key away by a surface cue"
    )


def lint_course(root: Path, topics: set[str] | None = None) -> LintReport:
    course: Course = load_course(root)
    report = LintReport(root=root, errors=len(course.errors))
    titles = [s.title for s in course.sources.values()]
    located: dict[str, tuple[Parsed, Path_]] = {}
    for parsed in read_quiz_files(root):
        for i, q in enumerate(parsed.model.questions):
            if course.questions.get(q.id) == q:  # the version check accepted
                located.setdefault(q.id, (parsed, ("questions", i)))
    wanted = [
        q
        for qid, q in course.questions.items()
        if qid in located and (topics is None or course.question_topic[qid] in topics)
    ]

    def warn(q: Question, at: Path_, rule: str, message: str) -> None:
        if q.lint is not None and rule in q.lint.allow:
            return
        parsed, base = located[q.id]
        p = parsed.problem((*base, *at), "warning", message)
        report.warnings.append(LintWarning(p.path, p.line, p.column, rule, message))

    for q in wanted:
        for at, rule, message in item_hits(q, titles):
            warn(q, at, rule, message)
        for i, name in enumerate(q.lint.allow if q.lint else []):
            if name not in RULES:
                warn(q, ("lint", "allow", i), "lint-allow", f"unknown lint rule {name!r}")
    for later, earlier, _ in near_duplicates(wanted):
        parsed, base = located[earlier.id]
        first = parsed.problem((*base, "stem"), "warning", "")
        warn(
            later,
            ("stem",),
            "near-duplicate",
            f"asks much the same as {earlier.id!r} ({first.path}:{first.line}): the same fact "
            "asked twice weighs twice in mastery; merge them or ask something else",
        )

    by_topic: dict[str, list[Question]] = {}
    for q in wanted:
        by_topic.setdefault(course.question_topic[q.id], []).append(q)
    for topic in [t.id for t in course.topics if t.id in by_topic] + sorted(
        set(by_topic) - {t.id for t in course.topics}
    ):
        figures = _figures(topic, by_topic[topic])
        report.banks.append(figures)
        parsed, _ = located[by_topic[topic][0].id]
        for name, f in _beaten(figures, BANK_MARGIN):
            message = _testwise_message(name, f, f"in the {topic} bank")
            report.warnings.append(LintWarning(parsed.path, 1, 1, "testwise", message))
    report.course = _figures("", wanted)
    if topics is None:
        where = display_path(Path(root) / "quizzes")
        for name, f in _beaten(report.course, COURSE_MARGIN):
            message = _testwise_message(name, f, "across the course")
            report.warnings.append(LintWarning(where, 1, 1, "testwise", message))
    report.warnings.sort()
    return report

"""Loading a course folder: every file checked, every problem collected.

A course root holds `lessons/course.yaml` (title, notice, sources, topics),
`lessons/glossary.yaml`, one lesson per other file in `lessons/`, and one
question bank per file in `quizzes/`. Which files are read at all (no broken or
escaping links, no pipes, nothing too big) is decided by `files.scan`, the same
listing the cache key uses. A file with errors is skipped and reported; the rest
of the course still loads. Nothing here raises for bad content: problems land in
`Course.problems`, sorted by file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rls_tutor.content import rules
from rls_tutor.content.course import Course, Problem, Severity
from rls_tutor.content.files import (
    COURSE_FILE,
    CourseFileEntry,
    Listing,
    Unreadable,
    display_path,
    read_file,
    scan,
)
from rls_tutor.content.model import (
    AUDIENCES,
    Check,
    CourseFile,
    GlossaryFile,
    Lesson,
    QuizFile,
    Screen,
    Source,
    Topic,
)
from rls_tutor.content.safe_yaml import Located, Path_, YamlError, parse_yaml
from rls_tutor.content.text import comparable
from rls_tutor.content.validation import schema_problems

GLOSSARY_FILE = "glossary.yaml"
MISSING_COURSE_FILE = (
    "the course file is missing: it declares the title, notice, sources and topics"
)
__all__ = ["Parsed", "display_path", "load_course", "read_quiz_files"]


@dataclass
class Parsed:
    path: str  # as shown to the author
    model: Any
    located: Located
    salvage: str | None = None
    kept: list[int] | None = None  # original positions of the salvaged list's items
    rel: str = ""  # relative to the course folder, for messages naming another file

    def problem(self, at: Path_, severity: Severity, message: str, *, key: bool = False) -> Problem:
        if self.kept is not None and len(at) > 1 and at[0] == self.salvage:
            at = (at[0], self.kept[int(at[1])], *at[2:])
        line, col = self.located.where(at, key=key)
        return Problem(self.path, line, col, severity, message)


def _raw_question_ids(located: Located) -> set[str]:
    """Ids a broken quiz file tried to declare, so checks naming them don't add noise."""
    questions = located.data.get("questions") if isinstance(located.data, dict) else None
    if not isinstance(questions, list):
        return set()
    return {q["id"] for q in questions if isinstance(q, dict) and isinstance(q.get("id"), str)}


def _read(
    entry: CourseFileEntry,
    model: type[BaseModel],
    problems: list[Problem],
    broken_ids: set[str] | None = None,
    salvage: str | None = None,
) -> Parsed | None:
    """Parse and validate one file. With `salvage`, items of that list with errors are
    dropped (and reported) so that one bad question does not take its file down."""
    shown = display_path(entry.path)
    try:
        raw = read_file(entry)
    except Unreadable as exc:
        problems.append(Problem(shown, 1, 1, "error", exc.message))
        return None
    try:
        located = parse_yaml(raw)
    except YamlError as exc:
        problems.append(Problem(shown, exc.line, exc.column, "error", exc.message))
        return None
    problems.extend(
        Problem(shown, w.line, w.column, "warning", w.message) for w in located.warnings
    )
    errors = []
    data = located.data
    kept: list[int] | None = None
    while True:
        try:
            parsed = model.model_validate(data)
            break
        except ValidationError as exc:
            if broken_ids is not None:
                broken_ids |= _raw_question_ids(located)
            errors.extend(schema_problems(exc, located))
            data, kept = _without_broken_items(data, exc, salvage, kept)
            if data is None:
                problems.extend(Problem(shown, ln, col, "error", msg) for ln, col, msg in errors)
                return None
    problems.extend(Problem(shown, ln, col, "error", msg) for ln, col, msg in errors)
    return Parsed(shown, parsed, located, salvage, kept, entry.rel)


def _without_broken_items(
    data: Any, exc: ValidationError, salvage: str | None, kept: list[int] | None
) -> tuple[Any, list[int] | None]:
    """`data` minus the items of `data[salvage]` the errors point into (or None when an
    error lies elsewhere), and the original positions of the items kept."""
    if salvage is None or not isinstance(data, dict) or not isinstance(data.get(salvage), list):
        return None, None
    items = data[salvage]
    positions = kept if kept is not None else list(range(len(items)))
    bad = set()
    for err in exc.errors():
        loc = err["loc"]
        if len(loc) < 2 or loc[0] != salvage or not isinstance(loc[1], int):
            return None, None
        bad.add(loc[1])
    keep = [i for i in range(len(items)) if i not in bad]
    if not keep:
        return None, None
    return {**data, salvage: [items[i] for i in keep]}, [positions[i] for i in keep]


def _skipped(listing: Listing) -> list[Problem]:
    """The files `scan` refused, each an error at its first line."""
    return [Problem(display_path(s.path), 1, 1, "error", s.message) for s in listing.skipped]


def _cite_problems(parsed: Parsed, at: Path_, ids: list[str], sources: set[str]) -> list[Problem]:
    if not sources:  # the course file is missing or broken: that error says it all
        return []
    return [
        parsed.problem(
            (*at, "sources", i),
            "error",
            f"unknown source {sid!r}: declare it in lessons/{COURSE_FILE} (known: "
            f"{', '.join(sorted(sources)) or 'none'})",
        )
        for i, sid in enumerate(ids)
        if sid not in sources
    ]


def _findings(parsed: Parsed, findings: Iterable[rules.Finding]) -> list[Problem]:
    return [parsed.problem(at, sev, msg) for at, sev, msg in findings]


def read_quiz_files(root: Path) -> list[Parsed]:
    """Each quiz file of a course that parses, with the positions of its values, for
    tools that point into the files (the lint); `load_course` reports what is broken."""
    listing = scan(Path(root), "quizzes")
    found = (_read(entry, QuizFile, [], salvage="questions") for entry in listing.files)
    return [parsed for parsed in found if parsed is not None]


def load_course(root: Path) -> Course:
    root = Path(root)
    course = Course(root=root)
    problems = course.problems
    lessons, quizzes = scan(root, "lessons"), scan(root, "quizzes")
    problems += _skipped(lessons) + _skipped(quizzes)
    in_lessons = {entry.name: entry for entry in lessons.files}
    refused = {s.name for s in lessons.skipped}  # "" when the folder itself is refused

    course_entry = in_lessons.get(COURSE_FILE)
    if course_entry is None:
        if not refused & {COURSE_FILE, ""}:  # a refused file or folder is reported already
            problems.append(
                Problem(
                    display_path(root / "lessons" / COURSE_FILE),
                    1,
                    1,
                    "error",
                    MISSING_COURSE_FILE,
                )
            )
        meta = None
    else:
        meta = _read(course_entry, CourseFile, problems)
    source_ids: set[str] = set()
    topic_ids: set[str] = set()
    if meta is not None:
        cf: CourseFile = meta.model
        course.title, course.notice = cf.title, cf.notice
        declared: tuple[tuple[str, Sequence[Source | Topic]], ...] = (
            ("source", cf.sources),
            ("topic", cf.topics),
        )
        for kind, items in declared:
            seen: set[str] = set()
            for i, item in enumerate(items):
                if item.id in seen:
                    problems.append(
                        meta.problem(
                            (f"{kind}s", i, "id"),
                            "error",
                            f"{kind} id {item.id!r} is declared twice",
                        )
                    )
                seen.add(item.id)
        course.sources = {s.id: s for s in cf.sources}
        course.topics = list({t.id: t for t in reversed(cf.topics)}.values())[::-1]
        source_ids, topic_ids = set(course.sources), {t.id for t in course.topics}

    glossary_entry = in_lessons.get(GLOSSARY_FILE)
    if glossary_entry is not None:
        glossary = _read(glossary_entry, GlossaryFile, problems, salvage="terms")
        if glossary is not None:
            seen_terms: dict[str, int] = {}
            for i, term in enumerate(glossary.model.terms):
                problems.extend(_cite_problems(glossary, ("terms", i), term.sources, source_ids))
                key = comparable(term.term)
                if key in seen_terms:
                    problems.append(
                        glossary.problem(
                            ("terms", i, "term"), "error", f"term {term.term!r} is defined twice"
                        )
                    )
                    continue
                seen_terms[key] = i
                course.glossary.append(term)
            course.glossary.sort(key=lambda t: t.term.casefold())

    broken: set[str] = set()
    _load_quizzes(course, quizzes.files, source_ids, topic_ids, broken)
    lesson_files = [e for e in lessons.files if e.name not in (COURSE_FILE, GLOSSARY_FILE)]
    _load_lessons(course, lesson_files, source_ids, topic_ids, broken)
    if meta is not None:
        _topic_coverage(course, meta)
    problems.sort()
    return course


def _load_quizzes(
    course: Course,
    files: list[CourseFileEntry],
    sources: set[str],
    topics: set[str],
    broken: set[str],
) -> None:
    """Load every bank; `broken` collects ids of questions skipped for their errors."""
    problems = course.problems
    first_seen: dict[str, str] = {}
    for entry in files:
        quiz = _read(entry, QuizFile, problems, broken, salvage="questions")
        if quiz is None:
            continue
        qf: QuizFile = quiz.model
        if topics and qf.topic not in topics:
            broken |= {q.id for q in qf.questions}
            problems.append(
                quiz.problem(
                    ("topic",),
                    "error",
                    f"unknown topic {qf.topic!r}: declare it in lessons/{COURSE_FILE}",
                )
            )
            continue
        for i, q in enumerate(qf.questions):
            at: Path_ = ("questions", i)
            found = _findings(quiz, rules.question_findings(q, at))
            found += _cite_problems(quiz, at, q.sources, sources)
            if q.id in course.questions:
                found.append(
                    quiz.problem(
                        (*at, "id"),
                        "error",
                        f"question id {q.id!r} is already used in {first_seen[q.id]}",
                    )
                )
            problems.extend(found)
            if any(p.severity == "error" for p in found):
                if q.id not in course.questions:
                    broken.add(q.id)
                continue  # skip the broken question, keep its neighbours
            course.questions[q.id] = q
            course.question_topic[q.id] = qf.topic
            first_seen[q.id] = quiz.rel  # relative to the course: the cache keeps messages


def _load_lessons(
    course: Course,
    files: list[CourseFileEntry],
    sources: set[str],
    topics: set[str],
    broken: set[str],
) -> None:
    problems = course.problems
    order = {t.id: i for i, t in enumerate(course.topics)}
    loaded: list[tuple[int, str, Lesson]] = []
    first_seen: dict[str, str] = {}
    for entry in files:
        parsed = _read(entry, Lesson, problems)
        if parsed is None:
            continue
        lesson: Lesson = parsed.model
        found = _findings(parsed, rules.lesson_findings(lesson))
        if topics and lesson.topic not in topics:
            found.append(
                parsed.problem(
                    ("topic",),
                    "error",
                    f"unknown topic {lesson.topic!r}: declare it in lessons/{COURSE_FILE}",
                )
            )
        if lesson.id in first_seen:
            found.append(
                parsed.problem(
                    ("id",),
                    "error",
                    f"lesson id {lesson.id!r} is already used in {first_seen[lesson.id]}",
                )
            )
        kept: list[Screen | Check] = []
        for i, step in enumerate(lesson.steps):
            if isinstance(step, Screen):
                found += _cite_problems(parsed, ("steps", i), step.sources, sources)
                kept.append(step)
            elif isinstance(step, Check):
                if step.check in course.questions:
                    kept.append(step)
                elif step.check not in broken:  # a broken question is reported already
                    found.append(
                        parsed.problem(
                            ("steps", i, "check"),
                            "error",
                            f"check names unknown question {step.check!r}",
                        )
                    )
        found += _audience_checks(parsed, lesson, course)
        problems.extend(found)
        if lesson.id in first_seen or (topics and lesson.topic not in topics):
            continue
        if not any(isinstance(s, Screen) for s in kept):
            continue
        # A lesson keeps working without a broken check; the error still fails `check`.
        lesson = lesson.model_copy(update={"steps": kept})
        first_seen[lesson.id] = parsed.rel
        loaded.append((order.get(lesson.topic, len(order)), entry.name, lesson))
    for _, _, lesson in sorted(loaded, key=lambda item: item[:2]):
        course.lessons[lesson.id] = lesson


def _audience_checks(parsed: Parsed, lesson: Lesson, course: Course) -> list[Problem]:
    """Warn when one track reads a lesson's screens but never meets one of its checks."""
    out: list[Problem] = []
    checks = [s for s in lesson.steps if isinstance(s, Check) and s.check in course.questions]
    if not checks:
        return out
    for audience in AUDIENCES:
        reads = any(isinstance(s, Screen) and s.text_for(audience) for s in lesson.steps)
        asked = any(audience in course.questions[c.check].audience for c in checks)
        if reads and not asked:
            out.append(
                parsed.problem(
                    ("steps",), "warning", f"lesson {lesson.id!r} has no check for {audience}s"
                )
            )
    return out


def _topic_coverage(course: Course, meta: Parsed) -> None:
    for i, topic in enumerate(course.topics):
        if not course.lessons_for_topic(topic.id):
            course.problems.append(
                meta.problem(("topics", i, "id"), "warning", f"topic {topic.id!r} has no lesson")
            )
        if not course.questions_for_topic(topic.id):
            course.problems.append(
                meta.problem(("topics", i, "id"), "warning", f"topic {topic.id!r} has no questions")
            )

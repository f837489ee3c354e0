"""The course loader: every rule of issue 2, each at the line and column it concerns."""

from __future__ import annotations

from pathlib import Path

import pytest

from rls_tutor.content.loader import load_course
from rls_tutor.content.model import Check, Screen

from .course_factory import GENES_QUIZ, LESSON, QUIZ, write_course


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # so problem paths are short and relative
    return tmp_path


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_course(root).problems]


def errors(root: Path) -> list[str]:
    return [str(p) for p in load_course(root).errors]


def test_valid_course_loads_with_no_problems(root: Path) -> None:
    course = load_course(write_course(root))
    assert course.problems == []
    assert [t.id for t in course.topics] == ["iron", "genes"]
    assert list(course.lessons) == ["iron", "genes"]
    assert set(course.questions) == {"iron-q1", "iron-q2", "genes-q1"}
    assert course.question_topic["iron-q2"] == "iron"
    assert [g.term for g in course.glossary] == ["Ferritin"]
    lesson = course.lessons["iron"]
    patient_steps = lesson.steps_for("patient", course.questions)
    assert [type(s) for s in patient_steps] == [Screen, Check]
    assert len(lesson.steps_for("clinician", course.questions)) == 4
    assert course.summary()["topics"][0] == {
        "id": "iron",
        "title": "Iron",
        "lessons": 1,
        "questions": 2,
        "questions_by_audience": {"patient": 1, "clinician": 2},
    }


def test_single_answer_needs_exactly_one_correct(root: Path) -> None:
    quiz = QUIZ.replace("      - text: Insulin\n", "      - text: Insulin\n        correct: true\n")
    write_course(root, quiz=quiz)
    assert errors(root) == [
        "quizzes/iron.yaml:7:7: error: question 'iron-q1' is single-best-answer but has 2 "
        "correct options: mark exactly one `correct: true`, or set `type: multiple`"
    ]


def test_multiple_answer_needs_at_least_one_correct(root: Path) -> None:
    quiz = QUIZ.replace("        correct: true\n        why: It is", "        why: It is")
    quiz = quiz.replace("        correct: true\n        why: As the", "        why: As the")
    write_course(root, quiz=quiz)
    course = load_course(root)
    assert [str(p) for p in course.errors] == [
        "quizzes/iron.yaml:19:7: error: question 'iron-q2' has no correct option: "
        "mark at least one `correct: true`",
    ]
    # The broken question is dropped; its neighbour stays, and so does the lesson.
    assert "iron-q2" not in course.questions and "iron-q1" in course.questions
    assert "iron" in course.lessons


def test_duplicate_option_texts(root: Path) -> None:
    write_course(root, quiz=QUIZ.replace("text: Insulin", "text: '  dopamine '"))
    assert errors(root) == [
        "quizzes/iron.yaml:10:15: error: option 2 repeats option 1 ('dopamine')"
    ]


@pytest.mark.parametrize(
    "disguise",
    [
        "Dop\u200bamine",  # a zero-width space
        "Ｄｏｐａｍｉｎｅ",  # full-width letters
        "Dоpаmine",  # Cyrillic o and a
    ],
)
def test_duplicate_options_are_seen_through_look_alikes(root: Path, disguise: str) -> None:
    write_course(root, quiz=QUIZ.replace("text: Insulin", f"text: '{disguise}'"))
    (error,) = errors(root)
    assert error.startswith("quizzes/iron.yaml:10:15: error: option 2 repeats option 1")


def test_duplicate_glossary_terms_are_seen_through_look_alikes(root: Path) -> None:
    doubled = (
        "terms:\n  - term: Iron\n    definition: A metal.\n    sources: [src-a]\n"
        '  - term: "Ir\u200bоn"\n    definition: Again.\n    sources: [src-a]\n'
    )
    write_course(root, glossary=doubled)
    (problem,) = problems(root)
    assert (
        problem.startswith("lessons/glossary.yaml:5:11: error: term ")
        and "defined twice" in problem
    )


@pytest.mark.parametrize("count", [1, 9])
def test_option_count_between_2_and_8(root: Path, count: int) -> None:
    options = "".join(
        f"      - text: Option {i}\n"
        + ("        correct: true\n" if i == 0 else "")
        + "        why: Because.\n"
        for i in range(count)
    )
    quiz = (
        GENES_QUIZ.split("    options:\n")[0]
        + "    options:\n"
        + options
        + ("    explanation: E.\n    sources: [src-a]\n")
    )
    write_course(root, genes_quiz=quiz)
    (error,) = load_course(root).errors
    assert (error.path, error.line, error.column) == ("quizzes/genes.yaml", 7, 7)
    assert "options:" in error.message and (
        "at least 2" in error.message or "at most 8" in error.message
    )


def test_every_option_needs_a_rationale(root: Path) -> None:
    write_course(root, quiz=QUIZ.replace("        why: Not discussed in the sources.\n", ""))
    assert errors(root) == [
        "quizzes/iron.yaml:10:9: error: missing required field 'why' in questions[0].options[1]"
    ]


def test_yaml_boolean_where_text_expected(root: Path) -> None:
    write_course(root, quiz=QUIZ.replace("text: Insulin", "text: no"))
    assert errors(root) == [
        "quizzes/iron.yaml:10:15: error: questions[0].options[1].text: expected text, but YAML "
        'reads no as a boolean; put it in quotes: "no"'
    ]


def test_yaml_yes_where_boolean_expected_is_accepted_only_as_true_false(root: Path) -> None:
    write_course(
        root,
        quiz=QUIZ.replace(
            "correct: true\n        why: Iron is", "correct: 1\n        why: Iron is"
        ),
    )
    (error,) = load_course(root).errors
    assert (error.line, error.column) == (8, 18)
    assert "expected true or false, got 1" in error.message


def test_unknown_field_with_suggestion(root: Path) -> None:
    write_course(root, quiz=QUIZ.replace("    explanation: Iron is", "    explanaton: Iron is"))
    errors = [str(p) for p in load_course(root).errors]
    assert (
        "quizzes/iron.yaml:12:5: error: unknown field 'explanaton': did you mean 'explanation'?"
        in errors
    )


def test_bad_id_and_audience(root: Path) -> None:
    quiz = QUIZ.replace("id: iron-q1", "id: Iron Q1").replace(
        "audience: [patient, clinician]", "audience: [patients]"
    )
    write_course(root, quiz=quiz)
    course = load_course(root)
    found = [(p.line, p.column, p.message) for p in course.errors if p.path.startswith("quizzes")]
    assert found[0][:2] == (3, 9) and "'Iron Q1' is not a valid id" in found[0][2]
    assert found[1][:2] == (4, 16) and "'patient' or 'clinician'" in found[1][2]
    assert len(found) == 2
    # the lesson's check names an id that no longer exists
    assert [p.line for p in course.errors if p.path.startswith("lessons")] == [10]


def test_duplicate_question_ids_across_files(root: Path) -> None:
    write_course(root, genes_quiz=GENES_QUIZ.replace("id: genes-q1", "id: iron-q1"))
    errors = [str(p) for p in load_course(root).errors]
    assert (
        "quizzes/iron.yaml:3:9: error: question id 'iron-q1' is already used in quizzes/genes.yaml"
    ) in errors


def test_check_must_name_an_existing_question(root: Path) -> None:
    write_course(root, lesson=LESSON.replace("check: iron-q2", "check: iron-q9"))
    course = load_course(root)
    assert [str(p) for p in course.errors] == [
        "lessons/01-iron.yaml:16:12: error: check names unknown question 'iron-q9'"
    ]
    # The lesson still works without the broken check.
    assert [getattr(s, "check", None) for s in course.lessons["iron"].steps] == [
        None,
        "iron-q1",
        None,
    ]


def test_unknown_source(root: Path) -> None:
    write_course(root, lesson=LESSON.replace("sources: [src-a, src-b]", "sources: [src-a, src-z]"))
    assert problems(root) == [
        "lessons/01-iron.yaml:6:22: error: unknown source 'src-z': declare it in "
        "lessons/course.yaml (known: src-a, src-b)"
    ]


def test_screen_needs_both_texts_unless_marked(root: Path) -> None:
    write_course(root, lesson=LESSON.replace("      patient: Iron helps make dopamine.\n", ""))
    assert problems(root) == [
        "lessons/01-iron.yaml:8:7: error: screen 'Why iron matters' has no patient text: "
        "write one, or mark the screen `audience: clinician`"
    ]


def test_screen_marked_for_one_audience_has_only_that_text(root: Path) -> None:
    lesson = LESSON.replace(
        "      clinician: Ferritin below 50 ng/mL.\n",
        "      clinician: Ferritin below 50 ng/mL.\n      patient: Iron blood test.\n",
    )
    write_course(root, lesson=lesson)
    assert problems(root) == [
        "lessons/01-iron.yaml:16:16: error: this screen is marked `audience: clinician` but "
        "has a patient text: remove one of them"
    ]


def test_lesson_without_check_is_a_warning(root: Path) -> None:
    lesson = LESSON.replace("  - check: iron-q1\n", "").replace("  - check: iron-q2\n", "")
    write_course(root, lesson=lesson)
    course = load_course(root)
    assert course.ok
    assert [str(p) for p in course.warnings] == [
        "lessons/01-iron.yaml:5:3: warning: lesson 'iron' has no check: add "
        "`- check: QUESTION-ID` between screens"
    ]


def test_unknown_topic(root: Path) -> None:
    write_course(root, genes_quiz=GENES_QUIZ.replace("topic: genes", "topic: jeans"))
    errors = [str(p) for p in load_course(root).errors]
    assert errors == [
        "quizzes/genes.yaml:1:8: error: unknown topic 'jeans': declare it in lessons/course.yaml"
    ]


def test_errors_from_every_file_are_collected_and_sorted(root: Path) -> None:
    write_course(
        root,
        quiz="topic: iron\nquestions:\n  - id: a\n    id: b\n",
        genes_quiz="topic: [genes\n",
        lesson=LESSON.replace("title: Iron and the brain", "title: Iron\ttab"),
    )
    course = load_course(root)
    locations = [(p.path, p.line) for p in course.errors]
    assert locations == sorted(locations)
    paths = {p.path for p in course.errors}
    assert {"quizzes/iron.yaml", "quizzes/genes.yaml"} <= paths
    # the genes lesson still loads though its checks fail
    assert "genes" in course.lessons


def test_a_broken_file_does_not_hide_the_rest(root: Path) -> None:
    write_course(root, lesson="id: iron\nsteps: [\n")
    course = load_course(root)
    assert len(course.errors) == 1 and course.errors[0].path == "lessons/01-iron.yaml"
    assert "genes" in course.lessons and "iron" not in course.lessons
    assert "iron-q1" in course.questions


def test_missing_course_file(root: Path) -> None:
    write_course(root, course=None)
    errors = [str(p) for p in load_course(root).errors]
    assert errors[0].startswith("lessons/course.yaml:1:1: error: the course file is missing")


def test_missing_glossary_is_fine_and_duplicates_are_not(root: Path) -> None:
    write_course(root, glossary=None)
    assert load_course(root).ok
    doubled = (
        "terms:\n  - term: Iron\n    definition: A metal.\n    sources: [src-a]\n"
        "  - term: iron\n    definition: Again.\n    sources: [src-a]\n"
    )
    write_course(root, glossary=doubled)
    assert problems(root) == ["lessons/glossary.yaml:5:11: error: term 'iron' is defined twice"]


def test_author_text_loses_control_characters(root: Path) -> None:
    write_course(
        root,
        quiz=QUIZ.replace("stem: Iron helps", 'stem: "\\e]0;pwned\\aIron helps').replace(
            "chemical messenger?", 'chemical messenger?"'
        ),
    )
    course = load_course(root)
    assert course.questions["iron-q1"].stem.startswith("]0;pwnedIron helps")

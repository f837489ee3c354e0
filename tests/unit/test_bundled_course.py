"""The bundled course meets the course issue's bar, measured rather than promised."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from pathlib import Path

import pytest

from rls_tutor.content.course import Course
from rls_tutor.content.loader import load_course
from rls_tutor.content.model import Check, Screen
from rls_tutor.lint.runner import BANK_MARGIN, COURSE_MARGIN, MIN_ITEMS, lint_course
from rls_tutor.locations import bundled_course_root

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT.parent / "shared" / "sources"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(bundled_course_root())


def test_course_is_valid(course: Course) -> None:
    assert course.errors == []


def test_at_least_12_topics_each_with_a_lesson_and_questions(course: Course) -> None:
    assert len(course.topics) >= 12
    for topic in course.topics:
        assert course.lessons_for_topic(topic.id), topic.id
        assert len(course.questions_for_topic(topic.id)) >= 10, topic.id
        assert len(course.questions_for_topic(topic.id, "patient")) >= 4, topic.id
    assert len(course.questions) >= 130


def test_each_lesson_has_4_screens_and_2_checks_per_track(course: Course) -> None:
    for lesson in course.lessons.values():
        screens = [s for s in lesson.steps if isinstance(s, Screen)]
        assert len(screens) >= 4, lesson.id
        for audience in ("patient", "clinician"):
            shown = lesson.steps_for(audience, course.questions)
            checks = [s for s in shown if isinstance(s, Check)]
            assert len(checks) >= 2, (lesson.id, audience)
            # interleaved: not every check comes after the last screen
            first_check = shown.index(checks[0])
            assert any(isinstance(s, Screen) for s in shown[first_check:]), (lesson.id, audience)


def test_every_screen_and_question_cites_a_declared_source(course: Course) -> None:
    assert len(course.sources) == 3
    for lesson in course.lessons.values():
        for step in lesson.steps:
            if isinstance(step, Screen):
                assert step.sources and set(step.sources) <= set(course.sources)
    for q in course.questions.values():
        assert q.sources and set(q.sources) <= set(course.sources)


def test_question_banks_keep_their_size_and_kinds(course: Course) -> None:
    kinds = Counter(q.type for q in course.questions.values())
    assert len(course.questions) >= 152
    assert kinds["multiple"] >= 36 and kinds["single"] >= 100
    for topic in course.topics:
        for audience in ("patient", "clinician"):
            assert len(course.questions_for_topic(topic.id, audience)) >= 4, (topic.id, audience)
    for q in course.questions.values():
        assert all(option.why.strip() for option in q.options), q.id


VIGNETTE = re.compile(r"\b\d{1,2}-year-old\b")


def test_most_clinician_questions_are_vignettes(course: Course) -> None:
    """Board style: at least 60% of each topic's clinician items present a patient."""
    for topic in course.topics:
        clinician = course.questions_for_topic(topic.id, "clinician")
        vignettes = [q for q in clinician if VIGNETTE.search(q.stem)]
        assert len(vignettes) >= 0.6 * len(clinician), (topic.id, len(vignettes), len(clinician))


def test_no_surface_cue_gives_the_key_away(course: Course) -> None:
    """The lint's rules hold on every item, and no content-free guessing strategy beats
    chance by more than its margin on any bank or on the whole course."""
    report = lint_course(bundled_course_root())
    assert [f"{w.path}:{w.line}: {w.message}" for w in report.warnings] == []
    assert report.course is not None
    for bank in [*report.banks, report.course]:
        margin = BANK_MARGIN if bank.topic else COURSE_MARGIN
        for name, figure in {**bank.single, **bank.multiple}.items():
            if figure.items >= MIN_ITEMS:  # three select-all items in a bank say nothing
                assert figure.margin <= margin, (bank.topic or "course", name, figure)


def test_stems_ask_about_the_body_not_a_document(course: Course) -> None:
    document = re.compile(r"according to|article|summar(y|ies)|the (course'?s? )?sources?", re.I)
    naming = [q.id for q in course.questions.values() if document.search(q.stem)]
    assert naming == []


def test_no_patient_item_keys_an_action_about_medicines(course: Course) -> None:
    action = re.compile(r"\b(stop|start|take|change|increase|reduce|skip|keep|continue)\b", re.I)
    medicine = re.compile(r"\b(medicines?|medications?|drugs?|pills?|doses?|supplements?)\b", re.I)
    keyed = [
        q.id
        for q in course.questions.values()
        if "patient" in q.audience
        for i in q.correct_indexes
        if action.search(q.options[i].text) and medicine.search(q.options[i].text)
    ]
    assert keyed == []


def test_glossary_has_40_terms_with_definitions(course: Course) -> None:
    assert len(course.glossary) >= 40
    assert all(len(t.definition) > 10 for t in course.glossary)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def _shingles(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source documents sit beside the repository")
def test_no_sentence_is_copied_from_the_sources(course: Course) -> None:
    """No run of 8 words in the course matches a source (names and terms are shorter)."""
    n = 8
    source_shingles: set[tuple[str, ...]] = set()
    for path in SOURCES.glob("*.txt"):
        source_shingles |= _shingles(_words(path.read_text(encoding="utf-8")), n)
    texts: list[tuple[str, str]] = []
    for lesson in course.lessons.values():
        for step in lesson.steps:
            if isinstance(step, Screen):
                texts += [(lesson.id, t) for t in (step.text.patient, step.text.clinician) if t]
    for q in course.questions.values():
        texts.append((q.id, q.stem))
        texts.append((q.id, q.explanation))
        texts += [(q.id, o.why) for o in q.options]
    texts += [(t.term, t.definition) for t in course.glossary]
    copied = [
        (where, " ".join(sh))
        for where, text in texts
        for sh in _shingles(_words(text), n) & source_shingles
    ]
    assert copied == []


def test_patient_texts_are_plainer_than_clinician_texts(course: Course) -> None:
    def mean_word_length(texts: list[str]) -> float:
        words = [w for t in texts for w in _words(t)]
        return statistics.mean(len(w) for w in words)

    patient, clinician = [], []
    for lesson in course.lessons.values():
        for step in lesson.steps:
            if isinstance(step, Screen):
                patient += [step.text.patient] if step.text.patient else []
                clinician += [step.text.clinician] if step.text.clinician else []
    assert mean_word_length(patient) < mean_word_length(clinician)

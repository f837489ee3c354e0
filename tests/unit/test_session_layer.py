"""The decisions every face shares (session/): which steps a track sees and what is
saved when, turning picks into one recorded answer and its feedback, the review queue,
where a lesson opens, the first run's name and track, glossary search."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rls_tutor.content.model import Check, Screen
from rls_tutor.progress.peek import DEFAULT_LEARNER
from rls_tutor.progress.store import LessonPosition
from rls_tutor.session.answering import Showing
from rls_tutor.session.glossary import search
from rls_tutor.session.learner import MAX_NAME, TRACKS, learner_name, name_problem, track
from rls_tutor.session.learning import Session, lesson_state, opening
from rls_tutor.session.lesson_run import LessonRun
from rls_tutor.session.reviewing import ReviewRun

from .session_fixture import START


def test_a_run_shows_the_tracks_steps_and_saves_authored_positions(session: Session) -> None:
    lesson = session.course.lessons["alpha"]
    run = LessonRun.open(session, lesson)
    kinds = [type(step).__name__ for _, step in run.steps]
    assert kinds == ["Screen", "Check", "Check", "Screen"]  # the clinician-only screen left out
    saved = []
    while True:
        point = run.arrive()
        assert point is not None
        run.save(point)
        saved.append((point.step, point.completed))
        if not run.advance():
            break
    assert saved == [(0, False), (1, False), (3, False), (4, False), (4, True)]
    assert run.finished and run.current is None and run.number == 4
    position = session.store.position("learner", "alpha")
    assert position is not None and (position.step, position.completed) == (4, True)
    assert run.back() and isinstance(run.current, Screen) and run.authored_index == 4


def test_a_run_keeps_its_place_when_the_track_changes(session: Session) -> None:
    run = LessonRun.open(session, session.course.lessons["alpha"], step=3)
    assert isinstance(run.current, Check) and run.current.check == "alpha-multi"
    assert run.number == 3
    session.audience = "clinician"
    assert run.follow_track()
    assert run.authored_index == 3 and run.number == 4 and run.count == 5
    assert not run.follow_track()


def test_where_a_lesson_opens(session: Session) -> None:
    lesson = session.course.lessons["alpha"]
    assert opening(lesson, None).step == 0
    under_way = LessonPosition("alpha", 3, False, START)
    assert (opening(lesson, under_way).step, opening(lesson, under_way).completed) == (3, False)
    done = LessonPosition("alpha", 4, True, START)
    assert (opening(lesson, done).step, opening(lesson, done).completed) == (0, True)
    assert lesson_state([], {}) == "none"
    assert lesson_state([lesson], {}) == "new"
    assert lesson_state([lesson], {"alpha": under_way}) == "started"
    assert lesson_state([lesson], {"alpha": done}) == "done"
    # A new learner goes straight into the first lesson, then home once one is started.
    resume = session.after_welcome()
    assert resume is not None and resume.lesson.id == "alpha" and resume.opening.step == 0
    session.store.save_position("learner", "alpha", 1)
    assert session.after_welcome() is None
    following = session.next_opening(lesson)
    assert following is not None and following.lesson.id == "beta"
    assert session.next_opening(session.course.lessons["beta"]) is None


def test_a_showing_records_one_answer_and_explains_every_option(session: Session) -> None:
    question = session.course.questions["alpha-both"]
    showing = Showing(session, question)
    assert showing.submit() == "empty"
    wrong = showing.order.index(1) + 1
    assert showing.choose([wrong, wrong]) is None and showing.picked == [wrong - 1]
    assert showing.choose([1, 2]) == "one"
    assert showing.choose([9]) == "range"
    assert showing.choose([]) == "empty"
    assert showing.submit() == "save" and showing.phase == "saving"
    feedback = showing.record()
    assert showing.phase == "feedback" and not feedback.correct
    assert feedback.verdict == "Not quite."
    assert feedback.answer == f"Correct answer: {showing.order.index(0) + 1}. The right answer"
    assert [r.number for r in feedback.rationales] == [1, 2, 3]
    assert [(r.chosen, r.correct) for r in feedback.explained[:2]] in (
        [(True, False), (False, True)],
        [(False, True), (True, False)],
    )
    assert feedback.explained[2].tags == ["incorrect"]
    with pytest.raises(RuntimeError):
        showing.record()  # once per showing
    (record,) = session.store.recent_answers("learner")
    assert (record.question_id, record.chosen, record.correct) == ("alpha-both", (1,), False)


def test_select_all_toggles_and_how_sure(session: Session) -> None:
    session.ask_certainty = True
    question = session.course.questions["alpha-multi"]
    showing = Showing(session, question)
    one, two = showing.order.index(0) + 1, showing.order.index(1) + 1
    assert showing.toggle(one) and showing.toggle(two) and showing.toggle(one)
    assert showing.chosen == (1,)
    assert showing.toggle(one) and showing.chosen == (0, 1)
    assert not showing.toggle(7)
    assert showing.submit() == "sure" and showing.phase == "sure"
    assert not showing.toggle(one)  # no changing the answer while asked how sure
    assert not showing.be_sure(3)
    assert showing.be_sure(2) and showing.certain is False
    feedback = showing.record()
    assert feedback.correct and feedback.answer_label == "Correct answers: "
    assert feedback.result.rating == "hard"  # right, but not sure


def test_a_failed_save_goes_back_to_answering(session: Session) -> None:
    showing = Showing(session, session.course.questions["beta-one"])
    showing.toggle(1)
    showing.submit()
    showing.failed()
    assert showing.phase == "answer" and showing.picked == [0]
    assert showing.submit() == "save"


def test_the_review_queue_and_its_tally(session: Session) -> None:
    empty = ReviewRun.load(session)
    assert empty.finished and empty.current is None
    assert empty.summary()[0].startswith("Nothing is due for review right now")
    question = session.course.questions["beta-one"]
    session.store.record_answer("learner", question, "beta", [1], now=START - timedelta(days=30))
    run = ReviewRun.load(session)
    assert run.queue[0] == "beta-one" and run.topic_title() == "Beta topic"
    run.tally("beta", False)
    run.advance()
    while not run.finished:
        run.advance()
    assert run.summary()[:2] == [
        "Session complete: 1 answered, 0 right.",
        "  Beta topic: 0 / 1 right",
    ]


def test_names_and_tracks_of_a_first_run() -> None:
    assert learner_name("  Ada   Lovelace ") == "Ada Lovelace"
    assert learner_name("   ") == DEFAULT_LEARNER
    assert name_problem("Ada") is None
    assert name_problem("x" * (MAX_NAME + 1)) is not None
    assert name_problem("a\x1b[2Jb") is not None
    assert [t.audience for t in TRACKS] == ["patient", "clinician"]
    assert track("clinician").name == "clinician track"


def test_glossary_search_ranks_names_first(session: Session) -> None:
    terms = session.course.glossary
    assert [t.term for t in search(terms, "")] == ["Circadian rhythm", "Dopamine", "Ferritin"]
    assert [t.term for t in search(terms, "iron")] == ["Ferritin"]  # in its definition
    assert [t.term for t in search(terms, "dop")] == ["Dopamine"]
    assert search(terms, "nothing like it") == []

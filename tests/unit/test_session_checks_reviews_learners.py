"""The session's decisions behind three fixes: a lesson check answered in this pass is
shown again, not asked (check_answers.py); a review says how many questions are due
and how many new (review_plan.py); a typed name finds its learner without regard to
case (learner_list.py, and the store's `find_learner`)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from rls_tutor.progress.access import choose_learner
from rls_tutor.progress.errors import StoreError
from rls_tutor.progress.store import ProgressStore
from rls_tutor.session.check_answers import CheckShowing, LessonPass, open_pass
from rls_tutor.session.learner_list import choose, learner_list
from rls_tutor.session.learning import Session, Startup, begin
from rls_tutor.session.review_plan import ReviewCounts, heading, tag
from rls_tutor.session.reviewing import ReviewRun

from .session_fixture import START


def _answer(session: Session, qid: str, chosen: tuple[int, ...], **kw: object) -> None:
    question = session.course.questions[qid]
    topic = session.course.question_topic[qid]
    session.store.record_answer(
        session.learner,
        question,
        topic,
        chosen,
        now=session.now(),
        **kw,  # type: ignore[arg-type]
    )


# --- a pass through a lesson ------------------------------------------------------------


def test_a_new_lesson_starts_a_pass_and_an_earlier_answer_does_not_count(
    session: Session,
) -> None:
    _answer(session, "alpha-both", (1,))  # in a review, before the lesson was opened
    lesson = session.course.lessons["alpha"]
    opened = open_pass(session, lesson)
    assert opened.started is not None and opened.answers == {}
    assert session.store.pass_started("learner", "alpha") == opened.started
    assert session.store.get_setting("learner", "lesson_pass:alpha") is None  # a column now


def test_a_pass_under_way_holds_its_answers_and_survives_a_restart(session: Session) -> None:
    lesson = session.course.lessons["alpha"]
    first = open_pass(session, lesson)
    session.store.save_position("learner", "alpha", 1, now=session.now())
    _answer(session, "alpha-both", (2,))
    _answer(session, "alpha-both", (0,), retry=True)  # the latest one counts
    again = open_pass(session, lesson)  # Continue after a restart
    assert again.started == first.started
    recorded = again.recorded("alpha-both")
    assert recorded is not None
    assert (recorded.chosen, recorded.correct, recorded.retry) == ((0,), True, True)
    assert again.recorded("alpha-multi") is None


def test_a_finished_lesson_opened_again_starts_a_new_pass(session: Session) -> None:
    lesson = session.course.lessons["alpha"]
    open_pass(session, lesson)
    _answer(session, "alpha-both", (0,))
    session.store.save_position("learner", "alpha", 4, completed=True, now=session.now())
    assert open_pass(session, lesson).answers == {}


def test_a_lesson_under_way_before_passes_were_kept_counts_every_answer(
    session: Session,
) -> None:
    _answer(session, "alpha-both", (0,))
    session.store.save_position("learner", "alpha", 1, now=session.now())  # no pass setting
    opened = open_pass(session, session.course.lessons["alpha"])
    assert opened.started is None and opened.recorded("alpha-both") is not None


def test_an_answer_to_an_earlier_version_of_the_question_is_asked_again(
    session: Session,
) -> None:
    lesson = session.course.lessons["alpha"]
    open_pass(session, lesson)
    session.store.save_position("learner", "alpha", 1, now=session.now())
    question = session.course.questions["alpha-both"]
    edited = question.model_copy(update={"stem": "Which answer is right, now?"})
    session.store.record_answer("learner", edited, "alpha", (0,), now=session.now())
    assert open_pass(session, lesson).recorded("alpha-both") is None


def test_a_check_shows_its_recorded_answer_and_a_retry_records_one_more(
    session: Session,
) -> None:
    question = session.course.questions["alpha-both"]
    lesson_pass = LessonPass("alpha", started=START)
    asked = CheckShowing(session, question, lesson_pass)
    assert asked.recorded is None
    assert asked.order == CheckShowing(session, question, lesson_pass).order  # stable
    asked.toggle(asked.order.index(1) + 1)
    assert asked.submit() == "save"
    asked.record()
    assert lesson_pass.recorded("alpha-both") is not None

    shown = CheckShowing(session, question, lesson_pass)  # going back to it
    assert shown.recorded is not None and shown.picked == [shown.order.index(1)]
    feedback = shown.reveal()
    assert shown.phase == "feedback" and not feedback.correct
    assert [r.chosen or r.correct for r in feedback.explained] == [True, True, False]
    assert session.store.answer_count("learner") == 1  # reveal() records nothing

    retry = CheckShowing(session, question, lesson_pass, retry=True)
    assert retry.recorded is None and retry.phase == "answer"
    retry.toggle(retry.order.index(0) + 1)
    retry.submit()
    retry.record()
    log = session.store.answer_log()
    assert [a.record.correct for a in log] == [False, True]
    assert session.store.retried_answers("learner") == {log[1].id}
    assert lesson_pass.answers["alpha-both"].retry


def test_the_retry_mark_is_read_defensively(session: Session) -> None:
    _answer(session, "alpha-both", (0,), retry=True)
    with sqlite3.connect(session.store.path) as raw:
        raw.execute("PRAGMA ignore_check_constraints = ON")
        raw.execute("UPDATE answers SET retry = 'x'")
    with pytest.raises(StoreError, match="damaged"):
        session.store.retried_answers("learner")
    with pytest.raises(StoreError, match="damaged"):
        session.store.answer_log()


def test_a_pass_start_is_kept_in_the_position_and_an_empty_lesson_saves_none(
    session: Session,
) -> None:
    lesson = session.course.lessons["alpha"]
    opened = open_pass(session, lesson)  # a new lesson: its position is made at step 0
    position = session.store.position("learner", "alpha")
    assert position is not None and (position.step, position.completed) == (0, False)
    session.store.save_position("learner", "alpha", 4, completed=True, now=session.now())
    assert session.store.pass_started("learner", "alpha") == opened.started  # kept
    again = open_pass(session, lesson)  # finished: a new pass, the position as it was
    assert again.started is not None and opened.started is not None
    assert again.started > opened.started
    assert session.store.pass_started("learner", "alpha") == again.started
    after = session.store.position("learner", "alpha")
    assert after is not None and (after.step, after.completed) == (4, True)
    # A lesson this track (patient) sees nothing of: no position, so not "started".
    hidden = lesson.model_copy(update={"id": "hidden", "steps": [lesson.steps[2]]})
    assert session.visible_steps(hidden) == []
    open_pass(session, hidden)
    assert session.store.position("learner", "hidden") is None
    assert session.store.started_lessons("learner") == {"alpha"}


# --- what a review holds --------------------------------------------------------------


def test_review_counts_label() -> None:
    assert ReviewCounts(0, 0).label() == "Review: nothing due"
    assert ReviewCounts(0, 8).label() == "Review: 8 new"
    assert ReviewCounts(3, 0).label() == "Review: 3 due"
    assert ReviewCounts(3, 5).label() == "Review: 3 due · 5 new"
    assert heading(0, 8, 8) == "Review  ·  1 / 8  (8 new)"
    assert heading(2, 5, 3) == "Review  ·  3 / 5  (2 due, 3 new)"
    assert tag(True).startswith("new") and tag(False) == "due for review"


def test_a_review_of_a_started_topic_holds_its_new_questions(session: Session) -> None:
    assert session.home_data().due == 0 and session.home_data().new == 0  # nothing started
    session.store.save_position("learner", "alpha", 1, now=session.now())
    _answer(session, "alpha-both", (0,))
    data = session.home_data()
    assert (data.due, data.new) == (0, 1)  # alpha-multi: never asked
    run = ReviewRun.load(session)
    assert run.queue == ["alpha-multi"] and run.new == {"alpha-multi"}
    assert run.heading() == "Review  ·  1 / 1  (1 new)" and run.tag().startswith("new")
    session.clock.moment += timedelta(days=30)  # type: ignore[attr-defined]
    data = session.home_data()
    assert (data.due, data.new) == (1, 1)
    run = ReviewRun.load(session)
    assert run.queue == ["alpha-both", "alpha-multi"]
    assert run.heading() == "Review  ·  1 / 2  (1 due, 1 new)" and run.tag() == "due for review"


# --- learners by name ---------------------------------------------------------------------


def test_find_learner_matches_exactly_first_then_without_regard_to_case(
    tmp_path: Path,
) -> None:
    with ProgressStore.open(tmp_path / "p.sqlite3") as store:
        for name in ("Maria", "maria", "Élodie", "tom"):
            store.ensure_learner(name)
        assert store.find_learner("maria") == "maria"
        assert store.find_learner("Maria") == "Maria"
        assert store.find_learner("MARIA") == "Maria"  # of two, the one made first
        assert store.find_learner("  élodie ") == "Élodie"
        assert store.find_learner("TOM") == "tom"
        assert store.find_learner("Ada") is None
        assert choose_learner(store, "TOM") == "tom"  # --learner, for the commands
        assert choose_learner(store, "Ada") == "Ada"


def test_choose_and_list(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "p.sqlite3") as store:
        store.set_setting("Maria", "audience", "clinician")
        store.ensure_learner("bo")  # never chose a track
        assert [(e.name, e.audience, e.current) for e in learner_list(store, "bo")] == [
            ("bo", None, True),
            ("Maria", "clinician", False),
        ]
        maria = choose(store, " maria ")
        assert (maria.name, maria.existing, maria.audience) == ("Maria", True, "clinician")
        bo = choose(store, "BO")
        assert (bo.name, bo.existing, bo.audience) == ("bo", True, None)
        ada = choose(store, "  Ada   Lovelace ")
        assert (ada.name, ada.existing, ada.audience) == ("Ada Lovelace", False, None)


def test_begin_with_another_case_is_the_same_learner(session: Session) -> None:
    session.store.set_setting("Maria", "audience", "clinician")
    session.store.set_setting("Maria", "ask_certainty", "1")
    startup = Startup(
        course=session.course,
        store=session.store,
        learner="learner",
        audience="patient",
        known=False,
        ask_certainty=False,
        theme=None,
    )
    maria = begin(startup, "MARIA", "clinician")
    assert maria.learner == "Maria" and maria.ask_certainty
    assert session.store.learners() == ["Maria"]
    # The start-up's settings belong to the learner named then, read afresh otherwise.
    stale = replace(startup, learner="Maria", ask_certainty=False)
    assert not begin(stale, "Maria", "clinician").ask_certainty
    assert begin(replace(stale, learner=""), "Maria", "clinician").ask_certainty

"""A lesson's checks in one pass through the lesson: an answered check shown again, not
asked again (going back, resuming), a retry recorded as one, a new pass asked afresh."""

from __future__ import annotations

from pathlib import Path

from rls_tutor.tui.screens.lesson import LessonScreen
from rls_tutor.tui.widgets.check_card import CheckCard

from .tui_helpers import Clock, open_store, press, screen_text, wait_for, wait_screen


def _number_of(card: CheckCard, authored: int) -> str:
    return str(card.order.index(authored) + 1)


async def _answer_first_check_wrong(pilot) -> CheckCard:
    await wait_screen(pilot, "WelcomeScreen")
    await press(pilot, "enter")
    await wait_screen(pilot, "LessonScreen")
    await press(pilot, "enter")
    card = pilot.app.screen.query_one(CheckCard)
    assert card.question.id == "alpha-both" and card.phase == "answer"
    await press(pilot, _number_of(card, 2), "enter")  # a wrong answer
    assert card.phase == "feedback"
    return card


def _retry_shown(app) -> bool:
    return any(b.binding.action == "retry" for b in app.screen.active_bindings.values())


async def test_going_back_to_an_answered_check_shows_the_answer_and_records_nothing(
    make, db: Path
) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        first = await _answer_first_check_wrong(pilot)
        order = list(first.order)
        await press(pilot, "enter")  # on to the next check
        assert app.screen.query_one(CheckCard).question.id == "alpha-multi"
        await press(pilot, "left")  # back to the answered one
        card = app.screen.query_one(CheckCard)
        assert card.question.id == "alpha-both" and card is not first
        assert card.revisited and card.phase == "feedback"
        assert card.order == order  # the options where they were when answered
        assert card.picked == [order.index(2)]  # the recorded answer is marked
        text = screen_text(app)
        assert "You answered this check earlier in this lesson" in text
        assert "✗ Not quite." in text
        assert "Why this wrong answer is wrong." in text  # every option's why
        assert _retry_shown(app)
        await press(pilot, "1", "2", "enter")  # no picking, and Enter goes on
        assert app.screen.query_one(CheckCard).question.id == "alpha-multi"
        lesson = app.screen
        assert isinstance(lesson, LessonScreen) and lesson.run.answered == 1
    with open_store(db) as store:
        [record] = store.recent_answers("learner")  # one answer: nothing new
        assert (record.question_id, record.chosen) == ("alpha-both", (2,))


async def test_resuming_on_an_answered_check_shows_the_answer(make, db: Path) -> None:
    clock = Clock()
    first = make(clock=clock)
    async with first.run_test() as pilot:
        await _answer_first_check_wrong(pilot)
        await press(pilot, "q")  # quit on the feedback: the position is the check
    with open_store(db) as store:
        assert store.position("learner", "alpha").step == 1

    second = make(clock=clock)
    async with second.run_test() as pilot:
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "c")
        await wait_screen(pilot, "LessonScreen")
        await wait_for(pilot, lambda: second.screen.query(CheckCard), "the check")
        card = second.screen.query_one(CheckCard)
        assert card.revisited and card.phase == "feedback"
        assert "Not quite." in screen_text(second)
    with open_store(db) as store:
        assert store.answer_count("learner") == 1


async def test_retry_records_one_more_answer_marked_as_a_retry(make, db: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _answer_first_check_wrong(pilot)
        await press(pilot, "enter", "left")
        await press(pilot, "r")
        card = app.screen.query_one(CheckCard)
        assert card.phase == "answer" and not card.revisited and card.picked == []
        assert not _retry_shown(app)  # nothing to retry until it is answered
        await press(pilot, _number_of(card, 0), "enter")
        assert card.phase == "feedback"
        assert "✓ Correct." in screen_text(app)
        assert "recorded as a retry" in screen_text(app)
        await press(pilot, "enter", "left")  # the retry is now the answer shown
        again = app.screen.query_one(CheckCard)
        assert again.revisited and again.picked == [again.order.index(0)]
    with open_store(db) as store:
        latest, earlier = store.recent_answers("learner")
        assert (earlier.chosen, earlier.correct) == ((2,), False)
        assert (latest.chosen, latest.correct) == ((0,), True)
        log = store.answer_log()
        assert store.retried_answers("learner") == {log[-1].id}  # the second, only


async def test_a_finished_lesson_taken_again_asks_its_checks_afresh(make, db: Path) -> None:
    app = make()
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter", "1", "enter", "enter", "1", "enter", "enter", "enter")
        with open_store(db) as store:
            assert store.position("learner", "alpha").completed
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "tab", "tab", "enter")  # the alpha topic: its finished lesson
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter")
        card = app.screen.query_one(CheckCard)
        assert card.question.id == "alpha-both"
        assert not card.revisited and card.phase == "answer"  # a new pass

"""Answering right and wrong: what is recorded, what the feedback says, and failures."""

from __future__ import annotations

from pathlib import Path

from rls_tutor.progress.store import StoreError
from rls_tutor.tui.screens.error import ErrorModal
from rls_tutor.tui.widgets.question_card import QuestionCard

from .tui_helpers import open_store, press, screen_text, wait_screen


async def _first_check(pilot) -> QuestionCard:
    await wait_screen(pilot, "WelcomeScreen")
    await press(pilot, "enter")
    await wait_screen(pilot, "LessonScreen")
    await press(pilot, "enter")
    return pilot.app.screen.query_one(QuestionCard)


def _number_of(card: QuestionCard, authored: int) -> str:
    return str(card.order.index(authored) + 1)


async def test_right_answer_is_saved_with_authored_index(make, db: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        card = await _first_check(pilot)
        assert card.question.id == "alpha-both"
        await press(pilot, _number_of(card, 0), "enter")  # option 0 is the right one
        assert card.phase == "feedback"
        text = screen_text(app)
        assert "✓ Correct." in text
        assert "Why the right answer is right." in text
        assert "The explanation of alpha-both." in text
        assert "Sources: A patient article" in text
        with open_store(db) as store:
            [record] = store.recent_answers("learner")
        assert (record.question_id, record.chosen, record.correct) == ("alpha-both", (0,), True)
        assert record.topic_id == "alpha"
        assert record.fingerprint == card.question.fingerprint()


async def test_wrong_answer_shows_every_rationale(make, db: Path) -> None:
    """The rationale of every option: the one chosen and the key first, then the others
    under "Other options" (the README promises a rationale for every option)."""
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        card = await _first_check(pilot)
        await press(pilot, _number_of(card, 2), "enter")
        text = screen_text(app)
        assert "✗ Not quite." in text
        assert f"Correct answer: {_number_of(card, 0)}. The right answer" in text
        chosen = text.index("Why the other wrong answer is wrong.")
        key = text.index("Why the right answer is right.")
        other = text.index("Why this wrong answer is wrong.")  # neither chosen nor correct
        assert max(chosen, key) < text.index("Other options") < other
        assert f"{_number_of(card, 2)}. Another wrong answer (your choice, incorrect)" in text
        assert f"{_number_of(card, 1)}. A wrong answer (incorrect)" in text
        with open_store(db) as store:
            [record] = store.recent_answers("learner")
        assert (record.chosen, record.correct) == ((2,), False)


async def test_select_all_that_apply_toggles(make, db: Path) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _first_check(pilot)
        await press(pilot, "1", "enter", "enter")  # answer, continue to the second check
        card = app.screen.query_one(QuestionCard)
        assert card.question.id == "alpha-multi"
        assert "Select all that apply" in screen_text(app)
        wrong = _number_of(card, 2)
        await press(pilot, _number_of(card, 0), wrong, _number_of(card, 1), wrong, "enter")
        with open_store(db) as store:
            record = store.recent_answers("learner")[0]
        assert (record.question_id, record.chosen, record.correct) == ("alpha-multi", (0, 1), True)


async def test_how_sure_is_asked_when_the_setting_is_on(make, db: Path) -> None:
    app = make()
    async with app.run_test() as pilot:
        card = await _first_check(pilot)
        app.session.ask_certainty = True
        await press(pilot, _number_of(card, 0), "enter")
        assert card.phase == "sure"
        assert "How sure are you?" in screen_text(app)
        await press(pilot, "2")
        assert card.phase == "feedback"
        assert card.result is not None and card.result.rating == "hard"
        with open_store(db) as store:
            assert store.recent_answers("learner")[0].certain is False


async def test_a_store_error_opens_a_modal_and_the_app_lives_on(
    make, db: Path, monkeypatch
) -> None:
    app = make()
    async with app.run_test() as pilot:
        card = await _first_check(pilot)

        def fail(*args, **kwargs):
            raise StoreError(f"cannot write to {db}: disk full.")

        with monkeypatch.context() as patched:
            patched.setattr(app.session.store, "record_answer", fail)
            await press(pilot, "1", "enter")
            assert isinstance(app.screen, ErrorModal)
            assert "disk full" in screen_text(app)
            assert card.phase == "answer"  # no feedback for an answer that was not saved
            await press(pilot, "enter")
            assert app.screen.query_one(QuestionCard) is card
            assert "not saved" in screen_text(app)
        await press(pilot, "enter")
        assert card.phase == "feedback"
    assert app.return_code in (None, 0)

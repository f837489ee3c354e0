"""Review: due questions come back, the same card is used, and a summary ends it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from rls_tutor.tui.widgets.question_card import QuestionCard

from .tui_helpers import Clock, open_store, press, screen_text, wait_screen


async def test_review_due_questions_then_summary(make, db: Path) -> None:
    clock = Clock()
    first = make(clock=clock)
    async with first.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter", "1", "enter", "enter", "1", "enter")  # both checks
        await press(pilot, "q")

    clock.advance(days=30)  # everything answered is due by now
    app = make(clock=clock)
    async with app.run_test() as pilot:
        await wait_screen(pilot, "HomeScreen")
        review = app.screen.query_one("#review", Button)
        assert str(review.label) == "Review: 2 due"
        await press(pilot, "r")
        await wait_screen(pilot, "ReviewScreen")
        seen = []
        for _ in range(4):
            cards = app.screen.query(QuestionCard)
            if not cards:
                break
            card = cards.first()
            seen.append(card.question.id)
            assert f"Review  ·  {len(seen)} / " in screen_text(app)
            await press(pilot, str(card.order.index(0) + 1), "enter")  # option 0 is right in both
            await press(pilot, "enter")
        assert set(seen) >= {"alpha-both", "alpha-multi"}
        text = screen_text(app)
        assert "Session complete" in text
        assert "Alpha topic" in text
        await press(pilot, "enter")
        await wait_screen(pilot, "HomeScreen")
    with open_store(db) as store:
        assert len(store.recent_answers("learner", limit=20)) == 2 + len(seen)


async def test_nothing_due(make, db: Path) -> None:
    with open_store(db) as store:  # a learner who has not started any lesson
        store.ensure_learner("learner")
        store.set_last_learner("learner")
        store.set_setting("learner", "audience", "patient")
    app = make()
    async with app.run_test() as pilot:
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "r")
        await wait_screen(pilot, "ReviewScreen")
        assert "Nothing is due for review right now" in screen_text(app)
        assert str(app.screen.query_one("#review-bar").content) == "Review"
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")


async def test_labels_say_what_is_due_and_what_is_new(make, db: Path) -> None:
    """The label "Review due (0)" used to open a review of questions never seen: the button, the
    bar and each question now say which are due and which are new."""
    clock = Clock()
    app = make(clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter")
        card = app.screen.query_one(QuestionCard)
        await press(pilot, str(card.order.index(0) + 1), "enter", "escape")
        await wait_screen(pilot, "HomeScreen")
        assert str(app.screen.query_one("#review", Button).label) == "Review: 1 new"
        await press(pilot, "r")
        await wait_screen(pilot, "ReviewScreen")
        text = screen_text(app)
        assert "Review  ·  1 / 1  (1 new)" in text
        assert "Alpha topic  ·  new: not asked before" in text
        card = app.screen.query_one(QuestionCard)
        assert card.question.id == "alpha-multi"
        await press(pilot, str(card.order.index(2) + 1), "enter")  # wrong: all whys shown
        text = screen_text(app)
        for why in ("First right is right.", "Second right is right.", "Only wrong is wrong."):
            assert why in text
        await press(pilot, "enter", "escape")
        await wait_screen(pilot, "HomeScreen")
        clock.advance(days=30)
        await press(pilot, "p", "escape")  # home reloads its figures when shown again
        await wait_screen(pilot, "HomeScreen")
        assert str(app.screen.query_one("#review", Button).label) == "Review: 2 due"
        await press(pilot, "r")
        await wait_screen(pilot, "ReviewScreen")
        text = screen_text(app)
        assert "Review  ·  1 / 2  (2 due)" in text and "due for review" in text

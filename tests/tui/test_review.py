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
        assert str(review.label) == "Review due (2)"
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
        assert "Nothing is due for review right now." in screen_text(app)
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")

"""A new learner, from a fresh database, pressing only `1` and Enter."""

from __future__ import annotations

from pathlib import Path

import pytest

from rls_tutor.tui.screens.lesson import LessonScreen
from rls_tutor.tui.widgets.question_card import QuestionCard

from .tui_helpers import open_store, press, screen_text, wait_screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_one_and_enter_go_through_the_first_lesson(make, db: Path, size) -> None:
    app = make()
    async with app.run_test(size=size) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        text = screen_text(app)
        assert "Educational material only, not medical advice." in text
        assert "learner" in text  # the name is prefilled

        await press(pilot, "1", "enter")
        await wait_screen(pilot, "LessonScreen")
        lesson = app.screen
        assert isinstance(lesson, LessonScreen)
        assert lesson.lesson.id == "alpha"
        assert "Alpha patient text, screen one." in screen_text(app)
        assert "Source: A patient article" in screen_text(app)
        assert "1 / 4" in screen_text(app)

        answered = 0
        for _ in range(12):  # only 1 and Enter, until the lesson ends
            card = lesson.query(QuestionCard).first() if lesson.query(QuestionCard) else None
            if card is not None and card.phase == "answer":
                await press(pilot, "1", "enter")
                assert card.phase == "feedback"
                answered += 1
                # The answer is in the database while the app is still open.
                with open_store(db) as store:
                    assert len(store.recent_answers("learner", limit=50)) == answered
                assert "Correct" in screen_text(app) or "Not quite" in screen_text(app)
            await press(pilot, "enter")
            if app.screen is not lesson:
                break
        assert answered == 2  # the patient track sees both checks of the lesson

        with open_store(db) as store:
            position = store.position("learner", "alpha")
            assert position is not None and position.completed
            assert store.get_setting("learner", "audience") == "patient"
            assert store.last_learner() == "learner"

        # The end of the lesson led into the next one.
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "beta"
        await press(pilot, "q")
    assert app.return_code == 0


async def test_clinician_track_and_a_typed_name(make, db: Path) -> None:
    app = make()
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "tab")  # to the name
        name = app.screen.query_one("#name")
        name.value = ""
        await press(pilot, *"Ada", "shift+tab", "2", "enter")
        await wait_screen(pilot, "LessonScreen")
        assert app.session is not None
        assert (app.session.learner, app.session.audience) == ("Ada", "clinician")
        assert "Alpha clinician text, screen one." in screen_text(app)
        assert "1 / 5" in screen_text(app)  # the clinician-only screen counts
    with open_store(db) as store:
        assert store.get_setting("Ada", "audience") == "clinician"


async def test_enter_on_a_check_never_skips_it(make) -> None:
    app = make()
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter")  # to the check
        card = app.screen.query_one(QuestionCard)
        await press(pilot, "enter", "enter")
        assert app.screen.query_one(QuestionCard) is card
        assert card.phase == "answer"
        assert "Choose an answer first" in screen_text(app)


async def test_welcome_shows_before_the_course_loads_and_enter_waits_for_it(make, db: Path) -> None:
    """The first frame needs neither the course nor the store: a new learner can act at
    once, and an Enter pressed while the course is loading starts as soon as it is ready."""
    from rls_tutor.tui.screens.welcome import WelcomeScreen

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        early = app.screen
        assert early.startup is None  # nothing loaded yet: the worker starts after this frame
        await pilot.press("2", "enter")  # clinician track, then Enter before the load ends
        await wait_screen(pilot, "LessonScreen")
        with open_store(db) as store:
            assert store.get_setting("learner", "audience") == "clinician"
        await press(pilot, "q")
    assert app.return_code == 0

"""Switching track later, in the settings, keeps the place in the lesson."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from rls_tutor.tui.screens.lesson import LessonScreen

from .tui_helpers import open_store, press, screen_text, wait_screen


async def test_switch_track_mid_lesson(make, db: Path) -> None:
    app = make(audience="clinician")
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "right", "right")  # to the clinician-only screen, authored step 2
        lesson = app.screen
        assert isinstance(lesson, LessonScreen) and lesson.authored_index == 2

        app.go("settings")
        await wait_screen(pilot, "SettingsScreen")
        tracks = app.screen.query_one("#track", OptionList)
        assert tracks.highlighted == 1
        await press(pilot, "up", "enter")  # move to "patient", choose it
        assert app.session.audience == "patient"
        with open_store(db) as store:
            assert store.get_setting("learner", "audience") == "patient"

        await press(pilot, "escape")
        await wait_screen(pilot, "LessonScreen")
        # The clinician-only screen is gone: the next patient step (authored 3) shows.
        assert lesson.authored_index == 3
        assert "3 / 4" in screen_text(app)
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        assert "patient track" in screen_text(app)


async def test_audience_option_overrides_and_is_remembered(make, db: Path) -> None:
    first = make()
    async with first.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
    second = make(audience="clinician")
    async with second.run_test() as pilot:
        await wait_screen(pilot, "HomeScreen")
        assert "clinician track" in screen_text(second)
    with open_store(db) as store:
        assert store.get_setting("learner", "audience") == "clinician"


async def test_switching_learner_keeps_each_learners_progress(make, db: Path) -> None:
    from rls_tutor.tui.screens.welcome import WelcomeScreen

    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "1", "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "enter", "1", "enter")  # one answer for "learner"
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "l")
        await wait_screen(pilot, "LearnerDialog")
        await press(pilot, "tab", *"bo", "enter")  # a new name
        await wait_screen(pilot, "WelcomeScreen")
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        assert welcome.query_one("#name").value == "bo"
        await pilot.press("2", "enter")
        await wait_screen(pilot, "LessonScreen")  # a new learner starts the first lesson
        assert app.session is not None and app.session.learner == "bo"
        assert app.session.audience == "clinician"
        assert len(app.screen_stack) == 3  # loading, home, lesson: the old screens are gone
        await press(pilot, "q")
    with open_store(db) as store:
        assert store.last_learner() == "bo"
        assert len(store.recent_answers("learner", limit=10)) == 1
        assert store.recent_answers("bo", limit=10) == []
        assert store.get_setting("learner", "audience") == "patient"

"""Each remaining screen: home, progress, help, notice, settings, the palette, errors."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Switch

from rls_tutor.tui.screens.error import ErrorModal
from rls_tutor.tui.screens.home import TopicRow

from .tui_helpers import Clock, copy_course, open_store, press, screen_text, wait_screen


async def _home_after_one_answer(pilot) -> None:
    await wait_screen(pilot, "WelcomeScreen")
    await press(pilot, "enter")
    await wait_screen(pilot, "LessonScreen")
    await press(pilot, "enter")
    card = pilot.app.screen.query_one("QuestionCard")
    await press(pilot, str(card.order.index(0) + 1), "enter", "escape")
    await wait_screen(pilot, "HomeScreen")


async def test_home_lists_every_topic(make) -> None:
    app = make()
    async with app.run_test() as pilot:
        await _home_after_one_answer(pilot)
        rows = list(app.screen.query(TopicRow))
        assert [r.topic.id for r in rows] == ["alpha", "beta"]
        alpha = rows[0].progress
        assert alpha is not None and alpha.seen == 1 and alpha.level != "Not started"
        text = screen_text(app)
        assert "Continue: Alpha lesson" in text
        assert "Review: 1 new" in text  # nothing due: alpha-multi, never asked
        assert "not medical advice" in text
        # Enter on a topic opens its lesson.
        await press(pilot, "tab", "tab", "down", "enter")
        await wait_screen(pilot, "LessonScreen")
        assert app.screen.lesson.id == "beta"


async def test_progress_screen_is_refreshed_when_shown(make) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _home_after_one_answer(pilot)
        await press(pilot, "p")
        await wait_screen(pilot, "ProgressScreen")
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        assert "1 / 2" in [str(c) for c in table.get_row_at(0)]
        assert "Which answer is right?" in screen_text(app)
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        # Answer another question elsewhere, come back: the figures follow.
        await press(pilot, "r")
        await wait_screen(pilot, "ReviewScreen")
        await press(pilot, "1", "enter", "escape")
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "p")
        await wait_screen(pilot, "ProgressScreen")
        assert "2 / 2" in [str(c) for c in app.screen.query_one(DataTable).get_row_at(0)]


async def test_help_lists_the_keys_of_the_screen(make) -> None:
    app = make()
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "question_mark")
        await wait_screen(pilot, "HelpScreen")
        text = screen_text(app)
        assert "Next" in text and "Search the glossary" in text and "Quit" in text
        await press(pilot, "escape")
        await wait_screen(pilot, "LessonScreen")


async def test_notice_is_reachable_from_home(make) -> None:
    app = make()
    async with app.run_test() as pilot:
        await _home_after_one_answer(pilot)
        await press(pilot, "i")
        await wait_screen(pilot, "NoticeScreen")
        text = screen_text(app)
        assert "not medical advice" in text
        assert "A clinician summary" in text
        await press(pilot, "enter")
        await wait_screen(pilot, "HomeScreen")


async def test_settings_certainty_and_theme_are_remembered(make, db: Path) -> None:
    clock = Clock()
    app = make(clock=clock)
    async with app.run_test() as pilot:
        await _home_after_one_answer(pilot)
        await press(pilot, "s")
        await wait_screen(pilot, "SettingsScreen")
        switch = app.screen.query_one(Switch)
        switch.value = True
        await press(pilot)
        app.theme = "textual-light"
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
    with open_store(db) as store:
        assert store.get_setting("learner", "ask_certainty") == "1"
        assert store.get_setting("learner", "theme") == "textual-light"
    again = make(clock=clock)
    async with again.run_test() as pilot:
        await wait_screen(pilot, "HomeScreen")
        assert again.theme == "textual-light"
        assert again.session.ask_certainty


async def test_palette_lists_the_main_actions(make) -> None:
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await _home_after_one_answer(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Glossary", "Continue", "Review", "Progress", "Settings", "Switch learner"):
            assert wanted in titles
        await press(pilot, "ctrl+p", *"progress")
        await pilot.pause(0.5)
        await press(pilot, "enter")
        await wait_screen(pilot, "ProgressScreen")


async def test_error_modal_collects_messages(make) -> None:
    app = make()
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        app.report_error(RuntimeError("first"))
        await press(pilot)
        app.report_error(RuntimeError("second"))
        await press(pilot)
        assert isinstance(app.screen, ErrorModal)
        assert "first" in screen_text(app) and "second" in screen_text(app)
        await press(pilot, "escape")
        await wait_screen(pilot, "WelcomeScreen")


async def test_a_topic_with_two_lessons_asks_which(make, tmp_path: Path) -> None:
    root = copy_course(tmp_path)
    (root / "lessons" / "03-alpha-more.yaml").write_text(
        "id: alpha-more\ntitle: More alpha\ntopic: alpha\nsteps:\n"
        "  - title: More\n    sources: [patient-source]\n    text:\n"
        "      patient: More alpha.\n      clinician: More alpha, in depth.\n"
        "  - check: alpha-clinician\n"
    )
    app = make(content=root, audience="patient")
    async with app.run_test() as pilot:
        await _home_after_one_answer(pilot)
        await press(pilot, "tab", "tab", "enter")  # the first topic: alpha
        await wait_screen(pilot, "LessonPicker")
        await press(pilot, "down", "enter")
        await wait_screen(pilot, "LessonScreen")
        assert app.screen.lesson.id == "alpha-more"
        assert "More alpha." in screen_text(app)


def _footer(app) -> dict[str, str]:
    """The footer's keys that are wholly visible (not cut off at the right), by key."""
    from textual.widgets._footer import FooterKey

    width = app.size.width
    palette = [k.region.x for k in app.screen.query(FooterKey) if k.has_class("-command-palette")]
    edge = min([width, *palette])
    return {
        k.key: k.description
        for k in app.screen.query(FooterKey)
        if (k.region.width and k.region.right <= edge) or k.has_class("-command-palette")
    }


async def test_footers_show_the_keys_that_work_at_80_columns(make) -> None:
    """Home shows c and r (and every key but i, named on the screen); the lesson and the
    review show → too; on a check's feedback, r retries."""
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        keys = _footer(app)
        for key in ("enter", "right", "left", "escape", "q", "question_mark", "g", "ctrl+p"):
            assert key in keys, key
        await press(pilot, "enter")  # the check
        assert {"1", "enter", "right", "left", "escape", "q", "question_mark"} <= set(_footer(app))
        await press(pilot, "1", "enter")
        assert _footer(app)["r"] == "Retry" and _footer(app)["enter"] == "Continue"
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        keys = _footer(app)
        assert (keys["c"], keys["r"]) == ("Continue", "Review")
        for key in ("p", "s", "l", "q", "question_mark"):
            assert key in keys, key
        await press(pilot, "r")
        await wait_screen(pilot, "ReviewScreen")
        assert {"1", "enter", "right", "escape", "q", "question_mark"} <= set(_footer(app))

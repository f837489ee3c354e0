"""A broken content file does not stop the app: it says which file was skipped and why."""

from __future__ import annotations

from pathlib import Path

from rls_tutor.tui.widgets.problems import ProblemsBanner

from .tui_helpers import copy_course, press, screen_text, wait_screen


async def test_broken_lesson_is_skipped_and_named(make, tmp_path: Path) -> None:
    root = copy_course(tmp_path)
    (root / "lessons" / "02-beta.yaml").write_text("id: beta\ntitle: [unclosed\n")
    app = make(content=root)
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        banner = app.screen.query_one(ProblemsBanner)
        assert banner.display
        text = screen_text(app)
        assert "lessons/02-beta.yaml:3:1: error: YAML syntax" in text
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")  # the rest of the course works
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        assert "02-beta.yaml" in screen_text(app)
        assert "Alpha topic" in screen_text(app)
        app.go("problems")
        await wait_screen(pilot, "ProblemsScreen")
        assert "02-beta.yaml" in screen_text(app)


async def test_clean_course_shows_no_banner(make) -> None:
    app = make()
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        assert not app.screen.query_one(ProblemsBanner).display

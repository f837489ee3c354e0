"""One screen per module; `open_named` opens the main ones by name (palette, keys)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.screen import Screen

if TYPE_CHECKING:  # importing a screen must not import the session (and pydantic) with it
    from rls_tutor.session.learning import Session


def open_named(app: App[Any], session: Session, name: str) -> None:
    from rls_tutor.tui.screens.home import HomeScreen
    from rls_tutor.tui.screens.notice import NoticeScreen
    from rls_tutor.tui.screens.practice_builder import BuilderScreen
    from rls_tutor.tui.screens.problems import ProblemsScreen
    from rls_tutor.tui.screens.progress import ProgressScreen
    from rls_tutor.tui.screens.review import ReviewScreen
    from rls_tutor.tui.screens.settings import SettingsScreen

    if name in ("home", "continue"):
        while len(app.screen_stack) > 1 and not isinstance(app.screen, HomeScreen):
            app.pop_screen()
        if name == "continue" and isinstance(app.screen, HomeScreen):
            app.screen.action_resume()
        return
    screens: dict[str, Callable[[], Screen[Any]]] = {
        "review": lambda: ReviewScreen(session),
        "progress": lambda: ProgressScreen(session),
        "practice": lambda: BuilderScreen(session),
        "settings": lambda: SettingsScreen(session),
        "notice": lambda: NoticeScreen(session.course),
        "problems": lambda: ProblemsScreen(session.course.problems),
    }
    screen = screens[name]()
    if type(app.screen) is not type(screen):
        app.push_screen(screen)

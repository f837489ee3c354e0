"""Command-palette entries built from the course: open any lesson, look up any term.

Titles are author text, so hits are built as literal `Content`: the palette would
otherwise read them as content markup (`Matcher.highlight` parses its input).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher


class CourseCommands(Provider):
    """Found by searching only: the empty palette lists the main actions."""

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        app = self.app
        session = getattr(app, "session", None)
        if session is None:
            return []
        commands: list[tuple[str, Callable[[], None], str]] = []
        for lesson in session.lessons_in_order():
            commands.append(
                (
                    f"Lesson: {lesson.title}",
                    partial(self._open_lesson, lesson.id),
                    "Open this lesson",
                )
            )
        for term in session.course.glossary:
            commands.append(
                (
                    f"Glossary: {term.term}",
                    partial(app.action_glossary, term.term),  # type: ignore[attr-defined]
                    "Show this term in the glossary",
                )
            )
        return commands

    def _open_lesson(self, lesson_id: str) -> None:
        from rls_tutor.tui.screens.home import HomeScreen

        app = self.app
        while len(app.screen_stack) > 1 and not isinstance(app.screen, HomeScreen):
            app.pop_screen()
        home = app.screen
        session = getattr(app, "session", None)
        if isinstance(home, HomeScreen) and session is not None:
            home.open_lesson(session.course.lessons[lesson_id])

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                display = self._highlight(matcher, title)
                yield Hit(score, display, command, text=title, help=help_text)

    @staticmethod
    def _highlight(matcher: Matcher, title: str) -> Content:
        content = Content(title)
        _, offsets = matcher.fuzzy_search.match(matcher.query, title)
        for offset in offsets:
            content = content.stylize("bold underline", offset, offset + 1)
        return content

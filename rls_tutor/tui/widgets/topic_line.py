"""One line of the course map: a topic's title, then its figures in fixed columns.

A single widget per row (rather than one per column) keeps the home screen quick
to build; a title too long for its column wraps onto the following lines.
"""

from __future__ import annotations

import textwrap

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from rls_tutor.tui.widgets.text import literal

STATS_WIDTH = 45
MIN_TITLE = 12


class TopicLine(Widget):
    DEFAULT_CSS = "TopicLine { height: auto; }"

    def __init__(self, title: str, *, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.title = title
        self.stats = Content("")

    def set_stats(self, stats: Content) -> None:
        self.stats = stats
        self.refresh()

    def _title_lines(self, width: int) -> tuple[int, list[str]]:
        title_width = max(width - STATS_WIDTH - 1, MIN_TITLE)
        return title_width, textwrap.wrap(self.title, title_width) or [""]

    def render(self) -> Content:
        title_width, lines = self._title_lines(self.content_region.width)
        first = Content.assemble(literal(lines[0].ljust(title_width)), " ", self.stats)
        return Content("\n").join([first, *(literal(line) for line in lines[1:])])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._title_lines(width)[1])

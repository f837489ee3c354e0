"""The block's navigator: one cell per question, saying which are answered, which
flagged, and (after the end) which were right. A click on a cell jumps there.

Cells have a fixed width, so a click's position says which question it is.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from rls_tutor.progress.blocks import BlockQuestion

CELL = 6  # " 12● ⚑" and a space: up to 999 questions


def cell_text(number: int, item: BlockQuestion, review: bool) -> str:
    if review:
        mark = "·" if item.chosen is None else ("✓" if item.correct else "✗")
    else:
        mark = "●" if item.chosen is not None else "○"
    flag = "⚑" if item.flagged else " "
    return f"{number:>3}{mark}{flag}"


class Navigator(Widget):
    DEFAULT_CSS = """
    Navigator {
        height: auto;
        padding: 0 1;
    }
    """

    class Jump(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[BlockQuestion] = []
        self.current = 0
        self.review = False

    def show(self, items: list[BlockQuestion], current: int, review: bool = False) -> None:
        changed_rows = len(items) != len(self.items)
        self.items, self.current, self.review = list(items), current, review
        self.refresh(layout=changed_rows)

    @staticmethod
    def _per_line(width: int) -> int:
        """Cells on a line of `width` content columns."""
        return max(1, (width + 1) // CELL)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, -(-len(self.items) // self._per_line(width))) + 1  # and the legend

    def render(self) -> Content:
        per_line = self._per_line(self.content_size.width)
        lines: list[Content] = []
        for start in range(0, len(self.items), per_line):
            cells = []
            for n in range(start, min(start + per_line, len(self.items))):
                text = cell_text(n + 1, self.items[n], self.review).ljust(CELL - 1)
                style = "reverse bold" if n == self.current else ""
                cells.append(Content.styled(text, style) if style else Content(text))
            lines.append(Content(" ").join(cells))
        lines.append(Content.styled(self.legend(), "$text-muted"))
        return Content("\n").join(lines)

    def legend(self) -> str:
        marks = "✓ right  ✗ wrong  · not answered" if self.review else "● answered  ○ not yet"
        return f"{marks}  ⚑ flagged   ←/→ move  j go to  (or click a number)"

    def on_click(self, event: events.Click) -> None:
        x, y = event.x - 1, event.y  # the left padding
        if x < 0:
            return
        per_line = self._per_line(self.content_size.width)
        index = y * per_line + x // CELL
        if x // CELL < per_line and 0 <= index < len(self.items):
            self.post_message(self.Jump(index))

"""A timed block's countdown: one line that redraws only itself.

A timer reads the block's time left four times a second and repaints the widget
(`refresh()`, no layout) only when the text shown changes, so once a second; its
width is fixed, so nothing around it moves or is drawn again. When the time is out
it posts `Expired` once.
"""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from rls_tutor.session.practice import PracticeBlock, clock_text

TICK = 0.25  # seconds between readings of the clock
LOW = 60.0  # seconds left from which the countdown is drawn as a warning


class Countdown(Widget):
    DEFAULT_CSS = """
    Countdown {
        width: 18;
        height: 1;
        content-align: right middle;
    }
    """

    class Expired(Message):
        """The block's time is out."""

    def __init__(self, block: PracticeBlock, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.block = block
        self.text = self._text()
        self.redraws = 0  # how often the text changed (benchmarks/bench_practice.py)
        self._expired = False

    def _text(self) -> str:
        left = self.block.time_left()
        return "" if left is None else f"Time left {clock_text(left)}"

    def on_mount(self) -> None:
        self.set_interval(TICK, self.tick)

    def tick(self) -> None:
        text = self._text()
        if text != self.text:
            self.text = text
            self.redraws += 1
            self.refresh()  # this widget's region only: no layout
        if self.block.expired and not self._expired:
            self._expired = True
            self.post_message(self.Expired())

    def render(self) -> Content:
        left = self.block.time_left()
        style = "bold $text-warning" if left is not None and left <= LOW else "bold"
        return Content.styled(self.text, style)

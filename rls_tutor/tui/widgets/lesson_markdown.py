"""Lesson Markdown that never opens a link by itself and never freezes on a long screen.

`Markdown(open_links=False)` keeps Textual from opening whatever a link points
at (a local file, a custom scheme); a click on an `https:` link is the only one
we pass on to the browser.

Textual builds a widget per Markdown block, which costs about 1.5 ms a line of a
code block and 6 ms a table row: a 20,000-character screen would hold the key that
opened it for seconds. So a long text is shown in chunks: the first at once, the
rest appended one chunk per frame, with keys handled in between; a table longer
than a screenful is shown as preformatted rows, which Textual draws four times
faster. Every screen of the bundled course is a single chunk.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from textual.widgets import Markdown

CHUNK_CHARS = 800
TABLE_ROWS = 12  # a longer table becomes preformatted text
CODE_LINES = 15  # preformatted text is cut into blocks of this many lines

_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _blocks(text: str) -> list[str]:
    """Top-level Markdown blocks: runs of lines between blank lines outside fences."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and not line.strip():
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _preformatted(lines: list[str]) -> list[str]:
    return [
        "```text\n" + "\n".join(lines[i : i + CODE_LINES]) + "\n```"
        for i in range(0, len(lines), CODE_LINES)
    ]


def _light(block: str) -> list[str]:
    """The block, or what replaces a long table or code block: pieces quick to draw."""
    lines = block.splitlines()
    is_table = len(lines) > 2 and _TABLE_RULE.match(lines[1]) and lines[0].count("|") >= 1
    if is_table and len(lines) - 2 > TABLE_ROWS:
        return _preformatted(lines)
    if _FENCE.match(lines[0]) and len(lines) - 2 > CODE_LINES:
        return _preformatted(lines[1:-1] if _FENCE.match(lines[-1]) else lines[1:])
    return [block]


def chunks(text: str) -> list[str]:
    """`text` cut at block boundaries into chunks of about CHUNK_CHARS characters."""
    pieces = [piece for block in _blocks(text) for piece in _light(block)]
    out: list[str] = []
    for piece in pieces:
        if out and len(out[-1]) + len(piece) <= CHUNK_CHARS:
            out[-1] += "\n\n" + piece
        else:
            out.append(piece)
    return out or [""]


class LessonMarkdown(Markdown):
    def __init__(self, markdown: str, *, id: str | None = None) -> None:
        first, *self._rest = chunks(markdown)
        super().__init__(first, id=id, open_links=False)

    def on_mount(self) -> None:
        if self._rest:
            self.call_after_refresh(self._append_next)

    async def _append_next(self) -> None:
        """One more chunk, then yield to the next frame (and any key) before the next."""
        if self._rest and self.is_attached:
            await self.append("\n\n" + self._rest.pop(0))
            if self._rest:
                self.call_after_refresh(self._append_next)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        if urlsplit(event.href).scheme == "https":
            self.app.open_url(event.href)
        else:
            self.notify("Only https links can be opened.", severity="warning", markup=False)

"""Lesson Markdown that never opens a link by itself.

`Markdown(open_links=False)` keeps Textual from opening whatever a link points
at (a local file, a custom scheme); a click on an `https:` link is the only one
we pass on to the browser.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from textual.widgets import Markdown


class LessonMarkdown(Markdown):
    def __init__(self, markdown: str, *, id: str | None = None) -> None:
        super().__init__(markdown, id=id, open_links=False)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        if urlsplit(event.href).scheme == "https":
            self.app.open_url(event.href)
        else:
            self.notify("Only https links can be opened.", severity="warning", markup=False)

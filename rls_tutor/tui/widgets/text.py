"""Author text as literal content.

Author strings (titles, stems, options, rationales, glossary) may contain
characters that Textual would read as content markup: `[@click=app.quit]x[/]`
would run an action, `[/bold]` would crash, `a[i]` would lose text. Wrapping
them in `Content` shows them exactly as written.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from rls_tutor.content.text import reflow
from rls_tutor.escape import printable

__all__ = ["Literal", "literal", "reflow", "safe"]


def safe(text: str) -> str:
    """Outside text (author strings, file names, learner names) with every control
    character but line breaks and tabs escaped: Textual passes them to the terminal."""
    return printable(text, keep="\n\t")


def literal(text: str, style: str = "") -> Content:
    return Content.styled(safe(text), style) if style else Content(safe(text))


class Literal(Static):
    """A Static that shows author text exactly as written."""

    def __init__(
        self, text: str | Content = "", *, id: str | None = None, classes: str = ""
    ) -> None:
        super().__init__(
            text if isinstance(text, Content) else literal(text),
            markup=False,
            id=id,
            classes=classes,
        )

    def show(self, text: str | Content) -> None:
        self.update(text if isinstance(text, Content) else literal(text))

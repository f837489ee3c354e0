"""The error modal: a failure is explained and the app stays alive."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button

from rls_tutor.tui.widgets.text import Literal


class ErrorModal(ModalScreen[None]):
    """Shows what went wrong (literally: messages may quote file names or content)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="close"),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self, message: str, title: str = "Something went wrong") -> None:
        super().__init__(classes="dialog-screen")
        self.messages = [message]
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error"):
            yield Literal(self.heading, classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                for message in self.messages:
                    yield Literal(message, classes="message")
            yield Literal("Your earlier progress is safe. Press Enter to close.", classes="hint")
            yield Button("Close", variant="primary", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def add(self, message: str) -> None:
        """A second failure while the modal is open joins the first."""
        self.messages.append(message)
        bodies = self.query(".dialog-body")
        if bodies:  # else compose, still to come, shows every message
            bodies.first().mount(Literal(message, classes="message"))

    def on_button_pressed(self) -> None:
        self.dismiss()

    def action_close(self) -> None:
        self.dismiss()

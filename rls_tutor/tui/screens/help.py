"""The keys: those of the screen underneath, then the ones that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen

from rls_tutor.tui.widgets.text import Literal

GENERAL = [
    ("?", "Show these keys"),
    ("g", "Search the glossary"),
    ("ctrl+p", "Command palette: actions, lessons, glossary terms"),
    ("escape", "Go back"),
    ("q", "Quit (your progress is saved as you go)"),
    ("↑ ↓ PgUp PgDn", "Scroll a long screen"),
    ("tab", "Move between buttons and fields"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="close"),
        Binding("enter", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, underneath: Screen[object]) -> None:
        super().__init__(classes="dialog-screen")
        self.underneath = underneath

    def _screen_keys(self) -> list[tuple[str, str]]:
        rows: dict[str, str] = {}
        for active in self.underneath.active_bindings.values():
            binding = active.binding
            if active.node is self.app:
                continue  # listed under "Everywhere"
            # Hidden screen keys (their buttons are on screen) still belong here.
            if (
                binding.description
                and active.enabled
                and (binding.show or active.node is self.underneath)
            ):
                rows.setdefault(self.app.get_key_display(binding), binding.description)
        return list(rows.items())

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Literal("Keys", classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Literal("On this screen", classes="section-title")
                yield Literal(self._table(self._screen_keys()))
                yield Literal("Everywhere", classes="section-title")
                yield Literal(self._table(GENERAL))
                yield Literal(
                    "On a question: press the number of an option (again to undo, for "
                    "“select all that apply”), then Enter; Enter again goes on.",
                    classes="hint",
                )
            yield Literal("Press Escape to close.", classes="hint")

    def on_mount(self) -> None:
        self.query_one(".dialog-body").focus()

    @staticmethod
    def _table(rows: list[tuple[str, str]]) -> Content:
        width = max((len(k) for k, _ in rows), default=0)
        return Content("\n").join(
            Content.assemble((key.ljust(width), "bold $text-accent"), "  ", text)
            for key, text in rows
        )

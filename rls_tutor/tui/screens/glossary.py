"""The glossary, searchable from anywhere (key g, or the command palette)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input

from rls_tutor.content.course import Course
from rls_tutor.content.model import Audience, GlossaryTerm
from rls_tutor.session.glossary import search, shows_detail
from rls_tutor.tui.widgets.text import Literal, literal

SHOWN = 60  # slots on screen: a glossary of thousands is filtered, not drawn whole


class TermEntry(Literal):
    """A slot that shows one term; the screen fills its slots with the best matches."""

    def __init__(self) -> None:
        super().__init__("", classes="term")
        self.term: GlossaryTerm | None = None

    def show_term(self, term: GlossaryTerm, course: Course, audience: Audience) -> None:
        self.term = term
        parts: list[str | Content | tuple[str, str]] = [
            literal(term.term, "bold"),
            "\n",
            literal(term.definition),
        ]
        if term.detail and shows_detail(term, audience):
            parts += ["\n", literal(term.detail, "italic")]
        sources = "; ".join(course.source_titles(term.sources))
        parts += ["\n", (f"Source: {sources}", "$text-muted")]
        self.show(Content.assemble(*parts))


class GlossaryScreen(Screen[None]):
    """Type to filter terms; Escape goes back to where you were."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        # The search field hides it from the footer: its placeholder names it.
        Binding("down", "focus_list", "Terms", show=False),
    ]

    def __init__(self, course: Course, audience: Audience, query: str = "") -> None:
        super().__init__()
        self.course = course
        self.audience = audience
        self.initial = query

    def compose(self) -> ComposeResult:
        yield Literal("Glossary", classes="topbar")
        yield Input(
            self.initial,
            placeholder="Search the glossary (↓: scroll the terms)",
            id="glossary-search",
        )
        with VerticalScroll(id="terms"):
            for _ in range(min(SHOWN, len(self.course.glossary))):
                yield TermEntry()
            yield Literal("", id="more-terms")
            yield Literal("", id="no-terms")
        yield Footer()

    def on_mount(self) -> None:
        self.search(self.initial)
        self.query_one("#glossary-search", Input).focus()

    def search(self, query: str) -> None:
        box = self.query_one("#glossary-search", Input)
        if box.value != query:
            box.value = query  # posts Changed, which filters
        self._filter(query)

    @on(Input.Changed, "#glossary-search")
    def _changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, query: str) -> None:
        ranked = search(self.course.glossary, query)
        slots = list(self.query(TermEntry))
        with self.app.batch_update():
            for slot, found in zip(slots, ranked, strict=False):
                slot.show_term(found, self.course, self.audience)
            for i, slot in enumerate(slots):
                slot.display = i < len(ranked)
            more = self.query_one("#more-terms", Literal)
            more.display = len(ranked) > len(slots)
            if more.display:
                more.show(f"...and {len(ranked) - len(slots):,} more: type to narrow the list.")
            empty = self.query_one("#no-terms", Literal)
            if not self.course.glossary:
                empty.show("This course has no glossary.")
            else:
                empty.show(Content.assemble("No term matches “", literal(query), "”."))
            empty.display = not ranked
        self.query_one("#terms", VerticalScroll).scroll_home(animate=False)

    def action_focus_list(self) -> None:
        self.query_one("#terms", VerticalScroll).focus()

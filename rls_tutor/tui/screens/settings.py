"""Settings: the track, whether to ask how sure the learner is, and the theme."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Label, OptionList, Select, Switch
from textual.widgets.option_list import Option

from rls_tutor.content.model import Audience
from rls_tutor.session.learner import TRACKS
from rls_tutor.tui.screens.base import TutorScreen
from rls_tutor.tui.themes import LABELS
from rls_tutor.tui.widgets.text import Literal


class SettingsScreen(TutorScreen):
    """Each change is saved at once (in a worker); Escape goes back."""

    def compose(self) -> ComposeResult:
        session = self.session
        yield Literal(f"Settings  ·  {session.learner}", classes="topbar")
        with VerticalScroll(id="settings-body"):
            yield Label("Track (Enter to choose)", classes="field-label")
            yield OptionList(*self._track_options(), id="track")
            yield Label("After each answer", classes="field-label")
            with Horizontal(classes="switch-row"):
                yield Switch(session.ask_certainty, id="ask-certainty")
                yield Label("Ask how sure I am (a lucky guess then counts less)")
            yield Label("Theme", classes="field-label")
            themes = sorted(self.app.available_themes)
            yield Select(
                [(LABELS.get(t, t), t) for t in themes],
                value=self.app.theme,
                allow_blank=False,
                id="theme",
            )
            yield Literal(
                "Changing track keeps your place: lessons continue at the same point.",
                classes="hint",
            )
        yield Footer()

    def _track_options(self) -> list[Option]:
        return [
            Option(
                ("✓ " if self.session.audience == t.audience else "  ") + f"{t.title}: {t.brief}",
                id=t.audience,
            )
            for t in TRACKS
        ]

    def on_mount(self) -> None:
        tracks = self.query_one("#track", OptionList)
        tracks.highlighted = [t.audience for t in TRACKS].index(self.session.audience)
        tracks.focus()

    @on(OptionList.OptionSelected, "#track")
    def _track(self, event: OptionList.OptionSelected) -> None:
        audience = TRACKS[event.option_index].audience
        if audience != self.session.audience:
            self._save_track(audience)

    @work(thread=True, exit_on_error=False, group="store")
    def _save_track(self, audience: Audience) -> None:
        self.session.set_audience(audience)
        self.app.call_from_thread(self._track_saved)

    def _track_saved(self) -> None:
        tracks = self.query_one("#track", OptionList)
        highlighted = tracks.highlighted
        tracks.set_options(self._track_options())
        tracks.highlighted = highlighted
        self.notify("Track changed: lessons, checks and reviews follow it now.", markup=False)

    @on(Switch.Changed, "#ask-certainty")
    def _certainty(self, event: Switch.Changed) -> None:
        if event.value != self.session.ask_certainty:
            self._save_certainty(event.value)

    @work(thread=True, exit_on_error=False, group="store")
    def _save_certainty(self, ask: bool) -> None:
        self.session.set_ask_certainty(ask)

    @on(Select.Changed, "#theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.app.theme:
            self.app.theme = event.value  # the app saves it for this learner

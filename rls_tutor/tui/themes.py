"""The two themes the tutor offers, each reading at 4.5:1 or better.

They are Textual's own dark and light themes (same names, so a saved choice
still applies) with the few colours that fell short of WCAG's 4.5:1 for text
changed as little as reaches it. tests/tui/test_contrast.py computes every
text/background pair of tutor.tcss, of the widgets' styles and of the Textual
widgets the tutor shows, in both themes, from these definitions.

Textual's other themes are not offered: their pairs are not checked, and the
ANSI ones take their colours from the terminal, where no ratio can be promised.
"""

from __future__ import annotations

from dataclasses import replace

from textual.theme import BUILTIN_THEMES, Theme

DARK = "textual-dark"
LIGHT = "textual-light"


def _adjusted(name: str, *, success: str | None = None, **variables: str) -> Theme:
    base = BUILTIN_THEMES[name]
    return replace(
        base,
        success=success or base.success,
        variables={**base.variables, **{k.replace("_", "-"): v for k, v in variables.items()}},
    )


THEMES: dict[str, Theme] = {
    DARK: _adjusted(
        DARK,
        # Text on the blue of the highlighted option and of the main button: white
        # rather than 87% white (3.8:1).
        block_cursor_foreground="#FFFFFF",
        button_color_foreground="#FFFFFF",
        # Headings in the theme's blue text colour, not the blue meant for fills (4.1:1).
        markdown_h1_color="#57A5E2",
        markdown_h2_color="#57A5E2",
        markdown_h3_color="#57A5E2",
    ),
    LIGHT: _adjusted(
        LIGHT,
        # Coloured text with less of its hue over black than Textual's 66%: amber at
        # 50% (3.0:1 became 4.7:1), green at 45% (3.5:1 became 6.1:1, and 4.7:1 on
        # the picked-option highlight below).
        text_accent="#7F5315",
        text_warning="#7F5315",
        text_success="#235532",
        # A lighter picked-option highlight, so a green or red verdict reads on it.
        primary_muted="#B3C1CB",
        # The footer's keys in the theme's darker blue (2.9:1 before).
        footer_key_foreground="#004F8B",
        # The mastery bar's green, 1.8:1 on the light grey before.
        success="#2A8449",
        # The smallest heading, at 70% of the text colour rather than 60% (4.0:1).
        markdown_h6_color="#1F1F1FB3",
    ),
}

LABELS = {DARK: "Dark", LIGHT: "Light"}


def offered(name: str | None) -> str | None:
    """The offered theme for a saved or requested `name`: itself if offered, else
    the dark or light theme after Textual's theme of that name; None if unknown."""
    if name is None or name in THEMES:
        return name
    theme = BUILTIN_THEMES.get(name)
    if theme is None:
        return None
    return DARK if theme.dark else LIGHT

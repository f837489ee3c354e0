"""A mastery bar drawn as text, so it wraps and scales like the rest of a row."""

from __future__ import annotations

from textual.content import Content

# A graphic beside its percentage, not text: WCAG asks 3:1 of it (tests/tui/test_contrast.py).
FILLED = "$success"
EMPTY = "$foreground-muted"


def mastery_bar(mastery: float, width: int = 10) -> Content:
    value = min(max(mastery, 0.0), 1.0)
    filled = round(value * width)
    return Content.assemble(
        ("█" * filled, FILLED),
        ("░" * (width - filled), EMPTY),
        f" {value:4.0%}",
    )

"""A mastery bar drawn as text, so it wraps and scales like the rest of a row."""

from __future__ import annotations

from textual.content import Content


def mastery_bar(mastery: float, width: int = 10) -> Content:
    value = min(max(mastery, 0.0), 1.0)
    filled = round(value * width)
    return Content.assemble(
        ("█" * filled, "$success"),
        ("░" * (width - filled), "$foreground-muted"),
        f" {value:4.0%}",
    )

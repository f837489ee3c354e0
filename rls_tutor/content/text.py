"""Cleaning author text before anything shows it.

Terminals act on escape sequences (set the title, write the clipboard with OSC 52,
clear the screen), and Textual passes most of them through, so every string an
author writes loses its C0 controls (except newline and tab), DEL and C1 controls.
"""

from __future__ import annotations

import re
import unicodedata

# C0 except \t and \n, DEL, and C1 (0x80-0x9F).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    if not _CONTROL.search(text):  # the common case: no copy
        return text
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


def reflow(text: str) -> str:
    """Join the lines of each paragraph: authors break lines in YAML block scalars
    where a terminal (or a screen reader) would break them differently. Blank lines
    and list items ("- ", "* ") keep their own lines. Every face shows stems, options,
    rationales and notices this way."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        lines: list[str] = []
        for line in block.splitlines():
            stripped = line.strip()
            if lines and not stripped.startswith(("- ", "* ")):
                lines[-1] += " " + stripped
            else:
                lines.append(stripped)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def find_controls(text: str) -> list[int]:
    """Offsets of control characters that would be stripped (\\r allowed in files)."""
    return [m.start() for m in _CONTROL.finditer(text) if m.group() != "\r"]


def comparable(text: str) -> str:
    """A key under which texts that *look* the same are equal, for duplicate checks:
    Unicode compatibility forms folded (NFKC: full-width letters, ligatures), format
    characters dropped (zero-width spaces and joiners), look-alike letters of other
    scripts transliterated (Cyrillic 'а', Greek 'ο' -> a, o, by anyascii's tables),
    case and spacing ignored."""
    from anyascii import anyascii  # only duplicate checks need its tables

    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    return " ".join(anyascii(folded).casefold().split())

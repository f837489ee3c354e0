"""One escaping function for every string that leaves the program for a terminal.

File names, YAML keys and tags, learner names and exception text come from outside;
a terminal acts on the control characters they may hold (OSC 52 writes the
clipboard, CSI 2J clears the screen, a newline forges an output line). `printable`
shows each such character as a visible escape instead, the way `repr` does.
"""

from __future__ import annotations

import re

# Everything str.isprintable() refuses, except a plain space: C0, DEL, C1, the line and
# paragraph separators, bidi controls, unassigned code points.
_UNPRINTABLE = re.compile(r"[^ -~]")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char.isprintable():
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: object) -> str:
    """`text` as a string with every non-printable character shown as an escape."""
    s = str(text)
    if s.isascii() and s.isprintable():  # the common case: no copy
        return s
    return _UNPRINTABLE.sub(_escape_char, s)

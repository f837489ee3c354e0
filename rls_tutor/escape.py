"""One escaping function for every string that leaves the program for a terminal.

File names, YAML keys and tags, learner names and exception text come from outside;
a terminal acts on the control characters they may hold (OSC 52 writes the
clipboard, CSI 2J clears the screen, a newline forges an output line). `printable`
shows each such character as a visible escape instead, the way `repr` does. The
CLI prints through `echo`, the TUI draws author and outside text through
`printable` (tui/widgets/text.py), and JSON output is ASCII-escaped.
"""

from __future__ import annotations

import re
import sys

# Everything but printable ASCII; each match is kept if str.isprintable() allows it
# (letters of any script) and escaped otherwise: C0, DEL, C1, the line and paragraph
# separators, bidi and other format controls, unassigned code points.
_SUSPECT = re.compile(r"[^ -~]")


def printable(text: object, keep: str = "") -> str:
    """`text` as a string with every non-printable character (but those in `keep`,
    e.g. "\\n" for a multi-line message) shown as a visible escape."""
    s = str(text)
    if s.isascii() and s.isprintable():  # the common case: no copy
        return s

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char.isprintable() or char in keep:
            return char
        code = ord(char)
        if code <= 0xFF:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return _SUSPECT.sub(escape, s)


def echo(text: object = "", *, err: bool = False, end: str = "\n") -> None:
    """Print program output: its own line breaks stay, every other control character
    (in the values it carries) is escaped. Values that may hold a line break of their
    own (file names) are passed through `printable` where they are put in the text."""
    stream = sys.stderr if err else sys.stdout
    stream.write(printable(text, keep="\n") + end)
    if end != "\n":
        stream.flush()

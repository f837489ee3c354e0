"""Lines out, lines in: the plain mode's only contact with the terminal.

Output goes through `rls_tutor.escape.echo`, so author text keeps its line breaks
and every other control character is shown as a visible escape: nothing the course
holds can move the cursor, colour the text or clear the screen. Input is read a
line at a time with `readline()` on stdin (never `input()`, whose readline module
writes escape sequences of its own), so it works the same from a terminal, a
screen reader's console or a pipe. Every prompt ends its line and flushes, and it
names its keys; `h` lists them, `q` or the end of input leaves (`Quit`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from rls_tutor.escape import echo

Keys = Sequence[tuple[str, str]]  # (what to type, what it does)

EVERYWHERE: tuple[tuple[str, str], ...] = (
    ("h", "these keys"),
    ("q", "quit (your progress is saved as you go)"),
)
GLOSSARY_KEY = ("g", "search the glossary")


class Quit(Exception):
    """The learner typed q, or the input ended: leave (everything is already saved)."""


class Console:
    def __init__(self, stdin: TextIO | None = None) -> None:
        self.stdin = stdin if stdin is not None else sys.stdin
        self.glossary: Callable[[], None] | None = None  # `g` anywhere, once a session runs
        self._blank = True  # the last line out was blank (or input): no second blank line

    # --- out ---------------------------------------------------------------------

    def say(self, *paragraphs: str) -> None:
        """Paragraphs, each followed by a blank line (empty ones are left out)."""
        for text in paragraphs:
            if text.strip():
                self.line(text.rstrip("\n"))
                self.line("")

    def line(self, text: str) -> None:
        """One line (or several, if `text` holds line breaks); "" is a blank line, never
        two in a row."""
        if not text:
            if not self._blank:
                echo()
            self._blank = True
            return
        echo(text)
        self._blank = False

    def heading(self, text: str) -> None:
        """The start of a new screen: a blank line, its title, a blank line."""
        self.line("")
        self.line(text)
        self.line("")

    # --- in ----------------------------------------------------------------------

    def read(self) -> str:
        """The next line typed, without its line break; `Quit` at the end of input."""
        sys.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise Quit
        return line.rstrip("\r\n")

    def ask(self, prompt: str, keys: Keys = (), *, commands: bool = True) -> str:
        """Print `prompt`, read a line and return it, stripped. `h` lists `keys` (and the
        keys that work everywhere) and asks again; `q` quits; `g` searches the glossary
        and asks again. With `commands` False (a name being typed) `g` is typed text
        like any other."""
        while True:
            self.line(prompt)
            typed = self.read().strip()
            self._blank = False  # the learner's line (echoed by a terminal) came next
            word = typed.casefold()
            if word == "q":
                raise Quit
            if word == "h":
                self.help(keys, commands=commands)
                continue
            if commands and word == "g" and self.glossary is not None:
                self.glossary()
                continue
            return typed

    def help(self, keys: Keys, *, commands: bool = True) -> None:
        general = list(EVERYWHERE)
        if commands and self.glossary is not None:
            general.insert(1, GLOSSARY_KEY)
        self.line("")
        self.line("Keys here, each followed by Enter:")
        for key, meaning in [*keys, *general]:
            self.line(f"  {key}: {meaning}")
        self.line("")

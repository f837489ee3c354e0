"""A banner naming the course files that could not be loaded."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from rls_tutor.escape import printable
from rls_tutor.tui.widgets.text import Literal

if TYPE_CHECKING:
    from rls_tutor.content.course import Problem

SHOWN = 3


def short(problem: Problem, root: Path) -> str:
    """The problem with its path relative to the course folder, to fit narrow terminals."""
    path = Path(problem.path)
    with suppress(ValueError):  # another drive on Windows
        # by name, not resolved: a link in lessons/ is named as the author wrote it
        inside = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        path = path if inside.startswith("..") else Path(inside)
    # one line on screen, whatever the file name holds (a line break would forge another)
    return printable(
        f"{path}:{problem.line}:{problem.column}: {problem.severity}: {problem.message}"
    )


class ProblemsBanner(Literal):
    """Hidden when the course loaded whole; otherwise says which files were skipped."""

    def __init__(self, problems: list[Problem], root: Path, *, id: str | None = None) -> None:
        errors = sorted(p for p in problems if p.severity == "error")
        lines = [f"{len(errors)} problem(s) in the course files; the rest of the course loaded:"]
        lines += [f"  {short(p, root)}" for p in errors[:SHOWN]]
        if len(errors) > SHOWN:
            lines.append(f"  ...and {len(errors) - SHOWN} more (command palette: Course problems).")
        super().__init__("\n".join(lines), id=id, classes="problems")
        self.display = bool(errors)

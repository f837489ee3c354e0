"""A banner naming the course files that could not be loaded."""

from __future__ import annotations

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
    with suppress(ValueError, OSError):
        path = path.resolve().relative_to(root.resolve())
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

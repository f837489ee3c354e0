"""The welcome's first frame without a cache: the title and notice read from
`lessons/course.yaml` alone are the loaded course's, and anything doubtful gives none."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rls_tutor.content.loader import load_course
from rls_tutor.content.preview import read_course_file
from rls_tutor.locations import bundled_course_root

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "course"


def course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    return root


def course_file(root: Path) -> Path:
    return root / "lessons" / "course.yaml"


@pytest.mark.parametrize("root", [bundled_course_root(), FIXTURE], ids=["bundled", "fixture"])
def test_the_course_file_preview_is_the_loaded_courses_title_and_notice(root: Path) -> None:
    preview = read_course_file(root)
    course = load_course(root)
    assert preview is not None
    assert (preview.title, preview.notice) == (course.title, course.notice)
    assert course.notice  # the bundled course has a notice to show


def test_controls_and_surrounding_space_are_removed_as_the_loader_removes_them(
    tmp_path: Path,
) -> None:
    root = course_copy(tmp_path)
    path = course_file(root)
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("\nnotice:")
    assert rest, "the fixture's course file has a notice"
    _, _, after = rest.partition("\nsources:")
    notice = '"  Not medical advice.\\e]52;c;aGk=\\a Ask a doctor.\\x9b2J  "'
    path.write_bytes(
        (head.replace("title:", "title: \x07 ", 1) + f"\nnotice: {notice}\nsources:{after}").encode(
            "utf-8"
        )
    )
    course = load_course(root)
    assert not course.errors
    preview = read_course_file(root)
    assert preview is not None
    assert (preview.title, preview.notice) == (course.title, course.notice)
    assert "\x1b" not in preview.notice and "\x9b" not in preview.notice
    assert preview.notice.startswith("Not medical advice.")


@pytest.mark.parametrize(
    "content",
    [
        None,  # missing
        b"title: [unclosed\n",  # not YAML
        b"title: A\nnotice: B\n",  # no sources nor topics: the loader refuses it
        b"- a list\n",
    ],
    ids=["missing", "syntax", "incomplete", "list"],
)
def test_a_missing_or_broken_course_file_gives_no_preview(
    tmp_path: Path, content: bytes | None
) -> None:
    root = course_copy(tmp_path)
    if content is None:
        course_file(root).unlink()
    else:
        course_file(root).write_bytes(content)
    assert read_course_file(root) is None


def test_reading_the_course_file_imports_no_pydantic(tmp_path: Path) -> None:
    code = f"""
import sys
from pathlib import Path
from rls_tutor.content.preview import read_course_file
assert read_course_file(Path({str(FIXTURE)!r})) is not None
print(sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "fsrs", "textual")))
"""
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

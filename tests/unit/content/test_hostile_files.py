"""Unusual files in a course folder never stop the loader, and every reader agrees.

Each case builds one hostile file beside a valid course (a broken link, a link out of
the course folder, a sparse file over the size limit, a name that is not UTF-8, a
named pipe, a folder named like a lesson, a link loop) and checks that the rest of the
course loads, that the file is one clear error at `path:1:1`, that `check`'s loader and
the tutor's cached loader report the same problems, and that the refused file is left
byte-identical (and, where reading it would hurt, never opened).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from rls_tutor.content import cache, files
from rls_tutor.content.cache_key import course_key
from rls_tutor.content.course import Course
from rls_tutor.content.files import MAX_BYTES, Unreadable, read_file, scan
from rls_tutor.content.loader import load_course
from rls_tutor.content.safe_yaml import MAX_BYTES as YAML_MAX_BYTES

from .course_factory import write_course

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links, pipes and names")

SECRET = "root:$6$not-a-real-hash:20228:0:99999:7:::\n"
LESSONS = {"iron", "genes"}
T = TypeVar("T")
QUESTIONS = {"iron-q1", "iron-q2", "genes-q1"}


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid course at tmp_path/course, with the working folder at tmp_path."""
    monkeypatch.chdir(tmp_path)
    return write_course(tmp_path / "course")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def errors_at_line_1(course: Course) -> dict[str, str]:
    return {p.path: p.message for p in course.errors if (p.line, p.column) == (1, 1)}


def assert_rest_loads(course: Course) -> None:
    assert set(course.lessons) == LESSONS
    assert set(course.questions) == QUESTIONS
    assert course.title == "Test course"


def assert_readers_agree(root: Path, cache_dir: Path) -> Course:
    """check's loader, the tutor's loader on a cache miss and on a hit: same problems."""
    fresh = load_course(root)
    cold = cache.load_course_cached(root, cache_dir)
    warm = cache.read_cache(root, cache.cache_file_for(root, cache_dir))
    assert warm is not None, "the cache should hit the second time"
    assert fresh.problems == cold.problems == warm.problems
    assert set(fresh.questions) == set(warm.questions)
    assert set(fresh.lessons) == set(warm.lessons)
    return fresh


def record_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path the loader opens for reading."""
    opened: list[str] = []
    real_open = os.open

    def spy(path: object, flags: int, *args: object, **kwargs: object) -> int:
        opened.append(os.fsdecode(path))  # type: ignore[arg-type]
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "open", spy)
    return opened


def in_thread(func: Callable[[], T], timeout: float = 20) -> T:
    """Run `func` with a deadline: a loader that blocks (on a pipe) fails the test."""
    result: list[T] = []
    raised: list[BaseException] = []

    def target() -> None:
        try:
            result.append(func())
        except BaseException as exc:  # handed to the test's thread
            raised.append(exc)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), "the loader blocked"
    if raised:
        raise raised[0]
    return result[0]


def test_one_size_limit() -> None:
    assert YAML_MAX_BYTES is MAX_BYTES


def test_dangling_link_is_an_error_not_a_crash(root: Path, tmp_path: Path) -> None:
    (root / "lessons" / "99-x.yaml").symlink_to("/nonexistent")
    (root / "lessons" / "98-y.yaml").symlink_to("../drafts/missing.yaml")
    course = assert_readers_agree(root, tmp_path / "cache")
    assert_rest_loads(course)
    found = errors_at_line_1(course)
    assert "outside the course folder" in found["course/lessons/99-x.yaml"]
    assert found["course/lessons/98-y.yaml"] == (
        "a broken link: its target drafts/missing.yaml does not exist"
    )


def test_link_out_of_the_course_is_not_followed(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "outside" / "shadow"
    secret.parent.mkdir()
    secret.write_text(SECRET)
    before = digest(secret)
    (root / "quizzes" / "z.yaml").symlink_to(secret)
    opened = record_opens(monkeypatch)
    course = assert_readers_agree(root, tmp_path / "cache")
    assert_rest_loads(course)
    message = errors_at_line_1(course)["course/quizzes/z.yaml"]
    assert message == f"a link to {secret}, outside the course folder: not followed"
    assert str(secret) not in opened
    assert all("not-a-real-hash" not in p.message for p in course.problems)
    cached = cache.cache_file_for(root, tmp_path / "cache").read_text()
    assert "not-a-real-hash" not in cached
    assert digest(secret) == before


def test_link_inside_the_course_is_followed(root: Path, tmp_path: Path) -> None:
    shared = root / "shared" / "genes.yaml"
    shared.parent.mkdir()
    (root / "quizzes" / "genes.yaml").rename(shared)
    (root / "quizzes" / "genes.yaml").symlink_to("../shared/genes.yaml")
    course = assert_readers_agree(root, tmp_path / "cache")
    assert course.ok and "genes-q1" in course.questions


def test_linked_folder_out_of_the_course_is_not_followed(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (root / "quizzes").rename(elsewhere)
    (root / "quizzes").symlink_to(elsewhere)
    course = assert_readers_agree(root, tmp_path / "cache")
    assert errors_at_line_1(course)["course/quizzes"] == (
        f"a link to {elsewhere}, outside the course folder: not followed"
    )
    assert course.questions == {}
    assert set(course.lessons) == LESSONS  # lessons without their checks still load


def test_size_is_checked_before_reading(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = root / "quizzes" / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no disk space, but stat says 16 MiB + 1
    before = big.stat()
    opened = record_opens(monkeypatch)
    course = assert_readers_agree(root, tmp_path / "cache")
    assert_rest_loads(course)
    assert errors_at_line_1(course)["course/quizzes/big.yaml"] == (
        f"the file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,}: split it up"
    )
    assert not any(p.endswith("big.yaml") for p in opened)
    after = big.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_name_that_is_not_utf8_is_reported(root: Path, tmp_path: Path) -> None:
    name = os.path.join(os.fsencode(root / "quizzes"), b"bad\xff\xfe.yaml")
    try:
        with open(name, "wb") as handle:
            handle.write(b"topic: iron\n")
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    course = assert_readers_agree(root, tmp_path / "cache")
    assert_rest_loads(course)
    found = errors_at_line_1(course)
    assert found["course/quizzes/bad\\xff\\xfe.yaml"] == (
        "the file name is not valid UTF-8 text: rename the file"
    )
    for problem in course.problems:  # nothing unencodable reaches the cache or a terminal
        problem.path.encode("utf-8")
    with open(name, "rb") as handle:
        assert handle.read() == b"topic: iron\n"


def test_named_pipe_never_blocks(root: Path, tmp_path: Path) -> None:
    fifo = root / "lessons" / "50-x.yaml"
    os.mkfifo(fifo)
    course = in_thread(lambda: assert_readers_agree(root, tmp_path / "cache"))
    assert_rest_loads(course)
    assert errors_at_line_1(course)["course/lessons/50-x.yaml"] == (
        "a named pipe, not a regular file: only YAML text files are read"
    )
    assert fifo.is_fifo()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "a folder, not a regular file: only YAML text files are read"),
        (lambda p: p.symlink_to(p.name), "a link that leads in a loop: fix or remove it"),
    ],
    ids=["folder", "link-loop"],
)
def test_other_unusual_entries(
    root: Path, tmp_path: Path, make: Callable[[Path], None], message: str
) -> None:
    make(root / "lessons" / "03-odd.yaml")
    course = assert_readers_agree(root, tmp_path / "cache")
    assert_rest_loads(course)
    assert errors_at_line_1(course)["course/lessons/03-odd.yaml"] == message


def test_refused_course_file_is_not_also_called_missing(root: Path, tmp_path: Path) -> None:
    course_file = root / "lessons" / "course.yaml"
    course_file.unlink()
    course_file.symlink_to("/nonexistent")
    course = load_course(root)
    (error,) = [p for p in course.errors if p.path == "course/lessons/course.yaml"]
    assert "outside the course folder" in error.message


def test_hidden_files_are_passed_over(root: Path, tmp_path: Path) -> None:
    (root / "lessons" / ".#01-iron.yaml").symlink_to("user@host.1234:1700000000")  # emacs lock
    (root / "quizzes" / "._iron.yaml").write_bytes(b"\x00\x05\x16\x07 AppleDouble")
    course = assert_readers_agree(root, tmp_path / "cache")
    assert course.ok and course.problems == []


def test_every_hostile_file_at_once(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(SECRET)
    (root / "lessons" / "99-x.yaml").symlink_to("/nonexistent")
    (root / "lessons" / "98-out.yaml").symlink_to(outside)
    os.mkfifo(root / "lessons" / "50-x.yaml")
    with (root / "quizzes" / "big.yaml").open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    course = in_thread(lambda: assert_readers_agree(root, tmp_path / "cache"))
    assert_rest_loads(course)
    assert set(errors_at_line_1(course)) == {
        "course/lessons/99-x.yaml",
        "course/lessons/98-out.yaml",
        "course/lessons/50-x.yaml",
        "course/quizzes/big.yaml",
    }
    assert len(course.errors) == 4
    assert outside.read_text() == SECRET


def test_the_cache_key_follows_what_is_skipped(root: Path, tmp_path: Path) -> None:
    """A skipped file that becomes readable (or the reverse) misses the cache."""
    link = root / "quizzes" / "more.yaml"
    link.symlink_to("../drafts/more.yaml")
    cache_dir = tmp_path / "cache"
    first = cache.load_course_cached(root, cache_dir)
    assert "course/quizzes/more.yaml" in errors_at_line_1(first)
    key = course_key(root)
    (root / "drafts").mkdir()
    (root / "drafts" / "more.yaml").write_text((root / "quizzes" / "genes.yaml").read_text())
    assert course_key(root) != key
    assert cache.read_cache(root, cache.cache_file_for(root, cache_dir)) is None
    second = cache.load_course_cached(root, cache_dir)
    assert "course/quizzes/more.yaml" not in errors_at_line_1(second)
    assert second.problems == load_course(root).problems


def test_scan_is_the_one_listing(root: Path) -> None:
    (root / "lessons" / "99-x.yaml").symlink_to("/nonexistent")
    (root / "lessons" / "notes.txt").write_text("not a course file")
    listing = scan(root, "lessons")
    assert [e.name for e in listing.files] == [
        "01-iron.yaml",
        "02-genes.yaml",
        "course.yaml",
        "glossary.yaml",
    ]
    assert [s.rel for s in listing.skipped] == ["lessons/99-x.yaml"]


def test_read_refuses_a_file_swapped_after_the_listing(root: Path) -> None:
    """Between scan and read a file may change: the read checks again on its descriptor."""
    listing = scan(root, "quizzes")
    by_name = {e.name: e for e in listing.files}
    (root / "quizzes" / "iron.yaml").unlink()
    os.mkfifo(root / "quizzes" / "iron.yaml")  # would block a plain open()
    with pytest.raises(Unreadable, match="a named pipe"):
        in_thread(lambda: read_file(by_name["iron.yaml"]))
    with (root / "quizzes" / "genes.yaml").open("r+b") as handle:
        handle.truncate(MAX_BYTES + 1)  # grew past the limit after its size was taken
    with pytest.raises(Unreadable, match="limit"):
        read_file(by_name["genes.yaml"])
    (root / "quizzes" / "genes.yaml").unlink()
    (root / "quizzes" / "genes.yaml").symlink_to("iron.yaml")  # a link swapped in
    with pytest.raises(Unreadable, match="cannot read the file"):
        read_file(by_name["genes.yaml"])


def test_cached_problems_are_relative_to_the_course(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written from one folder, read from another: paths still point at the files."""
    (root / "lessons" / "02-genes.yaml").write_text("id: genes\ntitle: [unclosed\n")
    (root / "quizzes" / "dup.yaml").write_text((root / "quizzes" / "genes.yaml").read_text())
    cache_dir = tmp_path / "cache"
    first = cache.load_course_cached(root, cache_dir)
    assert any(p.path == "course/lessons/02-genes.yaml" for p in first.errors)
    stored = json.loads(json.loads(cache.cache_file_for(root, cache_dir).read_text())["payload"])
    assert {p[0] for p in stored["problems"]} >= {"lessons/02-genes.yaml", "quizzes/genes.yaml"}
    assert any("already used in quizzes/dup.yaml" in p[4] for p in stored["problems"])

    elsewhere = tmp_path / "deep" / "elsewhere"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    again = cache.read_cache(root, cache.cache_file_for(root, cache_dir))
    assert again is not None  # a hit: same files, another working folder
    assert again.problems == load_course(root).problems
    # outside the working folder: the full path, as `display_path` shows it
    assert any(p.path == str(root / "lessons" / "02-genes.yaml") for p in again.errors)

    monkeypatch.chdir(root / "lessons")  # inside the course: short paths
    again = cache.read_cache(root, cache.cache_file_for(root, cache_dir))
    assert again is not None and again.problems == load_course(root).problems
    assert any(p.path == "02-genes.yaml" for p in again.errors)

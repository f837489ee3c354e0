"""Each YAML hazard from GUIDE.md section 3 is refused at an exact line and column."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from rls_tutor.content.safe_yaml import MAX_BYTES, MAX_DEPTH, MAX_VALUES, YamlError, parse_yaml


def error_of(raw: bytes) -> YamlError:
    with pytest.raises(YamlError) as info:
        parse_yaml(raw)
    return info.value


@pytest.mark.parametrize(
    ("raw", "line", "column", "words"),
    [
        (b"id: a\ntitle: b\nid: c\n", 3, 1, "duplicate key 'id' (first at line 1)"),
        (b"a:\n  b: 1\n  b: 2\n", 3, 3, "duplicate key 'b'"),
        (b"id: x\nsteps:\n\t- check: q\n", 3, 1, "tab used for indentation"),
        (b"id: x\n  \ttitle: y\n", 2, 3, "tab used for indentation"),
        (b"id: x\ntitle: a\x00b\n", 2, 9, "NUL byte"),
        (b"id: x\ntitle: caf\xe9\n", 2, 11, "invalid UTF-8"),
        (b"", 1, 1, "the file is empty"),
        (b"# only a comment\n", 1, 1, "the file is empty"),
        (b"just a sentence\n", 1, 1, "holds a single value"),
        (b"- a\n- b\n", 1, 1, "holds a list"),
        (b"id: a\n---\nid: b\n", 2, 1, "a second document"),
        (b"id: !!python/object/apply:os.system ['true']\n", 1, 5, "!!python/object/apply"),
        (b"id: !custom x\n", 1, 5, "tag !custom is not allowed"),
        (b"base: &b {x: 1}\nmore:\n  <<: *b\n", 3, 3, "merge keys"),
        (b"title: a: b\n", 1, 9, "a value containing ': ' must be quoted"),
        (b"x: *nothing\n", 1, 4, "unknown alias *nothing"),
        (b"? [a, b]\n: c\n", 1, 3, "keys must be plain words"),
    ],
)
def test_hazard_reported_at_position(raw: bytes, line: int, column: int, words: str) -> None:
    err = error_of(raw)
    assert (err.line, err.column) == (line, column), err.message
    assert words in err.message


def test_oversized_file_refused_before_parsing() -> None:
    err = error_of(b"a: " + b"x" * MAX_BYTES)
    assert (err.line, err.column) == (1, 1)
    assert "limit" in err.message


def test_alias_bomb_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    start = time.perf_counter()
    err = error_of("\n".join(lines).encode())
    assert time.perf_counter() - start < 1.0
    assert "alias bomb" in err.message
    assert err.line == 6  # the first level whose expansion passes the cap


def test_small_aliases_are_fine() -> None:
    located = parse_yaml(b"s: &s [patient-article]\na: {sources: *s}\nb: {sources: *s}\n")
    assert located.data["b"] == {"sources": ["patient-article"]}


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 50_000, 200_000])
def test_deep_flow_nesting_is_refused_not_a_crash(depth: int) -> None:
    raw = b"a: " + b"[" * depth + b"]" * depth + b"\n"
    start = time.perf_counter()
    err = error_of(raw)
    assert time.perf_counter() - start < 1.0
    # Our cap (column 3 + MAX_DEPTH: the top mapping is level 1) or, for very deep input,
    # libyaml's own (PyYAML 6.0.4 wheels scan ahead and refuse at 1,000 levels) may come
    # first: either way a clean, positioned refusal in the same words.
    assert err.line == 1
    assert 3 + MAX_DEPTH <= err.column <= 3 + depth
    assert err.message == f"nested deeper than {MAX_DEPTH} levels"


def test_deep_block_nesting_is_refused() -> None:
    raw = "".join("  " * i + "k:\n" for i in range(MAX_DEPTH + 5)).encode()
    err = error_of(raw)
    assert err.line == MAX_DEPTH + 1
    assert "nested deeper" in err.message


def test_deep_nesting_does_not_kill_the_process() -> None:
    # The C composer segfaults near 50,000 levels; a crash would show as a signal exit.
    code = (
        "from rls_tutor.content.safe_yaml import parse_yaml, YamlError\n"
        "try:\n    parse_yaml(b'a: ' + b'[' * 60000 + b']' * 60000)\n"
        "except YamlError as e:\n    print('refused', e.line, e.column)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused 1 ")


def test_yaml_11_values_are_recorded_with_their_raw_text() -> None:
    located = parse_yaml(b"a: no\nb: 1.10\nc: 'no'\nd: on\n")
    assert located.data == {"a": False, "b": 1.1, "c": "no", "d": True}
    assert located.typed[("a",)] == ("no", "bool")
    assert located.typed[("b",)] == ("1.10", "float")
    assert ("c",) not in located.typed


def test_keys_stay_literal_words() -> None:
    assert parse_yaml(b"on: 1\nno: 2\n").data == {"on": 1, "no": 2}


def test_control_characters_are_stripped_from_strings() -> None:
    located = parse_yaml(b'a: "x\\e]52;c;ZXZpbA==\\ay"\nb: "\\x9b2J ok"\nc: "tab\\tnl\\n"\n')
    assert located.data == {"a": "x]52;c;ZXZpbA==y", "b": "2J ok", "c": "tab\tnl\n"}


def test_raw_control_characters_are_removed_with_a_warning() -> None:
    located = parse_yaml(b"a: he\x07llo\nb: x\x1b[2Jy\n")
    assert located.data == {"a": "hello", "b": "x[2Jy"}
    assert [(w.line, w.column) for w in located.warnings] == [(1, 6), (2, 5)]


def test_positions_of_values_and_keys() -> None:
    located = parse_yaml(b"steps:\n  - title: A\n    sources: [x, y]\n  - check: q\n")
    assert located.where(("steps", 0, "sources", 1)) == (3, 18)
    assert located.where(("steps", 1, "check")) == (4, 12)
    assert located.where(("steps", 1, "check"), key=True) == (4, 5)
    assert located.where(("steps", 1, "missing")) == (4, 5)


def test_crlf_and_bom_are_accepted() -> None:
    located = parse_yaml(b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    assert located.data == {"a": 1, "b": "two"}
    assert located.where(("b",)) == (2, 4)


def test_a_big_file_without_aliases_is_no_alias_bomb() -> None:
    """The value cap counts what aliases repeat; written values are bounded by size."""
    raw = b"a: [" + b"x," * MAX_VALUES + b"x]\n"
    assert len(parse_yaml(raw).data["a"]) == MAX_VALUES + 1

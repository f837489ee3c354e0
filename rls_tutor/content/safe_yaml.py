"""Reading one YAML file as untrusted input.

PyYAML's own loaders keep the last of two duplicate keys without a word, expand
aliases without limit, crash (the C composer) on very deep nesting and lose the
position of every value. So this module builds values itself from the parser's
event stream (libyaml when available), which gives:

- the 1-based line and column of every value and key (`Located.where`),
- refusal of duplicate keys, merge keys, non-standard tags (`!!python/...`),
  several documents, empty files and a bare scalar at the top,
- caps on file size, nesting depth and alias expansion, checked while streaming,
- byte-level checks first: NUL bytes, invalid UTF-8, tabs used for indentation,
- control characters stripped from every string.

Any problem raises `YamlError` with a position and an instruction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from rls_tutor.content.files import MAX_BYTES
from rls_tutor.content.text import strip_controls

try:  # libyaml is much faster; the pure-Python parser is a fallback with the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 40
MAX_VALUES = 1_000_000  # values after expanding aliases: a "billion laughs" trips this

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}

Path_ = tuple[str | int, ...]
Position = tuple[int, int]


class YamlError(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


@dataclass
class Located:
    """A file's data plus where each part of it was written."""

    data: Any
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)
    # plain scalars that YAML read as something other than a string: path -> (raw text, type)
    typed: dict[Path_, tuple[str, str]] = field(default_factory=dict)
    warnings: list[YamlError] = field(default_factory=list)

    def where(self, path: Path_, *, key: bool = False) -> Position:
        """The position of `path`, or of its nearest enclosing value that has one."""
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))


def _position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _mark(mark: Any) -> Position:
    return mark.line + 1, mark.column + 1


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise YamlError(
            1, 1, f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}: split it up"
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw[:nul].decode("utf-8", "replace"), nul)
        # columns count characters, so measure the prefix as text
        raise YamlError(
            line, col, "NUL byte in the file: is it a binary file? Save it as UTF-8 text"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, col = _position(prefix, len(prefix))
        raise YamlError(
            line, col, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}): save the file as UTF-8"
        ) from None


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_RAW_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _prepare(text: str) -> tuple[str, list[YamlError]]:
    tab = _TAB_INDENT.search(text)
    if tab:
        line, col = _position(text, tab.end() - 1)
        raise YamlError(line, col, "tab used for indentation: YAML needs spaces")
    warnings = []
    if _RAW_CONTROL.search(text):
        for m in _RAW_CONTROL.finditer(text):
            line, col = _position(text, m.start())
            warnings.append(
                YamlError(line, col, f"control character U+{ord(m.group()):04X} removed")
            )
        text = _RAW_CONTROL.sub("", text)
    return text, warnings


def _describe_yaml_error(exc: yaml.YAMLError) -> YamlError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = _mark(mark) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if "nesting depth" in problem:
        # libyaml >= 0.2.6 (PyYAML 6.0.4 wheels) caps flow nesting itself, while scanning
        # ahead of our own depth check: the same refusal, in our words.
        return YamlError(line, col, f"nested deeper than {MAX_DEPTH} levels")
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    if "mapping values are not allowed" in problem:
        message += "; a value containing ': ' must be quoted"
    elif "found character" in problem and "cannot start any token" in problem:
        message += "; quote the value"
    return YamlError(line, col, message)


class _Builder:
    """Turns the event stream into Python values, recording positions."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, expanded size)
        self.values = 0
        self.constructor = SafeConstructor()
        self.resolver = Resolver()

    def _count(self, n: int, where: Position) -> None:
        """Count values that aliases repeat: written values are bounded by MAX_BYTES, so
        only expansion can blow up (a big plain file is no bomb)."""
        self.values += n
        if self.values > MAX_VALUES:
            raise YamlError(
                *where,
                f"aliases expand to more than {MAX_VALUES:,} values (an alias bomb?): "
                "write the values out instead",
            )

    def _check_tag(self, tag: str | None, where: Position) -> None:
        if tag and tag not in ("!", "?") and tag not in _ALLOWED_TAGS:
            shown = tag.replace(_TAG, "!!")
            raise YamlError(*where, f"tag {shown} is not allowed: remove it")

    def scalar(self, event: events.ScalarEvent, path: Path_) -> Any:
        where = _mark(event.start_mark)
        self._check_tag(event.tag, where)
        plain = event.style in (None, "")
        if event.tag and event.tag not in ("!", "?"):
            tag = event.tag
        elif plain and event.implicit[0]:
            tag = self.resolver.resolve(  # type: ignore[no-untyped-call]
                ScalarNode, event.value, (True, False)
            )
        else:
            tag = _TAG + "str"
        if tag == _TAG + "str":
            return strip_controls(event.value)
        # libyaml's marks stand in for PyYAML's (the stubs name only the latter)
        start: Any = event.start_mark
        end: Any = event.end_mark
        node = ScalarNode(tag, event.value, start, end, event.style)
        try:
            value = self.constructor.yaml_constructors[tag](self.constructor, node)
        except (ValueError, yaml.YAMLError) as exc:
            raise YamlError(
                *where, f"cannot read {event.value!r} as {tag.replace(_TAG, '')}: {exc}"
            ) from None
        self.located.typed[path] = (event.value, tag.replace(_TAG, ""))
        return value

    def build(self, stream: Any) -> Any:
        """Consume events for one document; returns the root value."""
        # Each frame: [container, path, pending key or None, expanded size]
        stack: list[list[Any]] = []
        root: Any = None
        have_root = False

        def place(value: Any, start: Position, size: int, anchor: str | None) -> None:
            nonlocal root, have_root
            if anchor:
                self.anchors[anchor] = (value, size)
            if not stack:
                root, have_root = value, True
                self.located.values.setdefault((), start)
                return
            frame = stack[-1]
            container, cpath = frame[0], frame[1]
            frame[3] += size
            if isinstance(container, list):
                path = (*cpath, len(container))
                container.append(value)
                self.located.values.setdefault(path, start)
                return
            if frame[2] is None:  # this value is a key
                if not isinstance(value, str):
                    raise YamlError(*start, "keys must be plain words, not lists or mappings")
                if value == "<<":
                    raise YamlError(*start, "merge keys (<<) are not supported: write keys out")
                if value in container:
                    first = self.located.keys.get((*cpath, value), (0, 0))[0]
                    raise YamlError(
                        *start, f"duplicate key {value!r} (first at line {first}): keep one"
                    )
                frame[2] = value
                self.located.keys[(*cpath, value)] = start
            else:
                key = frame[2]
                container[key] = value
                self.located.values.setdefault((*cpath, key), start)
                frame[2] = None

        def child_path() -> Path_:
            if not stack:
                return ()
            container, cpath, key = stack[-1][0], stack[-1][1], stack[-1][2]
            if isinstance(container, list):
                return (*cpath, len(container))
            return (*cpath, key) if key is not None else (*cpath, "<key>")

        for event in stream:
            if isinstance(event, events.ScalarEvent):
                path = child_path()
                is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is None
                if is_key:  # keys stay literal text: `on:` is the word "on", not True
                    self._check_tag(event.tag, _mark(event.start_mark))
                    value: Any = event.value
                else:
                    value = self.scalar(event, path)
                place(value, _mark(event.start_mark), 1, event.anchor)
            elif isinstance(event, events.CollectionStartEvent):
                start = _mark(event.start_mark)
                self._check_tag(event.tag, start)
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(*start, f"nested deeper than {MAX_DEPTH} levels")
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    raise YamlError(*start, "keys must be plain words, not lists or mappings")
                path = child_path()
                self.located.values.setdefault(path, start)
                container: Any = {} if isinstance(event, events.MappingStartEvent) else []
                stack.append([container, path, None, 1, start, event.anchor])
            elif isinstance(event, events.CollectionEndEvent):
                container, _path, _key, size, start, anchor = stack.pop()
                place(container, start, size, anchor)
            elif isinstance(event, events.AliasEvent):
                where = _mark(event.start_mark)
                if event.anchor not in self.anchors:
                    raise YamlError(*where, f"unknown alias *{event.anchor}")
                value, size = self.anchors[event.anchor]
                self._count(size, where)
                place(value, where, size, None)
            elif isinstance(event, events.DocumentEndEvent):
                break
        return root if have_root else None


def parse_yaml(raw: bytes) -> Located:
    """Parse one YAML file's bytes into a `Located`; raise `YamlError` on any hazard."""
    text, warnings = _prepare(_decode(raw))
    located = Located(data=None, warnings=warnings)
    builder = _Builder(located)
    stream = yaml.parse(text, Loader=_Loader)
    try:
        documents = 0
        for event in stream:
            if isinstance(event, events.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError(
                        *_mark(event.start_mark),
                        "a second document (---) in the file: keep one document per file",
                    )
                root = builder.build(stream)
                located.data = root
    except yaml.YAMLError as exc:
        raise _describe_yaml_error(exc) from None
    except RecursionError:  # pragma: no cover - the depth cap should come first
        raise YamlError(1, 1, f"nested deeper than {MAX_DEPTH} levels") from None
    if documents == 0 or located.data is None:
        raise YamlError(1, 1, "the file is empty: it should hold a mapping of keys")
    if not isinstance(located.data, dict):
        kind = "a list" if isinstance(located.data, list) else "a single value"
        raise YamlError(
            *located.where(()), f"the file holds {kind}; it should hold a mapping of keys"
        )
    return located

"""Turning pydantic's errors into messages an author can act on, at a line and column."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from rls_tutor.content.model import FILE_MODELS
from rls_tutor.content.safe_yaml import Located, Path_


def _fields_of(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every field name used anywhere in a file model, for 'did you mean' hints."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for sub in _models_in(info.annotation):
            names |= _fields_of(sub, seen)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found += _models_in(arg)
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and hasattr(annotation, "__metadata__"):
        found += _models_in(origin)
    return found


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


_UNION_TAGS = ("screen", "check")


def _real_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Drop the union tags pydantic inserts ('screen', 'check') that are not in the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_list or (isinstance(node, dict) and part in node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and part in _UNION_TAGS:
            continue
        else:
            path.append(part)  # a missing key: keep it for the message
            node = None
    return tuple(path)


_YAML_TYPE_NAMES = {
    "bool": "a boolean",
    "int": "a whole number",
    "float": "a number",
    "null": "empty (null)",
    "timestamp": "a date",
}


def _message(
    err: dict[str, Any] | Mapping[str, Any], path: Path_, located: Located, known: set[str]
) -> str:
    kind = err["type"]
    field = dotted(path)
    raw = located.typed.get(path)
    if kind == "missing":
        return f"missing required field '{path[-1]}' in {dotted(path[:-1])}"
    if kind == "extra_forbidden":
        name = str(path[-1])
        hint = difflib.get_close_matches(name, sorted(known), n=1)
        return f"unknown field '{name}'" + (f": did you mean '{hint[0]}'?" if hint else "")
    if kind == "string_type" and raw is not None:
        text, yaml_type = raw
        return (
            f"{field}: expected text, but YAML reads {text} as "
            f"{_YAML_TYPE_NAMES.get(yaml_type, yaml_type)};"
            f' put it in quotes: "{text}"'
        )
    if kind == "bool_type":
        shown = raw[0] if raw else repr(err.get("input"))
        return f"{field}: expected true or false, got {shown}"
    if kind == "string_pattern_mismatch":
        return (
            f"{field}: {err.get('input')!r} is not a valid id: use lower-case letters, digits "
            "and single hyphens (for example iron-th-cofactor)"
        )
    if kind == "literal_error":
        return f"{field}: {err['msg'][0].lower()}{err['msg'][1:]}, not {err.get('input')!r}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        want = "a list" if kind == "list_type" else "a mapping of keys"
        got = raw[0] if raw else type(err.get("input")).__name__
        return f"{field}: expected {want}, got {got}"
    if kind == "string_too_short":
        return f"{field}: must not be empty"
    msg = err["msg"]
    return f"{field}: {msg[0].lower()}{msg[1:]}"


def schema_problems(exc: ValidationError, located: Located) -> list[tuple[int, int, str]]:
    """(line, column, message) for each error, at the value (or key) it concerns."""
    known = _KNOWN_FIELDS
    out = []
    for err in exc.errors(include_url=False):
        path = _real_path(located.data, err["loc"])
        if err["type"] == "missing":
            line, col = located.where(path[:-1])
        elif err["type"] == "extra_forbidden":
            line, col = located.where(path, key=True)
        else:
            line, col = located.where(path)
        out.append((line, col, _message(dict(err), path, located, known)))
    return out


_KNOWN_FIELDS: set[str] = set().union(*(_fields_of(m) for m in FILE_MODELS.values()))

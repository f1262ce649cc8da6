"""Build frozen dataclasses from plain JSON-like data, collecting every error with its key path.

One converter serves both boundaries: the structured source (read by the build and by the engine)
and the case a user enters. The dataclass annotations are the schema.
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (a key path) and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


class InvalidData(ValueError):
    """Raised with every problem found, never only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def join(path: str, key: str | int) -> str:
    """A key path such as `statements[3].citations`; odd keys are quoted so a path stays one line."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    shown = key if _PLAIN_KEY.match(key) else json.dumps(key)
    return f"{path}.{shown}" if path else shown


def item_name(fields: Mapping[str, Any]) -> str | None:
    """How a key path names a list item: by its `id`, or a reference by its `key` (`statements[pain-radiation]`)."""
    name = fields.get("id", fields.get("key"))
    return str(name) if isinstance(name, (str, int)) else None


def _type_name(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) if not isinstance(a, str) else a for a in get_args(tp))
    if origin in (tuple, list):
        return "a list"
    if origin is dict:
        return "a mapping"
    if dataclasses.is_dataclass(tp):
        return "a mapping"
    return {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}.get(tp, str(tp))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=False)


@cache
def _fields(cls: type) -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in dataclasses.fields(cls) if f.init}  # derived fields are not data


def build(cls: type[T], data: Any, path: str, problems: list[Problem]) -> T | None:
    """Convert `data` to `cls`; append problems and return None where it does not fit."""
    result: T | None = _convert(cls, data, path, problems)
    return result


def _convert(tp: Any, value: Any, path: str, problems: list[Problem]) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if value is None:
            return None
        if len(options) == 1:
            return _convert(options[0], value, path, problems)
        for option in options:  # e.g. int | float: first that fits without problems
            trial: list[Problem] = []
            result = _convert(option, value, path, trial)
            if not trial:
                return result
        problems.append(Problem(path, f"must be {' or '.join(_type_name(o) for o in options)}"))
        return None
    if origin is Literal:
        allowed = get_args(tp)
        if isinstance(value, bool) and not any(isinstance(a, bool) for a in allowed):
            problems.append(Problem(path, f"must be {_type_name(tp)}"))
            return None
        if value not in allowed:
            problems.append(Problem(path, f"must be {_type_name(tp)} (got {value!r})"))
            return None
        return value
    if origin is tuple:
        (item_type, _ellipsis) = get_args(tp)
        if not isinstance(value, list):
            problems.append(Problem(path, "must be a list"))
            return None
        return tuple(_convert(item_type, v, join(path, i), problems) for i, v in enumerate(value))
    if origin is dict:
        key_type, value_type = get_args(tp)
        if not isinstance(value, dict):
            problems.append(Problem(path, "must be a mapping"))
            return None
        return {_convert(key_type, k, path, problems): _convert(value_type, v, join(path, str(k)), problems) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        return _convert_dataclass(tp, value, path, problems)
    if tp is bool:
        if not isinstance(value, bool):
            problems.append(Problem(path, f"must be true or false (got {value!r})"))
            return None
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(path, f"must be a whole number (got {value!r})"))
            return None
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            problems.append(Problem(path, f"must be a number (got {value!r})"))
            return None
        return value
    if tp is str:
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(path, f"must be a non-empty string (got {value!r})"))
            return None
        return value
    if tp is Any:
        return value
    raise TypeError(f"unsupported annotation {tp!r}")  # a programming error, not a data error


def _convert_dataclass(cls: Any, value: Any, path: str, problems: list[Problem]) -> Any:
    if not isinstance(value, dict):
        problems.append(Problem(path, "must be a mapping"))
        return None
    hints = _hints(cls)
    fields = _fields(cls)
    for key in value:
        if key not in fields:
            allowed = ", ".join(sorted(fields))
            problems.append(Problem(join(path, str(key)), f"unknown key (allowed: {allowed})"))
    kwargs: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in value:
            has_default = field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
            if not has_default:
                problems.append(Problem(join(path, name), "required field is missing"))
                kwargs[name] = None
            continue
        if value[name] is None and field.default is None:
            continue
        kwargs[name] = _convert(hints[name], value[name], join(path, name), problems)
    # Fields that failed hold None; callers raise InvalidData before such an object is used.
    return cls(**kwargs)

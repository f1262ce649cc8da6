"""Build frozen dataclasses from plain JSON-like data, collecting every error with its key path.

One converter serves both boundaries: the structured source (read by the build and by the engine)
and the case a user enters. The dataclass annotations are the schema.
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
from collections.abc import Callable, Mapping
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


# A key path while converting: the caller's text, or (parent path, key). Its text is made only for a
# problem: making it for every value took a sixth of the source's load, and the browser's engine
# loads its source (validated when the site was built) on every start.
KeyPath = str | tuple[Any, str | int]
Converter = Callable[[Any, KeyPath, list[Problem]], Any]


def _text(path: KeyPath) -> str:
    keys: list[str | int] = []
    while isinstance(path, tuple):
        path, key = path
        keys.append(key)
    for key in reversed(keys):
        path = join(path, key)
    return path


def _problem(problems: list[Problem], path: KeyPath, reason: str) -> None:
    problems.append(Problem(_text(path), reason))


def build(cls: type[T], data: Any, path: str, problems: list[Problem]) -> T | None:
    """Convert `data` to `cls`; append problems and return None where it does not fit."""
    annotation: Any = cls  # any annotation converts; a dataclass is what callers build
    result: T | None = _converter(annotation)(data, path, problems)
    return result


def prepare(*classes: type) -> None:
    """Work out now, not on the first value, the converters of these dataclasses and of every type
    they hold: a memory snapshot taken after holds them (build_scripts/make_snapshot.mjs), so that a
    restored engine's first source and first case build at their later speed."""
    pending: list[Any] = list(classes)
    seen: set[Any] = set()
    while pending:
        tp = pending.pop()
        if tp in seen:
            continue
        seen.add(tp)
        _converter(tp)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            _allowed(tp)
            _field_plan(tp)
            hints = get_type_hints(tp)
            pending += [hints[name] for name in _fields(tp)]
        elif get_origin(tp) is not Literal:  # a Literal holds values, not types
            pending += [a for a in get_args(tp) if a is not Ellipsis]


@cache
def _converter(tp: Any) -> Converter:
    """The conversion to one annotation, worked out once per annotation (not once per value)."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return _union([a for a in get_args(tp) if a is not type(None)])
    if origin is Literal:
        return _literal(tp)
    if origin is tuple:
        (item_type, _ellipsis) = get_args(tp)
        return _sequence(item_type)
    if origin is dict:
        return _mapping(*get_args(tp))
    if dataclasses.is_dataclass(tp):
        return _dataclass(tp)
    scalar = _SCALARS.get(tp)
    if scalar is not None:
        return scalar

    def unsupported(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
        raise TypeError(f"unsupported annotation {tp!r}")  # a programming error, not a data error

    return unsupported


# The converters of what an annotation holds are worked out with it: this cannot recurse without end,
# since a dataclass's converter looks up its fields' only when it first converts a value.
def _union(options: list[Any]) -> Converter:
    converters = [_converter(o) for o in options]
    if len(converters) == 1:
        (only,) = converters

        def optional(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
            return None if value is None else only(value, path, problems)

        return optional
    expected = " or ".join(_type_name(o) for o in options)

    def union(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
        if value is None:
            return None
        for convert in converters:  # e.g. int | float: first that fits without problems
            trial: list[Problem] = []
            result = convert(value, path, trial)
            if not trial:
                return result
        _problem(problems, path, f"must be {expected}")
        return None

    return union


def _literal(tp: Any) -> Converter:
    allowed = get_args(tp)
    booleans_allowed = any(isinstance(a, bool) for a in allowed)
    expected = _type_name(tp)

    def literal(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
        if isinstance(value, bool) and not booleans_allowed:
            _problem(problems, path, f"must be {expected}")
            return None
        if value not in allowed:
            _problem(problems, path, f"must be {expected} (got {value!r})")
            return None
        return value

    return literal


def _sequence(item_type: Any) -> Converter:
    item = _converter(item_type)

    def sequence(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
        if not isinstance(value, list):
            _problem(problems, path, "must be a list")
            return None
        return tuple([item(v, (path, i), problems) for i, v in enumerate(value)])

    return sequence


def _mapping(key_type: Any, value_type: Any) -> Converter:
    key, item = _converter(key_type), _converter(value_type)

    def mapping(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
        if not isinstance(value, dict):
            _problem(problems, path, "must be a mapping")
            return None
        return {key(k, path, problems): item(v, (path, str(k)), problems) for k, v in value.items()}

    return mapping


def _dataclass(cls: Any) -> Converter:
    # The fields' converters are looked up when a value is converted, not here: a dataclass may hold
    # its own type, and get_type_hints needs every annotation's class defined.
    def dataclass_value(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
        if not isinstance(value, dict):
            _problem(problems, path, "must be a mapping")
            return None
        fields = _fields(cls)
        for key in value:
            if key not in fields:
                _problem(problems, (path, str(key)), f"unknown key (allowed: {_allowed(cls)})")
        kwargs: dict[str, Any] = {}
        for name, convert, has_default, none_by_default in _field_plan(cls):
            if name not in value:
                if not has_default:
                    _problem(problems, (path, name), "required field is missing")
                    kwargs[name] = None
                continue
            item = value[name]
            if item is None and none_by_default:
                continue
            kwargs[name] = convert(item, (path, name), problems)
        # Fields that failed hold None; callers raise InvalidData before such an object is used.
        return cls(**kwargs)

    return dataclass_value


@cache
def _fields(cls: type) -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in dataclasses.fields(cls) if f.init}  # derived fields are not data


@cache
def _allowed(cls: type) -> str:
    return ", ".join(sorted(_fields(cls)))


@cache
def _field_plan(cls: type) -> tuple[tuple[str, Converter, bool, bool], ...]:
    """Each data field: its name, its converter, whether it has a default, whether that is None."""
    hints = get_type_hints(cls, include_extras=False)
    return tuple(
        (
            name,
            _converter(hints[name]),
            field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING,
            field.default is None,
        )
        for name, field in _fields(cls).items()
    )


def _boolean(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
    if not isinstance(value, bool):
        _problem(problems, path, f"must be true or false (got {value!r})")
        return None
    return value


def _whole_number(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        _problem(problems, path, f"must be a whole number (got {value!r})")
        return None
    return value


def _number(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        _problem(problems, path, f"must be a number (got {value!r})")
        return None
    return value


def _string(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
    if not isinstance(value, str) or not value.strip():
        _problem(problems, path, f"must be a non-empty string (got {value!r})")
        return None
    return value


def _anything(value: Any, path: KeyPath, problems: list[Problem]) -> Any:
    return value


_SCALARS: dict[Any, Converter] = {bool: _boolean, int: _whole_number, float: _number, str: _string, Any: _anything}

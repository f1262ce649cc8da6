"""A case's raw JSON text -> plain data, strictly and within fixed bounds, before the engine sees it
(an exported source passed to `--source` is read the same way, within its own `JsonBounds`).

Python's json module alone reads input of any size, keeps the last of duplicate keys, converts
integers of any length (and raises past 4,300 digits) and nests until the interpreter's recursion
limit. A case is a flat object of a few hundred bytes, so each bound below is far above any real case
and far below what costs time or memory. Every refusal is one line naming what is wrong, and every
step takes time linear in the text's length (no pattern here can backtrack).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, TextIO

from .typed_data import Problem, join

MAX_INTEGER_DIGITS = 20  # every whole-number field is far shorter
MAX_PROBLEMS_SHOWN = 20
MAX_REASON_CHARS = 300

# A JSON string, or the rest of the text after an unclosed quote. The possessive quantifiers never
# give back what they matched, and an unclosed string ends at the end of the text, so no quote is
# scanned twice (a backtracking pattern took 27 s of CPU on 80 kB of escaped quotes).
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


@dataclass(frozen=True)
class JsonBounds:
    """How much one kind of JSON text may hold, and the words its refusals use for it."""

    name: str  # "case": "the case is larger than ..."
    what_it_is: str  # the hint after a size or count refusal
    max_bytes: int
    max_values: int  # each costs the engine a check and perhaps an error
    max_nesting: int  # objects and lists inside one another


CASE = JsonBounds("case", "a case is a short JSON object", max_bytes=1_000_000, max_values=1_000, max_nesting=16)  # a case nests 2 deep


class JsonTextError(ValueError):
    """The text cannot be read as JSON within its bounds; `str(error)` is the one line to show."""


@dataclass(frozen=True)
class _LongInteger:
    """Stands in for an integer literal too long to convert, so that its key path can be named."""

    digits: int


def read_bounded(stream: TextIO, bounds: JsonBounds = CASE) -> str:
    """At most max_bytes of a stream (a file, standard input, /dev/zero), never the whole of a larger one."""
    text = stream.read(bounds.max_bytes + 1)
    _check_size(text, bounds)
    return text


def parse_json_text(text: str, bounds: JsonBounds = CASE) -> Any:
    """Plain JSON data from the text, or JsonTextError with one line naming the problem."""
    _check_size(text, bounds)
    _check_shape(text, bounds)
    long_integers: list[_LongInteger] = []

    def bounded_int(literal: str) -> int | _LongInteger:
        digits = len(literal.lstrip("-"))
        if digits <= MAX_INTEGER_DIGITS:
            return int(literal)
        long_integers.append(_LongInteger(digits))
        return long_integers[-1]

    try:
        data = json.loads(text, object_pairs_hook=_unique_keys(bounds), parse_int=bounded_int, parse_constant=_no_constant(bounds))
    except json.JSONDecodeError as error:
        raise JsonTextError(f"the {bounds.name} is not valid JSON: {error}") from None
    if long_integers:
        found = _first_long_integer(data, "")
        assert found is not None  # the parse just produced one
        path, digits = found
        where = f"{path}: " if path else ""
        raise JsonTextError(f"{where}a whole number of {digits:,} digits is not read (at most {MAX_INTEGER_DIGITS})")
    return data


def shown_problems(problems: list[Problem]) -> tuple[list[Problem], int]:
    """The problems to show, each reason clipped to one short line, and how many more there are."""
    shown = [Problem(_clip(p.path), _clip(p.reason)) for p in problems[:MAX_PROBLEMS_SHOWN]]
    return shown, max(0, len(problems) - MAX_PROBLEMS_SHOWN)


def more_problems_line(hidden: int) -> str:
    return f"and {hidden:,} more problem{'s' if hidden != 1 else ''} (the first {MAX_PROBLEMS_SHOWN} are shown)"


def _clip(text: str) -> str:
    line = " ".join(text.split()) if "\n" in text or "\r" in text else text
    return line if len(line) <= MAX_REASON_CHARS else line[: MAX_REASON_CHARS - 1] + "…"


def _check_size(text: str, bounds: JsonBounds) -> None:
    # Characters never outnumber UTF-8 bytes, so the cheap length test comes first.
    if len(text) > bounds.max_bytes or len(text.encode("utf-8", "surrogatepass")) > bounds.max_bytes:
        raise JsonTextError(f"the {bounds.name} is larger than {bounds.max_bytes:,} bytes; {bounds.what_it_is}")


def _check_shape(text: str, bounds: JsonBounds) -> None:
    # Counted outside strings, before json's recursive parser could exhaust the stack and before the
    # engine spends time on each of a million values.
    outside_strings = _STRING.sub('""', text)
    values = outside_strings.count(",") + 1
    if values > bounds.max_values:
        raise JsonTextError(f"the {bounds.name} holds about {values:,} values (at most {bounds.max_values:,}); {bounds.what_it_is}")
    brackets = _NOT_BRACKET.sub("", outside_strings)
    deepest = max(accumulate(_BRACKET_STEP[b] for b in brackets), default=0)
    if deepest > bounds.max_nesting:
        raise JsonTextError(f"the {bounds.name} nests lists or objects {deepest:,} deep (at most {bounds.max_nesting})")


def _unique_keys(bounds: JsonBounds) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, value in pairs:
            if key in data:
                raise JsonTextError(f"{_clip(join('', key))}: the key is given more than once (a {bounds.name} gives each field once)")
            data[key] = value
        return data

    return unique


def _no_constant(bounds: JsonBounds) -> Callable[[str], Any]:
    def refuse(name: str) -> Any:
        raise JsonTextError(f"the {bounds.name} is not valid JSON: {name} is not a JSON number")

    return refuse


def _first_long_integer(value: Any, path: str) -> tuple[str, int] | None:
    if isinstance(value, _LongInteger):
        return _clip(path), value.digits
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        found = _first_long_integer(child, join(path, key))
        if found:
            return found
    return None

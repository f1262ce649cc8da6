"""The structured source the engine interprets (exported from content/guideline.yaml as JSON).

CPython (the command line, the tests) reads the copy packaged beside the engine. The browser ships
the source as its own file instead, so that the engine's wheel and memory snapshot stay the same
when only the content changes, and hands its text over with `use_source`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from .case_input import JsonBounds, parse_json_text
from .guideline import Guideline
from .typed_data import InvalidData, Problem
from .validation import load_guideline

# The exported source is about 80 kB of 2,000 values nested 7 deep; the YAML reader allows 24 levels, plus the wrapper.
SOURCE = JsonBounds("source", "an exported source is one JSON object of about 80 kB", max_bytes=10_000_000, max_values=200_000, max_nesting=25)


@dataclass(frozen=True)
class PackagedSource:
    guideline: Guideline
    source_sha256: str


def parse_packaged(text: str, *, validated_at_build: bool = False) -> PackagedSource:
    """The exported source from its JSON text; raises JsonTextError (beyond its bounds) or InvalidData.
    `validated_at_build`: see `load_guideline`; these bytes also passed the bounded reading, so the
    plain one gives the same document (a quarter of the time)."""
    document = json.loads(text) if validated_at_build else parse_json_text(text, SOURCE)
    if not isinstance(document, dict) or not isinstance(document.get("source_sha256"), str) or "guideline" not in document:
        raise InvalidData([Problem("", "an exported source is a JSON object with guideline and source_sha256 (from build_scripts.export_source)")])
    return PackagedSource(load_guideline(document["guideline"], validated_at_build=validated_at_build), document["source_sha256"])


_handed_over: PackagedSource | None = None


def use_source(text: str, *, validated_at_build: bool = False) -> None:
    """From now on the engine interprets this exported source (validated here unless it was when the
    site was built, see `load_guideline`; raises InvalidData)."""
    global _handed_over
    _handed_over = parse_packaged(text, validated_at_build=validated_at_build)


def packaged_source() -> PackagedSource:
    """The source the engine interprets: the one handed over, else the packaged copy."""
    return _handed_over or _packaged_copy()


@lru_cache(maxsize=1)
def _packaged_copy() -> PackagedSource:
    """Loaded and validated once per process."""
    from importlib import resources  # here: the browser, which hands its source over, never imports it (a 14 ms import of 90 in CPython)

    text = resources.files("hemangioma_calc.data").joinpath("guideline.json").read_text(encoding="utf-8")
    return parse_packaged(text)

"""The structured source the engine interprets (exported from content/guideline.yaml as JSON).

CPython (the command line, the tests) reads the copy packaged beside the engine. The browser ships
the source as its own file instead, so that the engine's wheel and memory snapshot stay the same
when only the content changes, and hands its text over with `use_source`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .guideline import Guideline
from .validation import load_guideline


@dataclass(frozen=True)
class PackagedSource:
    guideline: Guideline
    source_sha256: str


def parse_packaged(text: str) -> PackagedSource:
    document = json.loads(text)
    return PackagedSource(load_guideline(document["guideline"]), document["source_sha256"])


_handed_over: PackagedSource | None = None


def use_source(text: str) -> None:
    """From now on the engine interprets this exported source (validated here; raises InvalidData)."""
    global _handed_over
    _handed_over = parse_packaged(text)


def packaged_source() -> PackagedSource:
    """The source the engine interprets: the one handed over, else the packaged copy."""
    return _handed_over or _packaged_copy()


@lru_cache(maxsize=1)
def _packaged_copy() -> PackagedSource:
    """Loaded and validated once per process."""
    text = resources.files("hemangioma_calc.data").joinpath("guideline.json").read_text(encoding="utf-8")
    return parse_packaged(text)

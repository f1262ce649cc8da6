"""The structured source as packaged with the engine (exported from content/guideline.yaml)."""

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


@lru_cache(maxsize=1)
def packaged_source() -> PackagedSource:
    """Load and validate once per process; the engine never reads anything else."""
    text = resources.files("hemangioma_calc.data").joinpath("guideline.json").read_text(encoding="utf-8")
    return parse_packaged(text)

"""Read the YAML source into the validated model, and write the engine's JSON copy of it.

The build reads the source once (`load_source`) and hands the result to every step.
Errors are reported as `file: key.path: reason`, one line each, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hemangioma_calc.guideline import Guideline
from hemangioma_calc.typed_data import InvalidData
from hemangioma_calc.validation import load_guideline

from .source_yaml import UnreadableYaml, read_yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "content" / "guideline.yaml"
PACKAGED_SOURCE = ROOT / "calculator" / "hemangioma_calc" / "data" / "guideline.json"


class SourceError(Exception):
    """A broken source: the message lists every problem, one per line."""


@dataclass(frozen=True)
class Source:
    """The source as read once per build: its file, its plain data, the validated model."""

    path: Path
    raw: dict[str, Any]
    guideline: Guideline
    sha256: str


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def load_source(path: Path = DEFAULT_SOURCE) -> Source:
    name = _display(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{name}: cannot read: {error.strerror}") from None
    try:
        raw = read_yaml(data)
        return Source(path, raw, load_guideline(raw), hashlib.sha256(data).hexdigest())
    except (UnreadableYaml, InvalidData) as error:
        raise SourceError("\n".join(f"{name}: {problem}" for problem in error.problems)) from None


def export_json(source: Source, out: Path = PACKAGED_SOURCE) -> None:
    """Write the validated data with the hash of the YAML it came from (deterministic bytes)."""
    document = {"source_sha256": source.sha256, "guideline": source.raw}
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")

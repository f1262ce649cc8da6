"""Read the YAML source into the validated model, and write the engine's JSON copy of it.

Errors are reported as `file: key.path: reason`, one line each, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT / "content" / "guideline.yaml"
PACKAGED_SOURCE = ROOT / "calculator" / "hemangioma_calc" / "data" / "guideline.json"
sys.path.insert(0, str(ROOT / "calculator"))

from hemangioma_calc.guideline import Guideline  # noqa: E402
from hemangioma_calc.validation import load_guideline  # noqa: E402
from hemangioma_calc.typed_data import InvalidData  # noqa: E402


class SourceError(Exception):
    """A broken source: the message lists every problem, one per line."""


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def read_source(path: Path = DEFAULT_SOURCE) -> tuple[dict[str, Any], Guideline]:
    name = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SourceError(f"{name}: cannot read: {error.strerror}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "?"
        raise SourceError(f"{name}: {where}: not valid YAML: {getattr(error, 'problem', error)}") from None
    try:
        return raw, load_guideline(raw)
    except InvalidData as error:
        raise SourceError("\n".join(f"{name}: {problem}" for problem in error.problems)) from None


def source_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_json(raw: dict[str, Any], source: Path, out: Path) -> None:
    """Write the validated data with the hash of the YAML it came from (deterministic bytes)."""
    document = {"source_sha256": source_sha256(source), "guideline": raw}
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")

"""JSON text in, JSON text out: the boundary the browser worker calls (plain data across it)."""

from __future__ import annotations

import gc
import json

from .plan import evaluate
from .typed_data import InvalidData

WARM_UP_CASES = (
    '{"age": 66, "sex": "male", "level": "T6", "pain": "present", "neurological_deficit": true,'
    ' "antithrombotic": "dabigatran", "anesthesia": "neuraxial"}',
    '{"age": 10}',
)


def evaluate_json(case_text: str) -> str:
    """`{"ok": true, "plan": ...}` or `{"ok": false, "errors": [{"field", "reason"}]}`; never raises on input."""
    try:
        data = json.loads(case_text)
    except json.JSONDecodeError as error:
        return json.dumps({"ok": False, "errors": [{"field": "", "reason": f"the case is not valid JSON: {error}"}]})
    try:
        plan = evaluate(data)
    except InvalidData as error:
        errors = [{"field": p.path.split(".")[0].split("[")[0], "reason": p.reason, "path": p.path} for p in error.problems]
        return json.dumps({"ok": False, "errors": errors})
    return json.dumps({"ok": True, "plan": plan}, ensure_ascii=False, separators=(",", ":"))


def settle() -> None:
    """Run every lazy path once, then freeze the objects that exist into the permanent generation,
    so that later garbage collections stay short (no pauses while the user types)."""
    for case in WARM_UP_CASES:
        evaluate_json(case)
    gc.collect()
    gc.freeze()

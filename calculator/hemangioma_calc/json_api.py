"""JSON text in, JSON text out: the boundary the browser worker calls (plain data across it)."""

from __future__ import annotations

import json

from .plan import evaluate, plan_json
from .typed_data import InvalidData


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
    return '{"ok": true, "plan": ' + plan_json(plan).rstrip("\n") + "}"

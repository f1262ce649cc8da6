"""The public contract is frozen: the case's JSON Schema and the plan's shape.

A change here must be a deliberate edit of the frozen copies in tests/contract/ (and a note for
everyone who consumes the JSON: the browser page, scripts, integrations).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hemangioma_calc.case import case_json_schema
from hemangioma_calc.packaged import packaged_source
from hemangioma_calc.plan import evaluate

FROZEN = Path(__file__).parent / "contract"
RICH_CASE = {
    "age": 66, "sex": "male", "level": "T6", "pain": "present", "neurological_deficit": True,
    "antithrombotic": "warfarin", "inr": 2.8, "cancer_history": True, "osteoporosis": True,
}  # fmt: skip


def shape(plan: dict[str, Any]) -> dict[str, Any]:
    return {
        "plan": list(plan),
        "case": list(plan["case"]),
        "card_item": list(plan["card"][0]),
        "conclusion": list(plan["conclusions"][0]),
        "evidence": list(plan["evidence"][0]),
        "perioperative": list(plan["perioperative"]),
        "assumption": list(plan["assumptions"][0]) if plan["assumptions"] else None,
        "reference": list(plan["references"][0]),
        "provenance": list(plan["provenance"]),
    }


def _frozen(name: str) -> Any:
    return json.loads((FROZEN / name).read_text())


def test_case_schema_is_frozen():
    current = case_json_schema(packaged_source().guideline)
    assert current == _frozen("case_schema.json"), "the case schema changed: edit tests/contract/case_schema.json deliberately"


def test_plan_shape_is_frozen():
    assert shape(evaluate(RICH_CASE)) == _frozen("plan_shape.json"), "the plan's keys changed: edit tests/contract/plan_shape.json deliberately"

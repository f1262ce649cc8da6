"""The public contract is frozen: the case's JSON Schema and the plan's shape.

What is frozen is the shape, not the content: the schema's lists of the source's drugs and reasons
for anticoagulation (and their labels) are frozen as placeholders, so a drug added by data alone
changes no contract. A change here is deliberate: `make contract` (this module run as a script)
rewrites the frozen copies in tests/contract/; say so to everyone who consumes the JSON (the
browser page, scripts, integrations).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hemangioma_calc.case import case_json_schema
from hemangioma_calc.guideline import Guideline
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


def without_content(schema: Any, g: Guideline) -> Any:
    """The schema with every list of the source's drugs or reasons, every table of their labels and
    every run of drug labels in a text, a placeholder."""
    lists = {"<drug ids of the source>": {d.id for d in g.antithrombotics}, "<reason ids of the source>": {r.id for r in g.thrombotic_risk.reasons}}

    def of_source(ids: Any) -> str | None:
        return next((name for name, known in lists.items() if ids and set(ids) <= known), None)

    if isinstance(schema, str):  # a field's help names the drugs it applies to, in the source's words
        labels = sorted((d.label for d in g.antithrombotics if d.id != "none"), key=len, reverse=True)
        text = re.sub("|".join(map(re.escape, labels)), "<drug>", schema)
        return re.sub(r"<drug>(, <drug>)*", "<drug labels of the source>", text)
    if isinstance(schema, list):
        ids = [v for v in schema if v is not None]  # an optional field's enum ends in null
        if all(isinstance(v, str) for v in ids) and (name := of_source(ids)):
            return name + (", or null" if None in schema else "")
    if isinstance(schema, dict):
        if (name := of_source(schema)) and all(isinstance(v, str) for v in schema.values()):
            return name.replace("ids", "labels")
        return {key: without_content(value, g) for key, value in schema.items()}
    return schema


def contract() -> dict[str, Any]:
    """The frozen files' contents, as the engine gives them now."""
    g = packaged_source().guideline
    return {"case_schema.json": without_content(case_json_schema(g), g), "plan_shape.json": shape(evaluate(RICH_CASE))}


def _frozen(name: str) -> Any:
    return json.loads((FROZEN / name).read_text())


def test_case_schema_is_frozen():
    assert contract()["case_schema.json"] == _frozen("case_schema.json"), "the case schema changed: `make contract` freezes it, deliberately"


def test_plan_shape_is_frozen():
    assert contract()["plan_shape.json"] == _frozen("plan_shape.json"), "the plan's keys changed: `make contract` freezes them, deliberately"


if __name__ == "__main__":  # make contract
    for name, content in contract().items():
        (FROZEN / name).write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"froze tests/contract/{name}")

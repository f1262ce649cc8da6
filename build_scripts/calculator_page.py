"""The calculator page: its form generated from the engine's case schema, so the two cannot drift.

Presentation only: which widget shows a field. Values, labels, help, units, ranges, groups and when
a field applies all come from the schema (and so from the inputs' declarations and the source).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment

from hemangioma_calc.case import case_json_schema
from hemangioma_calc.guideline import Guideline
from hemangioma_calc.inputs import GROUPS


@dataclass
class FormField:
    name: str
    label: str
    help: str
    widget: str  # select | yesno | checkboxes | number
    required: bool  # the engine needs it, or the form waits for it (it decides the pathway...): no plan until it is answered
    unit: str | None = None
    options: list[tuple[str, str]] = field(default_factory=list)
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    step: str = "1"
    applies_when: str | None = None  # JSON: {"field": [values]}
    waits_when: str | None = None  # JSON: {"field": [values]}: required only while these hold
    unknown: str | None = None  # the words of an explicit "not known" answer beside a number


def form_fields(schema: dict[str, Any]) -> list[tuple[str, list[FormField]]]:
    """The form's groups in the order it asks them (`inputs.GROUPS`), each field in declaration order."""
    props, required = schema["properties"], set(schema["required"])
    groups: dict[str, list[FormField]] = {title: [] for title in GROUPS}
    for name, prop in props.items():
        groups[prop["x-group"]].append(_field(name, prop, name in required or prop.get("x-form-waits", False)))
    return [(title, fields) for title, fields in groups.items() if fields]


def _field(name: str, prop: dict[str, Any], required: bool) -> FormField:
    f = FormField(name=name, label=prop["title"], help=prop["description"], widget="number", required=required,
                  unit=prop.get("x-unit"), default=prop.get("default"))  # fmt: skip
    labels = prop.get("x-enum-labels", {})
    if "enum" in prop:
        f.widget = "select"
        f.options = [(v, labels.get(v, v)) for v in prop["enum"] if v is not None]
    elif "boolean" in prop.get("type", ()):
        f.widget = "yesno"  # two explicit answers, none chosen: not answering never means no
    elif prop.get("type") == "array":
        f.widget = "checkboxes"
        f.options = [(v, labels.get(v, v)) for v in prop["items"]["enum"]]
    else:
        f.minimum, f.maximum = prop.get("minimum"), prop.get("maximum")
        f.step = "1" if "integer" in prop["type"] else "any"
    if "x-applies-when" in prop:
        f.applies_when = json.dumps(prop["x-applies-when"], sort_keys=True)
    if "x-form-waits-when" in prop:
        f.waits_when = json.dumps(prop["x-form-waits-when"], sort_keys=True)
    f.unknown = prop.get("x-unknown-answer")
    return f


@dataclass(frozen=True)
class ScopeNote:
    """The source's scope, split for the calculator's "When to use" block."""

    use: str
    not_for: str  # empty when the scope names no exclusions


def scope_note(scope: str) -> ScopeNote:
    use, _, not_for = scope.partition("Out of scope:")
    return ScopeNote(use.strip(), not_for.strip())


def readable_case(schema: dict[str, Any], case: dict[str, Any]) -> list[tuple[str, str]]:
    """A case's fields as (label, value) in words, as the form shows them (for the worked cases page)."""
    rows = []
    for name, value in case.items():
        prop = schema["properties"][name]
        labels = prop.get("x-enum-labels", {})
        unit = f" {prop['x-unit']}" if "x-unit" in prop else ""
        if isinstance(value, bool):
            text = "Yes" if value else "No"
        elif isinstance(value, list):
            text = ", ".join(labels.get(v, v) for v in value) or "None"
        elif isinstance(value, str):
            text = labels.get(value, value)
        else:
            text = f"{value}{unit}"
        rows.append((prop["title"], text))
    return rows


def render_calculator_page(env: Environment, guideline: Guideline) -> str:
    schema = case_json_schema(guideline)
    worked = [{"id": c.id, "title": c.title, "case": c.case} for c in guideline.cases]
    # No source hash here: each plan states the hash of the source its engine loaded, and a page
    # that carried it would change (and be downloaded again) with every statement of the source.
    page_data = {"version": guideline.metadata.version, "last_reviewed": guideline.metadata.last_reviewed}
    return env.get_template("calculator.md.j2").render(
        groups=form_fields(schema),
        worked_cases=worked,
        worked_json=json.dumps(worked, sort_keys=True),
        page_json=json.dumps(page_data, sort_keys=True),
        meta=guideline.metadata,
        scope=scope_note(guideline.metadata.scope),
    )


def write_calculator_page(env: Environment, guideline: Guideline, docs: Path) -> Path:
    out = docs / "calculator.md"
    text = render_calculator_page(env, guideline)
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    return out

"""The case a clinician enters: its fields, their validation, and its JSON Schema.

Types and fixed choices live in the `Case` annotations; the drugs, the reasons for anticoagulation,
which drug-dependent fields apply to which drugs, and the plausible ranges all come from the source.
Labels and help text come from `wording` (presentation).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin, get_type_hints

from .guideline import Guideline
from .source_ids import INPUT_RANGES, RANGE_KEYS
from .typed_data import InvalidData, Problem, build
from .wording import FIELD_TEXT, VALUE_LABELS, number

Level = Literal[
    "C1", "C2", "C3", "C4", "C5", "C6", "C7",
    "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12",
    "L1", "L2", "L3", "L4", "L5",
    "S1", "S2", "S3", "S4", "S5",
]  # fmt: skip
AggressiveFeature = Literal["bony_expansion", "epidural_extension", "extraosseous_extension"]
Region = Literal["cervical", "thoracic", "lumbar", "sacral"]
REGIONS: dict[str, Region] = {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}


@dataclass(frozen=True)
class Case:
    age: int
    sex: Literal["female", "male"]
    level: Level
    pain: Literal["none", "present", "refractory"]
    neurological_deficit: bool
    aggressive_features: tuple[AggressiveFeature, ...] = ()
    compression_fracture: bool = False
    instability: bool = False
    cancer_history: bool = False
    imaging_typical: Literal["typical", "atypical", "not_assessed"] | None = None
    osteoporosis: bool = False
    antithrombotic: str = "none"  # a drug id of the source
    anticoagulation_reason: str | None = None  # a thrombotic-risk reason id of the source
    inr: float | None = None
    creatinine_clearance: float | None = None
    hours_since_last_dose: float | None = None
    anesthesia: Literal["general", "neuraxial", "undecided"] = "undecided"
    planned_radiation_dose_cgy: int | None = None
    planned_resection: Literal["gross_total", "subtotal", "en_bloc"] | None = None
    planned_vertebroplasty_alone: bool = False
    surgery_timing: Literal["urgent", "planned"] | None = None

    @property
    def region(self) -> Region:
        return REGIONS[self.level[0]]

    @property
    def timing(self) -> Literal["urgent", "planned"]:
        """Urgent by default with a deficit, planned otherwise (the field overrides)."""
        if self.surgery_timing is not None:
            return self.surgery_timing
        return "urgent" if self.neurological_deficit else "planned"

    def to_json(self) -> dict[str, Any]:
        """The case with every default filled in, as echoed in the plan."""
        data = dataclasses.asdict(self)
        data["aggressive_features"] = list(self.aggressive_features)
        data["surgery_timing"] = self.timing
        return data


def field_range(guideline: Guideline, name: str) -> tuple[float, float]:
    low, high = RANGE_KEYS[name]
    return (
        guideline.assumption_value(INPUT_RANGES, low),
        guideline.assumption_value(INPUT_RANGES, high),
    )


def drug_fields(guideline: Guideline) -> dict[str, list[str]]:
    """Each drug-dependent field, with the drugs (by their class) it applies to."""
    return {
        "anticoagulation_reason": guideline.drugs_where(lambda c: c.asks_thrombotic_risk),
        "inr": guideline.drugs_where(lambda c: c.lab == "inr"),
        "creatinine_clearance": guideline.drugs_where(lambda c: c.lab == "crcl"),
        "hours_since_last_dose": guideline.drugs_where(lambda c: c.asks_last_dose),
    }


def _drug_labels(guideline: Guideline, ids: list[str]) -> str:
    return ", ".join(guideline.drug(i).label for i in ids)


def _choices(guideline: Guideline) -> dict[str, dict[str, str]]:
    """The fields whose allowed values are ids of the source, with the labels of those values."""
    return {
        "antithrombotic": {d.id: d.label for d in guideline.antithrombotics},
        "anticoagulation_reason": {r.id: r.label for r in guideline.thrombotic_risk.reasons},
    }


def parse_case(data: Any, guideline: Guideline) -> Case:
    """Validate plain JSON data into a Case; raise InvalidData naming every field that is wrong."""
    if not isinstance(data, dict):
        raise InvalidData([Problem("case", "must be a JSON object with the case's fields")])
    problems: list[Problem] = []
    case = build(Case, data, "", problems)
    if "age" in data and isinstance(data["age"], int) and not isinstance(data["age"], bool):
        adult_age = field_range(guideline, "age")[0]
        if data["age"] < adult_age:
            problems.append(Problem("age", f"this calculator is for adults ({number(adult_age)} years and over)"))
    for name in RANGE_KEYS:
        value = data.get(name)
        if case is None or value is None or getattr(case, name, None) is None:
            continue
        low, high = field_range(guideline, name)
        if name == "age" and value < low:
            continue  # reported above, in words about adults
        if not low <= value <= high:
            unit = FIELD_TEXT[name].unit
            problems.append(Problem(name, f"must be between {number(low)} and {number(high)}{' ' + unit if unit else ''} (got {value!r})"))
    for name, allowed in _choices(guideline).items():
        value = data.get(name)
        if isinstance(value, str) and value not in allowed:
            problems.append(Problem(name, f"must be one of {', '.join(allowed)} (got {value!r})"))
    features = data.get("aggressive_features")
    if isinstance(features, list) and len(set(map(str, features))) != len(features):
        problems.append(Problem("aggressive_features", "lists a feature more than once"))
    if case is not None and not problems:
        problems.extend(_contradictions(case, guideline))
    if problems or case is None:
        raise InvalidData(problems)
    return case


def _contradictions(case: Case, guideline: Guideline) -> list[Problem]:
    """Valid values that cannot all be true of one patient."""
    problems = []
    for name, drugs in drug_fields(guideline).items():
        if getattr(case, name) is not None and case.antithrombotic not in drugs:
            problems.append(Problem(name, f"applies only with {_drug_labels(guideline, drugs)} (antithrombotic is {case.antithrombotic!r})"))
    if case.planned_vertebroplasty_alone and case.planned_resection is not None:
        problems.append(Problem("planned_vertebroplasty_alone", "cannot be true when a resection is planned (planned_resection)"))
    return problems


def _schema_for(tp: Any) -> dict[str, Any]:
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is Literal:
        return {"enum": list(args)}
    if origin is tuple:
        return {"type": "array", "items": _schema_for(args[0]), "uniqueItems": True}
    if args and type(None) in args:  # optional: null means "not given"
        (inner,) = [a for a in args if a is not type(None)]
        schema = _schema_for(inner)
        if "enum" in schema:
            return {"enum": [*schema["enum"], None]}
        return {"type": [schema["type"], "null"]}
    return {bool: {"type": "boolean"}, int: {"type": "integer"}, float: {"type": "number"}, str: {"type": "string"}}[tp]


def case_json_schema(guideline: Guideline) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the case, with labels, units and when a field applies."""
    hints = get_type_hints(Case)
    choices = _choices(guideline)
    applies = drug_fields(guideline)
    properties: dict[str, Any] = {}
    required = []
    for field in dataclasses.fields(Case):
        text = FIELD_TEXT[field.name]
        description = text.help.format(drugs=_drug_labels(guideline, applies[field.name])) if field.name in applies else text.help
        schema = _schema_for(hints[field.name])
        if field.name in choices:
            nullable = field.default is None
            schema = {"enum": [*choices[field.name], *([None] if nullable else [])]}
        prop: dict[str, Any] = {"title": text.label, "description": description, **schema}
        if text.unit:
            prop["x-unit"] = text.unit
        if field.name in RANGE_KEYS:
            prop["minimum"], prop["maximum"] = field_range(guideline, field.name)
        values = [v for v in prop.get("enum") or prop.get("items", {}).get("enum") or () if v is not None]
        if values:
            labels = choices.get(field.name, {})
            prop["x-enum-labels"] = {v: labels.get(v) or VALUE_LABELS.get(v, v) for v in values}
        if field.default is dataclasses.MISSING:
            required.append(field.name)
        elif field.default is not None:
            prop["default"] = list(field.default) if isinstance(field.default, tuple) else field.default
        if field.name in applies:
            prop["x-applies-when"] = {"antithrombotic": applies[field.name]}
        properties[field.name] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Vertebral hemangioma case",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }

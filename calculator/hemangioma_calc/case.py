"""The case a clinician enters: its fields, their validation, and its JSON Schema.

Types and allowed values live in the `Case` annotations; plausible ranges come from the source's
`input-ranges` assumption; labels and help text here are presentation for the form and the CLI.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin, get_type_hints

from .guideline import Guideline
from .typed_data import InvalidData, Problem, build

Level = Literal[
    "C1", "C2", "C3", "C4", "C5", "C6", "C7",
    "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12",
    "L1", "L2", "L3", "L4", "L5",
    "S1", "S2", "S3", "S4", "S5",
]  # fmt: skip
AggressiveFeature = Literal["bony_expansion", "epidural_extension", "extraosseous_extension"]
Agent = Literal[
    "none", "aspirin", "clopidogrel", "prasugrel", "ticagrelor", "warfarin", "apixaban",
    "rivaroxaban", "edoxaban", "dabigatran", "lmwh_prophylactic", "lmwh_therapeutic",
]  # fmt: skip
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
    osteoporosis: bool = False
    antithrombotic: Agent = "none"
    inr: float | None = None
    creatinine_clearance: float | None = None
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


@dataclass(frozen=True)
class FieldText:
    label: str
    help: str
    unit: str | None = None


# Labels and help for the form and the CLI; presentation only.
FIELD_TEXT: dict[str, FieldText] = {
    "age": FieldText("Age", "Age in whole years; the calculator is for adults.", "years"),
    "sex": FieldText("Sex", "Sex recorded for risk stratification."),
    "level": FieldText("Level of the lesion", "The vertebra that holds the hemangioma; the region drives the rules."),
    "pain": FieldText("Pain at the lesion's level", "Refractory: persisting despite conservative management."),
    "neurological_deficit": FieldText("Neurological deficit or cord compression", "A deficit attributable to the lesion, or spinal cord compression."),
    "aggressive_features": FieldText("Aggressive imaging features", "Bony expansion, epidural extension, extraosseous extension."),
    "compression_fracture": FieldText("Vertebral body compression fracture", "A compression fracture of the affected vertebra."),
    "instability": FieldText("Spinal instability", "Instability at the affected level."),
    "cancer_history": FieldText("History of cancer", "Any past or current malignancy."),
    "osteoporosis": FieldText("Osteoporosis", "Known osteoporosis."),
    "antithrombotic": FieldText("Antiplatelet or anticoagulant", "The drug the patient takes now."),
    "inr": FieldText("INR", "Most recent INR (warfarin only)."),
    "creatinine_clearance": FieldText("Creatinine clearance", "Estimated creatinine clearance (direct oral anticoagulants only).", "mL/min"),
    "anesthesia": FieldText("Anaesthesia", "Planned anaesthesia for a procedure."),
    "planned_radiation_dose_cgy": FieldText("Planned radiation dose", "Total dose, if radiation therapy is planned.", "cGy"),
    "planned_resection": FieldText("Planned resection", "Extent of resection, if surgery is planned."),
    "planned_vertebroplasty_alone": FieldText("Vertebroplasty alone planned", "Vertebroplasty without decompression is proposed."),
    "surgery_timing": FieldText("Timing of the procedure", "Default: urgent with a neurological deficit, otherwise planned."),
}

VALUE_LABELS: dict[str, str] = {
    "female": "Female", "male": "Male", "none": "None", "present": "Present",
    "refractory": "Refractory to conservative management", "bony_expansion": "Bony expansion",
    "epidural_extension": "Epidural extension", "extraosseous_extension": "Extraosseous extension",
    "general": "General", "neuraxial": "Neuraxial (spinal or epidural)", "undecided": "Undecided",
    "gross_total": "Gross-total", "subtotal": "Subtotal", "en_bloc": "En bloc", "urgent": "Urgent",
    "planned": "Planned",
}  # fmt: skip

# Field -> (assumption data key of the minimum, of the maximum)
RANGE_KEYS: dict[str, tuple[str, str]] = {
    "age": ("age_min", "age_max"),
    "inr": ("inr_min", "inr_max"),
    "creatinine_clearance": ("crcl_min", "crcl_max"),
    "planned_radiation_dose_cgy": ("dose_min_cgy", "dose_max_cgy"),
}
RANGES_ASSUMPTION = "input-ranges"


def field_range(guideline: Guideline, name: str) -> tuple[float, float]:
    low, high = RANGE_KEYS[name]
    return (
        guideline.assumption_value(RANGES_ASSUMPTION, low),
        guideline.assumption_value(RANGES_ASSUMPTION, high),
    )


def agents_of_class(guideline: Guideline, drug_class: str) -> list[str]:
    return [d.id for d in guideline.antithrombotics if d.drug_class == drug_class]


def _number(value: float) -> str:
    return f"{value:g}"


def parse_case(data: Any, guideline: Guideline) -> Case:
    """Validate plain JSON data into a Case; raise InvalidData naming every field that is wrong."""
    if not isinstance(data, dict):
        raise InvalidData([Problem("case", "must be a JSON object with the case's fields")])
    problems: list[Problem] = []
    case = build(Case, data, "", problems)
    if "age" in data and isinstance(data["age"], int) and not isinstance(data["age"], bool):
        adult_age = field_range(guideline, "age")[0]
        if data["age"] < adult_age:
            problems.append(Problem("age", f"this calculator is for adults ({_number(adult_age)} years and over)"))
    for name in RANGE_KEYS:
        value = data.get(name)
        if case is None or value is None or getattr(case, name, None) is None:
            continue
        low, high = field_range(guideline, name)
        if name == "age" and value < low:
            continue  # reported above, in words about adults
        if not low <= value <= high:
            unit = FIELD_TEXT[name].unit
            problems.append(
                Problem(name, f"must be between {_number(low)} and {_number(high)}{' ' + unit if unit else ''} (got {value!r})")
            )
    features = data.get("aggressive_features")
    if isinstance(features, list) and len(set(map(str, features))) != len(features):
        problems.append(Problem("aggressive_features", "lists a feature more than once"))
    if case is not None and not problems:
        problems.extend(_contradictions(case, guideline))
    if problems:
        raise InvalidData(problems)
    assert case is not None
    return case


def _contradictions(case: Case, guideline: Guideline) -> list[Problem]:
    """Valid values that cannot all be true of one patient."""
    problems = []
    inr_agents = [d.id for d in guideline.antithrombotics if d.needs_inr]
    doacs = agents_of_class(guideline, "doac")
    if case.inr is not None and case.antithrombotic not in inr_agents:
        problems.append(Problem("inr", f"applies only with {' or '.join(inr_agents)} (antithrombotic is {case.antithrombotic!r})"))
    if case.creatinine_clearance is not None and case.antithrombotic not in doacs:
        problems.append(
            Problem("creatinine_clearance", f"applies only with a direct oral anticoagulant ({', '.join(doacs)}); antithrombotic is {case.antithrombotic!r}")
        )
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
    return {bool: {"type": "boolean"}, int: {"type": "integer"}, float: {"type": "number"}}[tp]


def case_json_schema(guideline: Guideline) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the case, with labels, units and when a field applies."""
    hints = get_type_hints(Case)
    properties: dict[str, Any] = {}
    required = []
    for field in dataclasses.fields(Case):
        text = FIELD_TEXT[field.name]
        prop: dict[str, Any] = {"title": text.label, "description": text.help, **_schema_for(hints[field.name])}
        if text.unit:
            prop["x-unit"] = text.unit
        if field.name in RANGE_KEYS:
            prop["minimum"], prop["maximum"] = field_range(guideline, field.name)
        values = [v for v in prop.get("enum") or prop.get("items", {}).get("enum") or () if v is not None]
        if values:
            drug_labels = {d.id: d.label for d in guideline.antithrombotics}
            prop["x-enum-labels"] = {v: drug_labels.get(v) or VALUE_LABELS.get(v, v) for v in values}
        if field.default is dataclasses.MISSING:
            required.append(field.name)
        elif field.default is not None:
            prop["default"] = list(field.default) if isinstance(field.default, tuple) else field.default
        properties[field.name] = prop
    properties["inr"]["x-applies-when"] = {"antithrombotic": [d.id for d in guideline.antithrombotics if d.needs_inr]}
    properties["creatinine_clearance"]["x-applies-when"] = {"antithrombotic": agents_of_class(guideline, "doac")}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Vertebral hemangioma case",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }

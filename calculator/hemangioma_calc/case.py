"""The case a clinician enters: its fields, each declared once (`inputs.Input`), their validation,
and its JSON Schema.

Types and fixed choices live in the `Case` annotations, and everything else about an input in its
declaration; the drugs, the reasons for anticoagulation, which drug-dependent fields apply to which
drugs, and the plausible ranges all come from the source.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin, get_type_hints

from .guideline import Guideline
from .inputs import CaseWords, Group, Input, drugs_where, input_of, said_yes_no, when
from .source_ids import INPUT_RANGES
from .typed_data import InvalidData, Problem, build
from .wording import VALUE_LABELS, number

Level = Literal[
    "C1", "C2", "C3", "C4", "C5", "C6", "C7",
    "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12",
    "L1", "L2", "L3", "L4", "L5",
    "S1", "S2", "S3", "S4", "S5",
]  # fmt: skip
AggressiveFeature = Literal["bony_expansion", "epidural_extension", "extraosseous_extension"]
Region = Literal["cervical", "thoracic", "lumbar", "sacral"]
REGIONS: dict[str, Region] = {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}


def _said_who(w: CaseWords) -> str:
    sex = {"female": "woman", "male": "man"}[w.case["sex"]]
    return f"{w.case['age']}-year-old {sex}, {w.case['level']}"


def _said_cancer(w: CaseWords) -> str:
    """Said either way (it decides the pathway), with the imaging: not entered matters only with a cancer history."""
    imaging = w.case["imaging_typical"]
    if not w.case["cancer_history"]:
        return "no cancer history" + (f", imaging {VALUE_LABELS[imaging].lower()}" if imaging else "")
    return "cancer history, imaging " + (VALUE_LABELS[imaging].lower() if imaging else "not entered")


def _said_drug(w: CaseWords) -> str:
    if w.case["antithrombotic"] == "none":
        return "no antithrombotic"
    return w.drug_label + (" (" + "; ".join(w.drug_details) + ")" if w.drug_details else "")


def _said_reason(w: CaseWords) -> str | None:
    return f"for {w.reason_label[0].lower() + w.reason_label[1:]}" if w.reason_label else None


def _said_number(prefix: str, field: str, suffix: str = "") -> Callable[[CaseWords], str | None]:
    return lambda w: None if w.case[field] is None else f"{prefix}{number(w.case[field])}{suffix}"


def _said_last_dose(w: CaseWords) -> str:
    hours = w.case["hours_since_last_dose"]
    return "last dose time not known" if hours is None else f"last dose {number(hours)} h ago"


def _said_anaesthesia(w: CaseWords) -> str | None:
    if w.case["antithrombotic"] == "none":
        return None  # timing and anaesthesia matter to the plan only through a drug
    return f"{w.case['surgery_timing']} timing, anaesthesia {VALUE_LABELS[w.case['anesthesia']].split(' (')[0].lower()}"


def _declared(declaration: Input, default: Any = dataclasses.MISSING) -> Any:
    return field(default=default, metadata={"input": declaration})


_DRUG_GROUP: Group = "Antithrombotic therapy and anaesthesia"
_PLANNED: Group = "Planned treatment (optional, for pitfall checks)"


# The fields in the order the case line says them; the form asks them by group, in this order within each.
@dataclass(frozen=True, kw_only=True)
class Case:
    age: int = _declared(Input("Age", "Age in whole years; the calculator is for adults.", "Patient and lesion", unit="years",
                               range_keys=("age_min", "age_max"), says=_said_who))  # fmt: skip
    sex: Literal["female", "male"] = _declared(Input("Sex", "Sex recorded for risk stratification.", "Patient and lesion"))
    level: Level = _declared(
        Input("Level of the lesion", "The vertebra that holds the hemangioma; the region drives the rules.", "Patient and lesion")
    )
    neurological_deficit: bool = _declared(
        Input("Neurological deficit or cord compression", "A deficit attributable to the lesion, or spinal cord compression.", "What decides the pathway", decides=True,
              says=lambda w: "neurological deficit" if w.case["neurological_deficit"] else "no deficit")
    )  # fmt: skip
    # "unknown": accepted only with a deficit, which then decides the pathway (checked below).
    pain: Literal["none", "present", "refractory", "unknown"] = _declared(
        Input("Pain at the lesion's level", "Refractory: persisting despite conservative management.", "What decides the pathway", decides=True,
              says=lambda w: {"none": "no pain", "present": "pain at the level", "refractory": "refractory pain", "unknown": "pain not known"}[w.case["pain"]])
    )  # fmt: skip
    aggressive_features: tuple[AggressiveFeature, ...] = _declared(
        Input("Aggressive imaging features", "Bony expansion, epidural extension, extraosseous extension.", "Patient and lesion",
              says=lambda w: ", ".join(VALUE_LABELS[f].lower() for f in w.case["aggressive_features"]) or None),
        (),
    )  # fmt: skip
    compression_fracture: bool | None = _declared(  # null: not answered (the rules read it as no; the case line says so)
        Input("Vertebral body compression fracture", "A compression fracture of the affected vertebra.", "Patient and lesion",
              says=said_yes_no("compression fracture", "compression_fracture"), space="presentations"),
        False,
    )  # fmt: skip
    instability: bool | None = _declared(
        Input("Spinal instability", "Instability at the affected level.", "Patient and lesion", says=said_yes_no("instability", "instability"),
              space="presentations"),
        False,
    )  # fmt: skip
    osteoporosis: bool | None = _declared(
        Input("Osteoporosis", "Known osteoporosis.", "Patient and lesion", says=said_yes_no("osteoporosis", "osteoporosis"), space="presentations"),
        False,
    )  # fmt: skip
    cancer_history: bool = _declared(
        Input(
            "History of cancer", "Any past or current malignancy.", "What decides the pathway", decides=True, says=_said_cancer, space="presentations"
        ),
        False,
    )
    imaging_typical: Literal["typical", "atypical", "not_assessed"] | None = _declared(
        Input("Imaging typical of a hemangioma",
              "Typical: bright on T1 and T2 MRI, coarse vertical trabeculae on CT (polka-dot, corduroy). "
              "Essential with a cancer history: an atypical lesion can be a metastasis.",
              "What decides the pathway",
              waits_when=when("cancer_history", "true")),
        None,
    )  # fmt: skip
    antithrombotic: str = _declared(  # a drug id of the source
        Input("Antiplatelet or anticoagulant", "The drug the patient takes now; one drug per case (for two, enter each in turn).",
              _DRUG_GROUP, says=_said_drug, waits=True),
        "none",
    )  # fmt: skip
    anticoagulation_reason: str | None = _declared(  # a thrombotic-risk reason id of the source
        Input("Reason for anticoagulation",
              "Why the patient is anticoagulated: it sets the thrombotic risk, which decides bridging and whether a planned procedure waits.",
              _DRUG_GROUP, applies_when=drugs_where(lambda c: c.asks_thrombotic_risk), says=_said_reason, drug_detail=True),
        None,
    )  # fmt: skip
    inr: float | None = _declared(
        Input("INR", "Most recent INR.", _DRUG_GROUP, range_keys=("inr_min", "inr_max"), applies_when=drugs_where(lambda c: c.lab == "inr"),
              says=_said_number("INR ", "inr"), drug_detail=True),
        None,
    )  # fmt: skip
    creatinine_clearance: float | None = _declared(
        Input("Creatinine clearance", "Estimated creatinine clearance.", _DRUG_GROUP, unit="mL/min", range_keys=("crcl_min", "crcl_max"),
              applies_when=drugs_where(lambda c: c.lab == "crcl"),
              says=_said_number("creatinine clearance ", "creatinine_clearance", " mL/min"), drug_detail=True),
        None,
    )  # fmt: skip
    hours_since_last_dose: float | None = _declared(
        Input("Time since the last dose", "Hours since the last dose was taken.", _DRUG_GROUP, unit="hours",
              range_keys=("hours_min", "hours_max"), applies_when=drugs_where(lambda c: c.asks_last_dose),
              says=_said_last_dose, drug_detail=True, unknown="Not known"),
        None,
    )  # fmt: skip
    anesthesia: Literal["general", "neuraxial", "undecided"] = _declared(
        Input("Anaesthesia", "Planned anaesthesia for a procedure.", _DRUG_GROUP, says=_said_anaesthesia), "undecided"
    )
    surgery_timing: Literal["urgent", "planned"] | None = _declared(  # said with the anaesthesia
        Input("Timing of the procedure", "Default: urgent with a neurological deficit, otherwise planned.", _DRUG_GROUP), None
    )
    planned_resection: Literal["gross_total", "subtotal", "en_bloc"] | None = _declared(
        Input("Planned resection", "Extent of resection, if surgery is planned.", _PLANNED,
              says=lambda w: f"{VALUE_LABELS[w.case['planned_resection']].lower()} resection planned" if w.case["planned_resection"] else None),
        None,
    )  # fmt: skip
    planned_vertebroplasty_alone: bool | None = _declared(
        Input("Vertebroplasty alone planned", "Vertebroplasty without decompression is proposed.", _PLANNED,
              says=said_yes_no("vertebroplasty alone proposed", "planned_vertebroplasty_alone")),
        False,
    )  # fmt: skip
    planned_radiation_dose_cgy: int | None = _declared(
        Input("Planned radiation dose", "Total dose, if radiation therapy is planned.", _PLANNED, unit="cGy",
              range_keys=("dose_min_cgy", "dose_max_cgy"),
              says=lambda w: f"radiation {w.case['planned_radiation_dose_cgy']} cGy planned" if w.case["planned_radiation_dose_cgy"] else None),
        None,
    )  # fmt: skip

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


def declarations() -> dict[str, Input]:
    """Every input of the case, by field name, in the order of the case's fields."""
    return {f.name: input_of(f.metadata) for f in dataclasses.fields(Case)}


def field_range(guideline: Guideline, name: str) -> tuple[float, float]:
    keys = declarations()[name].range_keys
    assert keys is not None, f"{name} has no declared range"
    low, high = keys
    return (
        guideline.assumption_value(INPUT_RANGES, low),
        guideline.assumption_value(INPUT_RANGES, high),
    )


def range_keys() -> tuple[str, ...]:
    """The data keys of the input-ranges assumption the declarations read (checked when the source loads)."""
    return tuple(key for d in declarations().values() if d.range_keys for key in d.range_keys)


def applies_when(guideline: Guideline) -> dict[str, dict[str, list[str]]]:
    """Each conditional field, with the other fields' values it applies with."""
    return {name: d.applies_when(guideline) for name, d in declarations().items() if d.applies_when is not None}


def drug_fields(guideline: Guideline) -> dict[str, list[str]]:
    """Each drug-dependent field, with the drugs (by their class) it applies to."""
    return {name: when["antithrombotic"] for name, when in applies_when(guideline).items() if "antithrombotic" in when}


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
    for name, declared in declarations().items():
        value = data.get(name)
        if declared.range_keys is None or case is None or value is None or getattr(case, name, None) is None:
            continue
        low, high = field_range(guideline, name)
        if name == "age" and value < low:
            continue  # reported above, in words about adults
        if not low <= value <= high:
            unit = declared.unit
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


def _value_words(guideline: Guideline, name: str, values: list[str]) -> str:
    labels = _choices(guideline).get(name, {})
    return ", ".join(labels.get(v) or VALUE_LABELS.get(v, v) for v in values)


def _contradictions(case: Case, guideline: Guideline) -> list[Problem]:
    """Valid values that cannot all be true of one patient: a value given for a field whose
    declared condition the case does not meet, and a vertebroplasty alone beside a resection."""
    problems = []
    defaults = {f.name: f.default for f in dataclasses.fields(Case)}
    for name, condition in applies_when(guideline).items():
        if getattr(case, name) == defaults[name]:
            continue  # not given
        for other, values in condition.items():
            if getattr(case, other) not in values:
                problems.append(Problem(name, f"applies only with {_value_words(guideline, other, values)} ({other} is {getattr(case, other)!r})"))
    if case.pain == "unknown" and not case.neurological_deficit:
        problems.append(
            Problem("pain", "can be not known only with a neurological deficit, which then decides the pathway; without one, pain decides it")
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
    return {bool: {"type": "boolean"}, int: {"type": "integer"}, float: {"type": "number"}, str: {"type": "string"}}[tp]


def case_json_schema(guideline: Guideline) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the case, with labels, units, form groups and when a field applies."""
    hints = get_type_hints(Case)
    choices = _choices(guideline)
    conditions = applies_when(guideline)
    properties: dict[str, Any] = {}
    required = []
    for f in dataclasses.fields(Case):
        declared = input_of(f.metadata)
        schema = _schema_for(hints[f.name])
        if f.name in choices:
            nullable = f.default is None
            schema = {"enum": [*choices[f.name], *([None] if nullable else [])]}
        prop: dict[str, Any] = {"title": declared.label, "description": declared.help, **schema}
        if declared.unit:
            prop["x-unit"] = declared.unit
        if declared.range_keys:
            prop["minimum"], prop["maximum"] = field_range(guideline, f.name)
        values = [v for v in prop.get("enum") or prop.get("items", {}).get("enum") or () if v is not None]
        if values:
            labels = choices.get(f.name, {})
            prop["x-enum-labels"] = {v: labels.get(v) or VALUE_LABELS.get(v, v) for v in values}
        if f.default is dataclasses.MISSING:
            required.append(f.name)
        elif f.default is not None:
            prop["default"] = list(f.default) if isinstance(f.default, tuple) else f.default
        if f.name in conditions:
            prop["x-applies-when"] = conditions[f.name]
        prop["x-group"] = declared.group
        if declared.decides:
            prop["x-decides-pathway"] = True
        if declared.decides or declared.waits or declared.unknown:
            prop["x-form-waits"] = True  # the form shows no plan until it is answered, where it applies
        if declared.waits_when:
            prop["x-form-waits-when"] = declared.waits_when(guideline)
        if declared.unknown:
            prop["x-unknown-answer"] = declared.unknown
        properties[f.name] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Vertebral hemangioma case",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }

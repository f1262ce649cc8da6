"""The discrete input space of the calculator, enumerated for the safety invariants and the benchmark.

The full product of every field is far too large to run (29 levels x ...), so the space is
enumerated as exhaustive products over the parts of the plan that fields act on together:
  presentations:  sex x region x age (boundaries) x pain x deficit x aggressive-feature subsets x
                  every yes/no input declared in this part (fracture, instability, cancer, osteoporosis);
  diagnosis:      cancer history x imaging (every choice) x pain x deficit x sex x region x features;
  treatments:     presentation core x resection x vertebroplasty-alone x radiation dose (boundaries);
  antithrombotic: every drug of the source x anaesthesia x timing x pain x deficit x cancer, each
                  drug with its own laboratory, last-dose and thrombotic-risk values.
The engine reads the level only through its region (a test checks that). Numeric fields take the
values at and beside every threshold the source gives them (and the input bounds), so each side of
every rule is reached; drugs, reasons and thresholds come from the source, so a drug added to the
source is in the space without a change here.

`make check` runs the safety invariants on a stratified sample (`--space=sample`): a fixed
pseudo-random draw from each part above and from each drug's cases, so every part and every drug
is in it; `make test` runs the whole space once.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from typing import Any, get_args, get_type_hints

from hemangioma_calc import source_ids
from hemangioma_calc.case import Case, declarations, drug_fields, field_range
from hemangioma_calc.guideline import Guideline
from hemangioma_calc.inputs import SpacePart
from hemangioma_calc.packaged import packaged_source
from hemangioma_calc.perioperative import HOURS_PER_DAY

LEVEL_OF_REGION = {"cervical": "C4", "thoracic": "T7", "lumbar": "L3", "sacral": "S2"}
FEATURES = ("bony_expansion", "epidural_extension", "extraosseous_extension")
FEATURE_SETS = [list(c) for r in range(4) for c in itertools.combinations(FEATURES, r)]
IMAGING = (None, "typical", "atypical", "not_assessed")
PAINS = get_args(get_type_hints(Case)["pain"])
# Pain and deficit together: pain "unknown" is valid only with a deficit (which decides the pathway).
PAIN_DEFICIT = tuple((pain, deficit) for pain in PAINS for deficit in (False, True) if deficit or pain != "unknown")
SAMPLE_PER_STRATUM = 300  # about 3,600 of the 67,000 cases: a second of evaluation


def _around(values: set[float], bounds: tuple[float, float], step: float) -> tuple[float | None, ...]:
    """None, the bounds, and every threshold with the values just below it."""
    low, high = bounds
    points = {low, high}
    for v in values:
        points |= {v, v - step}
    return (None, *sorted(p for p in points if low <= p <= high))


def ages(g: Guideline) -> tuple[int, ...]:
    young = int(g.assumption_value(source_ids.YOUNG_AGE))
    low, high = field_range(g, "age")
    return (int(low), young - 1, young, int(high))


def doses(g: Guideline) -> tuple[int | None, ...]:
    thresholds = {g.item(source_ids.LOW_DOSE).data[source_ids.DOSE_MAX] + 1}
    for step in (source_ids.PAIN_RADIATION, source_ids.POSTOP_RADIATION):
        data = g.item(step).data
        thresholds |= {data[source_ids.DOSE_MIN], data[source_ids.DOSE_MAX] + 1}
    return tuple(int(v) if v is not None else None for v in _around(thresholds, field_range(g, "planned_radiation_dose_cgy"), 1))


def inrs(g: Guideline, drug_id: str) -> tuple[float | None, ...]:
    statement = g.drug(drug_id).urgent_statement
    assert statement is not None, f"{drug_id} takes an INR, so it has an urgent rule"
    data = g.item(statement).data
    return _around({data[k] for k in source_ids.INR_DATA_KEYS}, field_range(g, "inr"), 0.1)


def clearances(g: Guideline, drug_id: str) -> tuple[float | None, ...]:
    drug = g.drug(drug_id)
    cuts: set[float] = set()
    for rule in (drug.planned, drug.neuraxial):
        if rule is not None:
            cuts |= {b.crcl_min for b in rule.by_crcl}
    limit = g.drug_class(drug).renal_limit
    if limit:
        cuts.add(g.assumption_value(limit))
    return _around(cuts, field_range(g, "creatinine_clearance"), 1)


def hours(g: Guideline, drug_id: str) -> tuple[float | None, ...]:
    drug = g.drug(drug_id)
    cuts: set[float] = set()
    if drug.planned is not None:
        days = {drug.planned.last_dose_days_before, drug.planned.stop_days_before, *(b.last_dose_days_before for b in drug.planned.by_crcl)}
        cuts |= {d * HOURS_PER_DAY for d in days if d}
    if drug.neuraxial is not None:
        rule = drug.neuraxial
        cuts |= {h for h in (rule.hours, *(b.hours for b in rule.by_crcl)) if h}
        cuts |= {d * HOURS_PER_DAY for d in (rule.min_days, rule.max_days) if d}
    return _around(cuts, field_range(g, "hours_since_last_dose"), 1)


def declared_in(part: SpacePart) -> list[str]:
    """The yes/no inputs whose declaration puts them in this part of the space (each varied both ways)."""
    return [name for name, d in declarations().items() if d.space == part]


def presentations(g: Guideline | None = None) -> Iterator[dict[str, Any]]:
    g = g or packaged_source().guideline
    flags = declared_in("presentations")
    for sex, level, age, (pain, deficit), features, *values in itertools.product(
        ("female", "male"), LEVEL_OF_REGION.values(), ages(g), PAIN_DEFICIT, FEATURE_SETS, *((False, True) for _ in flags),
    ):  # fmt: skip
        yield {
            "age": age, "sex": sex, "level": level, "pain": pain, "neurological_deficit": deficit,
            "aggressive_features": features, **dict(zip(flags, values, strict=True)),
        }  # fmt: skip


def diagnoses(g: Guideline | None = None) -> Iterator[dict[str, Any]]:
    g = g or packaged_source().guideline
    age = ages(g)[1]
    for cancer, imaging, (pain, deficit), sex, level, features in itertools.product(
        (False, True), IMAGING, PAIN_DEFICIT, ("female", "male"), LEVEL_OF_REGION.values(), ([], ["epidural_extension"]),
    ):  # fmt: skip
        case = {"age": age, "sex": sex, "level": level, "pain": pain, "neurological_deficit": deficit,
                "aggressive_features": features, "cancer_history": cancer}  # fmt: skip
        if imaging is not None:
            case["imaging_typical"] = imaging
        yield case


def treatments(g: Guideline | None = None) -> Iterator[dict[str, Any]]:
    g = g or packaged_source().guideline
    young = ages(g)[1:3]
    dose_values = doses(g)
    for sex, level, age, (pain, deficit), features, instability in itertools.product(
        ("female", "male"), LEVEL_OF_REGION.values(), young, PAIN_DEFICIT,
        ([], ["epidural_extension"]), (False, True),
    ):  # fmt: skip
        for resection, vp_alone in [(None, False), (None, True), ("gross_total", False), ("subtotal", False), ("en_bloc", False)]:
            for dose in dose_values:
                case = {"age": age, "sex": sex, "level": level, "pain": pain, "neurological_deficit": deficit,
                        "aggressive_features": features, "instability": instability,
                        "planned_vertebroplasty_alone": vp_alone}  # fmt: skip
                if resection is not None:
                    case["planned_resection"] = resection
                if dose is not None:
                    case["planned_radiation_dose_cgy"] = dose
                yield case


def drug_inputs(g: Guideline, drug_id: str) -> list[dict[str, Any]]:
    """The drug's own inputs: every laboratory x last-dose value, then every reason for anticoagulation."""
    applies = {name: drug_id in drugs for name, drugs in drug_fields(g).items()}
    lab_values: dict[str, tuple[float | None, ...]] = {"inr": inrs(g, drug_id)} if applies["inr"] else {}
    if applies["creatinine_clearance"]:
        lab_values["creatinine_clearance"] = clearances(g, drug_id)
    if applies["hours_since_last_dose"]:
        lab_values["hours_since_last_dose"] = hours(g, drug_id)
    names = list(lab_values)
    inputs: list[dict[str, Any]] = [
        {n: v for n, v in zip(names, values, strict=True) if v is not None} for values in itertools.product(*(lab_values[n] for n in names))
    ]
    if applies["anticoagulation_reason"]:
        inputs += [{"anticoagulation_reason": r.id} for r in g.thrombotic_risk.reasons]
    return inputs


def drug_cases(g: Guideline, drug_id: str) -> Iterator[dict[str, Any]]:
    inputs = drug_inputs(g, drug_id)
    for anesthesia, timing, (pain, deficit), cancer in itertools.product(
        ("general", "neuraxial", "undecided"), (None, "urgent", "planned"), PAIN_DEFICIT, (False, True),
    ):  # fmt: skip
        for extra in inputs:
            case = {"age": 60, "sex": "female", "level": "T7", "pain": pain, "neurological_deficit": deficit,
                    "cancer_history": cancer, "antithrombotic": drug_id, "anesthesia": anesthesia, **extra}  # fmt: skip
            if timing is not None:
                case["surgery_timing"] = timing
            yield case


def antithrombotic_cases(g: Guideline | None = None) -> Iterator[dict[str, Any]]:
    g = g or packaged_source().guideline
    for drug in g.antithrombotics:
        yield from drug_cases(g, drug.id)


def strata(g: Guideline) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    """The parts of the space, each drug's cases a part of their own, in the order of whole_space."""
    yield "presentations", presentations(g)
    yield "diagnoses", diagnoses(g)
    yield "treatments", treatments(g)
    for drug in g.antithrombotics:
        yield f"drug {drug.id}", drug_cases(g, drug.id)


def whole_space(g: Guideline | None = None) -> Iterator[dict[str, Any]]:
    g = g or packaged_source().guideline
    for _, cases in strata(g):
        yield from cases


def stratified_sample(g: Guideline | None = None, per_stratum: int = SAMPLE_PER_STRATUM) -> Iterator[dict[str, Any]]:
    """A fixed draw of each part (seeded by its name: the same cases on every run and interpreter)."""
    g = g or packaged_source().guideline
    for name, cases in strata(g):
        part = list(cases)
        chosen = sorted(random.Random(name).sample(range(len(part)), min(per_stratum, len(part))))
        yield from (part[i] for i in chosen)


SPACES = {"whole": whole_space, "sample": stratified_sample}

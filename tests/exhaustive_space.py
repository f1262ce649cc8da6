"""The discrete input space of the calculator, enumerated for the safety invariants and the benchmark.

The full product of every field is about 38 million cases (29 levels x ...). The engine reads the
level only through its region (a test checks that), and the planned-treatment and antithrombotic
fields act on separate parts of the plan, so the space is enumerated as three exhaustive products
that share the presentation fields:
  presentations: sex x region x age (boundaries) x pain x deficit x aggressive-feature subsets x
                 fracture x instability x cancer x osteoporosis (24,576 cases);
  treatments:    presentation core x resection x vertebroplasty-alone x radiation dose (boundaries);
  antithrombotic: agent x anaesthesia x timing x pain x deficit x cancer x INR/CrCl representatives.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

LEVEL_OF_REGION = {"cervical": "C4", "thoracic": "T7", "lumbar": "L3", "sacral": "S2"}
AGES = (18, 39, 40, 120)  # adult bound, either side of the "young" assumption, upper bound
FEATURES = ("bony_expansion", "epidural_extension", "extraosseous_extension")
FEATURE_SETS = [list(c) for r in range(4) for c in itertools.combinations(FEATURES, r)]
DOSES = (None, 0, 1000, 1001, 2599, 2600, 4500, 4501, 10000)
AGENTS = (
    "none", "aspirin", "clopidogrel", "prasugrel", "ticagrelor", "warfarin", "apixaban",
    "rivaroxaban", "edoxaban", "dabigatran", "lmwh_prophylactic", "lmwh_therapeutic",
)  # fmt: skip
DOACS = ("apixaban", "rivaroxaban", "edoxaban", "dabigatran")
INRS = (None, 0.5, 1.4, 1.5, 1.9, 2.0, 20)
CRCLS = (None, 0, 29, 30, 49, 50, 250)


def presentations() -> Iterator[dict[str, Any]]:
    for sex, level, age, pain, deficit, features, fracture, instability, cancer, osteo in itertools.product(
        ("female", "male"), LEVEL_OF_REGION.values(), AGES, ("none", "present", "refractory"), (False, True),
        FEATURE_SETS, (False, True), (False, True), (False, True), (False, True),
    ):  # fmt: skip
        yield {
            "age": age, "sex": sex, "level": level, "pain": pain, "neurological_deficit": deficit,
            "aggressive_features": features, "compression_fracture": fracture, "instability": instability,
            "cancer_history": cancer, "osteoporosis": osteo,
        }  # fmt: skip


def treatments() -> Iterator[dict[str, Any]]:
    for sex, level, age, pain, deficit, features, instability in itertools.product(
        ("female", "male"), LEVEL_OF_REGION.values(), (39, 40), ("none", "present", "refractory"), (False, True),
        ([], ["epidural_extension"]), (False, True),
    ):  # fmt: skip
        for resection, vp_alone in [(None, False), (None, True), ("gross_total", False), ("subtotal", False), ("en_bloc", False)]:
            for dose in DOSES:
                case = {"age": age, "sex": sex, "level": level, "pain": pain, "neurological_deficit": deficit,
                        "aggressive_features": features, "instability": instability,
                        "planned_vertebroplasty_alone": vp_alone}  # fmt: skip
                if resection is not None:
                    case["planned_resection"] = resection
                if dose is not None:
                    case["planned_radiation_dose_cgy"] = dose
                yield case


def antithrombotic_cases() -> Iterator[dict[str, Any]]:
    for agent, anesthesia, timing, pain, deficit, cancer in itertools.product(
        AGENTS, ("general", "neuraxial", "undecided"), (None, "urgent", "planned"), ("none", "present", "refractory"),
        (False, True), (False, True),
    ):  # fmt: skip
        labs: list[dict[str, Any]] = [{}]
        if agent == "warfarin":
            labs = [{"inr": v} if v is not None else {} for v in INRS]
        elif agent in DOACS:
            labs = [{"creatinine_clearance": v} if v is not None else {} for v in CRCLS]
        for lab in labs:
            case = {"age": 60, "sex": "female", "level": "T7", "pain": pain, "neurological_deficit": deficit,
                    "cancer_history": cancer, "antithrombotic": agent, "anesthesia": anesthesia, **lab}  # fmt: skip
            if timing is not None:
                case["surgery_timing"] = timing
            yield case


def whole_space() -> Iterator[dict[str, Any]]:
    yield from presentations()
    yield from treatments()
    yield from antithrombotic_cases()

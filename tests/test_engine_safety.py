"""Safety invariants, checked on every case of the enumerated discrete input space.

Each test names the hazard of tests/hazard_log.yaml it mitigates. Violations are collected over
the whole space and reported together (the first few cases shown).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest
from exhaustive_space import LEVEL_OF_REGION, antithrombotic_cases, presentations, treatments, whole_space

from hemangioma_calc.case import REGIONS, Level
from hemangioma_calc.guideline import PATHWAYS, Statement
from hemangioma_calc.plan import PLAN_KEYS, evaluate, plan_json
from typing import get_args

SECOND_LINE_STEPS = {"pain-embolization", "pain-radiation", "pain-vertebroplasty"}
DECOMPRESSION_STEPS = {"surgery-laminectomy", "surgery-corpectomy", "surgery-instability"}
NEURAXIAL_AGENT_CLASSES = {"vka", "doac", "lmwh", "antiplatelet"}


@pytest.fixture(scope="module")
def plans(source) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(case, evaluate(case, source)) for case in whole_space()]


def check(plans: Iterable[tuple[dict[str, Any], dict[str, Any]]], rule: Callable[[dict[str, Any], dict[str, Any]], str | None]) -> None:
    violations = [(case, message) for case, plan in plans if (message := rule(case, plan))]
    assert not violations, f"{len(violations)} violations, e.g. " + "; ".join(f"{m} for {c}" for c, m in violations[:3])


def _ids(entries: list[dict[str, Any]]) -> set[str]:
    return {e["id"] for e in entries}


def test_space_is_large_and_every_pathway_is_reached(plans):
    assert len(plans) > 40_000
    assert {plan["pathway"] for _, plan in plans} == set(PATHWAYS)


def test_deficit_always_routes_to_surgery(plans):
    check(plans, lambda case, plan: None if not case["neurological_deficit"] or plan["pathway"] == "surgery" else plan["pathway"])


def test_no_deficit_never_routes_to_surgery(plans):
    check(plans, lambda case, plan: "surgery without deficit" if not case["neurological_deficit"] and plan["pathway"] == "surgery" else None)


def test_deficit_plan_never_relies_on_vertebroplasty_embolization_or_radiation_alone(plans):
    def rule(case, plan):
        if not case["neurological_deficit"]:
            return None
        steps = _ids(plan["steps"])
        if steps & SECOND_LINE_STEPS:
            return f"second-line steps {steps & SECOND_LINE_STEPS}"
        if len(steps & DECOMPRESSION_STEPS) != 1:
            return f"needs exactly one decompression/approach step, has {steps & DECOMPRESSION_STEPS}"
        if "pitfall-delay-surgery" not in _ids(plan["warnings"]):
            return "missing the do-not-delay warning"
        if case.get("planned_vertebroplasty_alone") and "pitfall-vertebroplasty-alone" not in _ids(plan["warnings"]):
            return "vertebroplasty alone with a deficit not flagged"
        return None

    check(plans, rule)


def test_no_recommended_radiation_dose_is_1000_cgy_or_less(plans, source):
    g = source.guideline
    inadequate = g.item("pitfall-low-dose").data["dose_max_cgy"]

    def rule(case, plan):
        for step in plan["steps"]:
            data = g.item(step["id"]).data
            if any(k.startswith("dose_") and v <= inadequate for k, v in data.items()):
                return f"step {step['id']} recommends a dose <= {inadequate}"
        dose = case.get("planned_radiation_dose_cgy")
        if dose is not None and dose <= inadequate and "pitfall-low-dose" not in _ids(plan["warnings"]):
            return "planned inadequate dose not flagged"
        return None

    check(plans, rule)


def test_en_bloc_is_never_recommended_and_always_flagged(plans):
    def rule(case, plan):
        for step in plan["steps"]:
            if "en bloc" in step["text"].lower() and step["id"] != "surgery-avoid-en-bloc":
                return f"step {step['id']} mentions en bloc"
        if case.get("planned_resection") == "en_bloc" and "pitfall-en-bloc" not in _ids(plan["warnings"]):
            return "planned en bloc not flagged"
        return None

    check(plans, rule)


def test_observation_never_schedules_routine_follow_up(plans):
    def rule(case, plan):
        if plan["pathway"] != "observation":
            return None
        if "asymptomatic-annual-exception" in _ids(plan["steps"]):
            return "annual follow-up in observation"
        if "pitfall-routine-surveillance" not in _ids(plan["warnings"]):
            return "missing routine-surveillance pitfall"
        return None

    check(plans, rule)


def test_every_line_exists_in_the_source_and_cites_a_reference(plans, source):
    g = source.guideline
    known_refs = {r.key for r in g.references}

    def rule(case, plan):
        periop = plan["perioperative"]["items"] if plan["perioperative"] else []
        for entry in [*plan["steps"], *plan["warnings"], *periop, *plan["considerations"], *plan["outcomes"]]:
            try:
                g.item(entry["id"])
            except KeyError:
                return f"unknown id {entry['id']}"
            if not entry["citations"] or not set(entry["citations"]) <= known_refs:
                return f"{entry['id']} cites {entry['citations']}"
        for step in plan["steps"]:
            if not isinstance(g.item(step["id"]), Statement) or step["certainty"] is None:
                return f"step {step['id']} is not a statement with a certainty"
        return None

    check(plans, rule)


def test_every_plan_has_the_contract_keys_and_provenance(plans, source):
    def rule(case, plan):
        if tuple(plan) != PLAN_KEYS:
            return f"keys {tuple(plan)}"
        if plan["provenance"]["source_sha256"] != source.source_sha256:
            return "provenance hash differs from the packaged source"
        return None

    check(plans, rule)


def test_anticoagulant_never_continued_into_a_neuraxial_block_without_an_interval(source):
    g = source.guideline

    def rule(case, plan):
        periop = plan["perioperative"]
        if periop is None or case["anesthesia"] == "general" or g.drug(case["antithrombotic"]).neuraxial is None:
            return None
        items = {i["id"]: i for i in periop["items"]}
        if "anticoag-neuraxial-intervals" not in items:
            return "no neuraxial interval"
        if "anticoag-general-anaesthesia" not in items:
            return "general anaesthesia option missing"
        return None

    check(((c, evaluate(c, source)) for c in antithrombotic_cases()), rule)


def test_perioperative_plan_exactly_when_a_procedure_meets_an_antithrombotic(source):
    def rule(case, plan):
        expected = case["antithrombotic"] != "none" and plan["pathway"] in ("surgery", "second_line")
        return None if (plan["perioperative"] is not None) == expected else f"perioperative {plan['perioperative'] is not None}"

    check(((c, evaluate(c, source)) for c in antithrombotic_cases()), rule)


def test_missing_inr_or_creatinine_clearance_is_asked_for_not_an_error(source):
    def rule(case, plan):
        periop = plan["perioperative"]
        if periop is None:
            return None
        kinds = {i["kind"] for i in periop["items"]}
        needs = (case["antithrombotic"] == "warfarin" and "inr" not in case) or (
            case["antithrombotic"] == "dabigatran" and "creatinine_clearance" not in case
        )
        return "missing value not asked for" if needs and "measure" not in kinds else None

    check(((c, evaluate(c, source)) for c in antithrombotic_cases()), rule)


def test_engine_reads_the_level_only_through_its_region(source):
    for level in get_args(Level):
        case = next(presentations())
        case = {**case, "pain": "none", "sex": "female", "age": 30, "level": level}
        reference = {**case, "level": LEVEL_OF_REGION[REGIONS[level[0]]]}
        plan, expected = evaluate(case, source), evaluate(reference, source)
        plan["case"].pop("level"), expected["case"].pop("level")
        assert plan == expected, level


def test_same_case_gives_byte_identical_json(source):
    for case in list(treatments())[::500]:
        assert plan_json(evaluate(case, source)) == plan_json(evaluate(dict(case), source))

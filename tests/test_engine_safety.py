"""Safety invariants, checked on every case of the enumerated discrete input space.

Each test names the hazard of tests/hazard_log.yaml it mitigates. Violations are collected over
the whole space and reported together (the first few cases shown).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, get_args

import pytest
from exhaustive_space import LEVEL_OF_REGION, presentations, treatments

from hemangioma_calc.case import REGIONS, Level
from hemangioma_calc.guideline import PATHWAYS, Assumption, Statement
from hemangioma_calc.plan import PLAN_KEYS, evaluate, plan_json

SECOND_LINE_STEPS = {"pain-embolization", "pain-radiation", "pain-vertebroplasty"}
DECOMPRESSION_STEPS = {"surgery-laminectomy", "surgery-corpectomy", "surgery-instability"}


@pytest.fixture(scope="module")
def plans(input_space, source) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(case, evaluate(case, source)) for case in input_space]


@pytest.fixture(scope="module")
def drug_plans(plans) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(case, plan) for case, plan in plans if "antithrombotic" in case]


def _periop(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return plan["perioperative"]["items"] if plan["perioperative"] else []


def _lines(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [*plan["steps"], *plan["follow_up"], *plan["warnings"], *_periop(plan), *plan["considerations"], *plan["outcomes"]]


def _words(plan: dict[str, Any]) -> str:
    return " ".join(f"{line['text']} {line['detail'] or ''}" for line in _lines(plan)) + " ".join(a["text"] for a in plan["next_actions"])


def check(plans: Iterable[tuple[dict[str, Any], dict[str, Any]]], rule: Callable[[dict[str, Any], dict[str, Any]], str | None]) -> None:
    violations = [(case, message) for case, plan in plans if (message := rule(case, plan))]
    assert not violations, f"{len(violations)} violations, e.g. " + "; ".join(f"{m} for {c}" for c, m in violations[:3])


def _ids(entries: list[dict[str, Any]]) -> set[str]:
    return {e["id"] for e in entries}


def test_every_pathway_is_reached(plans):
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
        if {"asymptomatic-annual-exception", "aggressive-features-surveillance"} & _ids(plan["steps"] + plan["follow_up"]):
            return "annual follow-up in observation"
        if "pitfall-routine-surveillance" not in _ids(plan["warnings"]):
            return "missing routine-surveillance pitfall"
        return None

    check(plans, rule)


def test_every_line_exists_in_the_source_and_cites_a_reference(plans, source):
    g = source.guideline
    known_refs = {r.key for r in g.references}

    def rule(case, plan):
        for entry in _lines(plan):
            try:
                source_item = g.item(entry["id"])
            except KeyError:
                return f"unknown id {entry['id']}"
            if not entry["citations"] or not set(entry["citations"]) <= known_refs:
                return f"{entry['id']} cites {entry['citations']}"
            if isinstance(source_item, Assumption) and entry["id"] not in _ids(plan["assumptions"]):
                return f"{entry['id']} is an assumption the plan does not list as one"
        for step in plan["steps"]:
            if not isinstance(g.item(step["id"]), Statement | Assumption):
                return f"step {step['id']} is neither a statement nor a named assumption"
            if isinstance(g.item(step["id"]), Statement) and step["certainty"] is None:
                return f"step {step['id']} has no certainty"
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


def _neuraxial_considered(case: dict[str, Any], plan: dict[str, Any]) -> bool:
    anesthesia = case.get("anesthesia", "undecided")
    return anesthesia == "neuraxial" or (anesthesia == "undecided" and plan["pathway"] != "surgery")


def test_anticoagulant_never_continued_into_a_neuraxial_block_without_an_interval(drug_plans, source):
    """H6: wherever a neuraxial block is in question, the drug's interval and the GA option show."""
    g = source.guideline

    def rule(case, plan):
        if plan["perioperative"] is None or g.drug(case["antithrombotic"]).neuraxial is None:
            return None
        shown = _ids(_periop(plan) + plan["warnings"])
        if not _neuraxial_considered(case, plan):
            return "neuraxial lines with general anaesthesia or open surgery" if "anticoag-neuraxial-risk" in shown else None
        if "anticoag-neuraxial-intervals" not in shown:
            return "no neuraxial interval"
        if "anticoag-general-anaesthesia" not in shown:
            return "general anaesthesia option missing"
        return None

    check(drug_plans, rule)


def test_urgent_neuraxial_block_too_soon_after_the_last_dose_is_critical(drug_plans, source):
    """H15: an urgent block within the interval since the last dose is a critical warning."""
    g = source.guideline

    def rule(case, plan):
        drug = g.drug(case["antithrombotic"])
        rule_ = drug.neuraxial
        since = case.get("hours_since_last_dose")
        if plan["perioperative"] is None or plan["perioperative"]["timing"] != "urgent" or rule_ is None or since is None:
            return None
        if not _neuraxial_considered(case, plan) or rule_.by_crcl:
            return None
        low = rule_.hours if rule_.hours else (rule_.min_days or 0) * 24
        critical = {w["id"] for w in plan["warnings"] if w["severity"] == "critical"}
        if low and since < low and "anticoag-neuraxial-intervals" not in critical:
            return f"block {since} h after the last dose not flagged"
        return None

    check(drug_plans, rule)


def test_perioperative_plan_exactly_when_a_procedure_meets_an_antithrombotic(drug_plans):
    def rule(case, plan):
        expected = case["antithrombotic"] != "none" and plan["pathway"] in ("surgery", "second_line")
        return None if (plan["perioperative"] is not None) == expected else f"perioperative {plan['perioperative'] is not None}"

    check(drug_plans, rule)


def test_missing_laboratory_value_is_asked_for_not_an_error(drug_plans, source):
    g = source.guideline

    def rule(case, plan):
        if plan["perioperative"] is None:
            return None
        lab = g.drug_class(g.drug(case["antithrombotic"])).lab
        field = {"inr": "inr", "crcl": "creatinine_clearance"}.get(lab or "")
        if field is None or field in case:
            return None
        asked = any(i["kind"] == "measure" for i in _periop(plan)) or "measure the" in _words(plan).lower()
        return None if asked else f"missing {field} not asked for"

    check(drug_plans, rule)


def test_no_bridging_is_never_said_outside_low_thrombotic_risk(drug_plans, source):
    """H16: BRIDGE and PAUSE (atrial fibrillation) do not cover high or unknown thrombotic risk."""
    g = source.guideline

    def rule(case, plan):
        reason = case.get("anticoagulation_reason")
        low = reason is not None and g.risk_reason(reason).risk == "low"
        if low:
            return None
        if "bridging-low-risk" in _ids(_periop(plan)) or "no heparin bridging" in _words(plan).lower():
            return "no-bridging advice at high or unknown thrombotic risk"
        planned = plan["perioperative"] and plan["perioperative"]["timing"] == "planned" and g.drug_class(g.drug(case["antithrombotic"])).bridging
        if planned and g.drug(case["antithrombotic"]).planned and "bridging-high-risk" not in _ids(plan["warnings"]):
            return "planned interruption without the bridging referral"
        return None

    check(drug_plans, rule)


def test_an_inr_is_never_called_a_clearance_for_planned_surgery(drug_plans, source):
    """H17: the article's INR thresholds come from urgent hip-fracture surgery."""
    g = source.guideline

    def rule(case, plan):
        if plan["perioperative"] is None or plan["perioperative"]["timing"] != "planned" or "inr" not in case:
            return None
        data = g.item(g.drug(case["antithrombotic"]).urgent_statement).data
        words = _words(plan)
        for value in data.values():
            if f"below {value} for surgery" in words:
                return f"'below {value} for surgery' in a planned plan"
        return None

    check(drug_plans, rule)


def test_reversal_is_shown_only_when_the_inr_calls_for_it(drug_plans, source):
    g = source.guideline

    def rule(case, plan):
        drug_class = g.drug_class(g.drug(case["antithrombotic"]))
        if drug_class.reversal_statement is None or drug_class.reversal_statement not in _ids(_periop(plan)):
            return None
        inr = case.get("inr")
        data = g.item(g.drug(case["antithrombotic"]).urgent_statement).data
        needed = inr is None or inr >= data["inr_surgery_below"] or (_neuraxial_considered(case, plan) and inr >= data["inr_neuraxial_below"])
        return None if needed else f"reversal at INR {inr}"

    check(drug_plans, rule)


def test_cancer_history_without_typical_imaging_always_starts_with_the_diagnosis(plans):
    """H14: a possible metastasis is confirmed before any hemangioma pathway step."""

    def rule(case, plan):
        if not case.get("cancer_history") or case.get("imaging_typical") == "typical":
            return None
        if plan["steps"][0]["id"] != "cancer-confirm-diagnosis":
            return "first step is not the diagnosis"
        if plan["warnings"][0]["id"] != "cancer-confirm-diagnosis" or plan["warnings"][0]["severity"] != "critical":
            return "no critical diagnosis warning first"
        return None

    check(plans, rule)


def test_painful_lesion_without_deficit_is_always_followed_up_annually(plans):
    def rule(case, plan):
        if case["neurological_deficit"] or case["pain"] == "none":
            return None
        return None if "painful-annual-follow-up" in _ids(plan["follow_up"]) else "no annual follow-up for a painful lesion"

    check(plans, rule)


def test_a_line_appears_once(plans):
    def rule(case, plan):
        lines = [line["id"] for line in [*plan["steps"], *plan["follow_up"], *_periop(plan), *plan["considerations"]]]
        if len(lines) != len(set(lines)):
            return f"repeated lines {sorted(i for i in lines if lines.count(i) > 1)}"
        # A perioperative rule the case breaches is a warning instead of an item, not both.
        both = _ids(plan["warnings"]) & _ids(_periop(plan))
        return f"both a warning and a perioperative item: {both}" if both else None

    check(plans, rule)


def test_every_plan_has_at_most_five_next_actions_and_a_case_summary(plans):
    def rule(case, plan):
        if not 1 <= len(plan["next_actions"]) <= 5:
            return f"{len(plan['next_actions'])} next actions"
        return None if plan["case_summary"].startswith(f"{case['age']}-year-old") else "case summary"

    check(plans, rule)


def test_engine_reads_the_level_only_through_its_region(source):
    for level in get_args(Level):
        case = next(presentations(source.guideline))
        case = {**case, "pain": "none", "sex": "female", "age": 30, "level": level}
        reference = {**case, "level": LEVEL_OF_REGION[REGIONS[level[0]]]}
        plan, expected = evaluate(case, source), evaluate(reference, source)
        for p in (plan, expected):
            p["case"].pop("level"), p.pop("case_summary")
        assert plan == expected, level


def test_same_case_gives_byte_identical_json(source):
    for case in list(treatments())[::500]:
        assert plan_json(evaluate(case, source)) == plan_json(evaluate(dict(case), source))

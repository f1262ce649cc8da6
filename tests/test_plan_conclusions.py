"""A plan of conclusions (issue 19): each numbered defect found in the plans, as a rule with its
citation, and how a plan speaks: action first, each conclusion once, the card at a glance.

Reference keys: fox1993 [1], article-ref-2 [2], vasudeva2016 [3], acosta2006 [4], griffiths2021 [7],
douketis2019 (PAUSE), kopp2025 (ASRA), eikelboom2013 (RE-ALIGN), kato2024.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from plans import cites, conclusion, critical, drawn, evidence, ids, plan_for, resting_on, said_of, severity_of

from hemangioma_calc import source_ids, wording

URGENT = {"neurological_deficit": True, "level": "T8"}
HEMANGIOMA_TREATMENT = {"second-line-options", "second-line-fracture", "conservative-first", "annual-exception", "annual-aggressive", "no-treatment"}


# 1. The INR between the article's two thresholds, a spinal anaesthetic requested ---------------
def test_inr_between_1_5_and_2_0_with_a_spinal_is_no_clearance_for_the_operation_griffiths2021():
    plan = plan_for(**URGENT, antithrombotic="warfarin", inr=1.9, anesthesia="neuraxial")
    line = conclusion(plan, "inr-between-block")
    assert line["severity"] == "critical" and cites(line, "griffiths2021")
    assert "no spinal or epidural block" in line["headline"] and "not a clearance" in line["headline"]
    assert "confirm the team's target" in line["headline"]
    assert not any("only to reach" in c["headline"] for c in plan["conclusions"])


# 2. A cancer history with imaging not typical: the diagnosis gate is the pathway -----------------
@pytest.mark.parametrize("imaging", ["atypical", "not_assessed", None])
@pytest.mark.parametrize("pain", ["none", "present", "refractory"])
def test_cancer_history_without_typical_imaging_confirms_the_diagnosis_first_kato2024(imaging, pain):
    plan = plan_for(cancer_history=True, imaging_typical=imaging, pain=pain)
    assert plan["pathway"] == "confirm_diagnosis"
    first = plan["conclusions"][0]
    assert first["id"] in ("gate-work-up", "gate-judge-imaging") and first["severity"] == "critical" and cites(first, "kato2024")
    assert not HEMANGIOMA_TREATMENT & set(drawn(plan)), "a hemangioma treatment is an action before the diagnosis"
    assert "gate-if-confirmed" in drawn(plan)  # the pathway that would follow, only as "once confirmed"
    assert "cancer-typical" not in drawn(plan) and not any("no routine follow-up" in c["headline"] for c in plan["conclusions"])


def test_the_confirmed_pathway_shows_only_as_what_follows_a_typical_hemangioma_kato2024():
    plan = plan_for(cancer_history=True, imaging_typical="not_assessed", pain="refractory")
    then = conclusion(plan, "gate-if-confirmed")
    assert then["headline"].startswith("Only once a typical hemangioma is confirmed") and "second-line treatment" in then["headline"]
    assert {"pain-embolization", "pain-radiation", "pain-vertebroplasty"} <= set(then["evidence"])


def test_imaging_typical_with_a_cancer_history_follows_the_hemangioma_pathway_ref6_kato2024():
    plan = plan_for(cancer_history=True, imaging_typical="typical")
    assert plan["pathway"] == "observation" and "cancer-typical" in drawn(plan)
    assert cites(conclusion(plan, "cancer-typical"), "article-ref-6", "kato2024")


# 3. The same with a deficit: decompression first, the diagnosis in parallel -------------------------
def test_a_deficit_with_unconfirmed_imaging_is_decompressed_first_tissue_in_parallel_fox1993_kato2024():
    plan = plan_for(**URGENT, cancer_history=True, imaging_typical="atypical")
    assert plan["pathway"] == "surgery"
    assert drawn(plan)[:2] == ["surgery-now", "gate-with-deficit"]
    gate = conclusion(plan, "gate-with-deficit")
    assert gate["headline"].startswith("Do not wait for the diagnosis to decompress") and "in parallel or at surgery" in gate["headline"]
    assert cites(gate, "kato2024", "fox1993")


# 4. A missing or worse value is never given a weaker alert -------------------------------------------
def test_urgent_dabigatran_below_the_renal_limit_is_critical_assumption_douketis2019():
    plan = plan_for(**URGENT, antithrombotic="dabigatran", creatinine_clearance=0, hours_since_last_dose=30)
    assert severity_of(plan, "renal-outside-urgent-last-dose") == "critical"
    assert "haematology now" in conclusion(plan, "renal-outside-urgent-last-dose")["headline"]


@pytest.mark.parametrize("drug", ["apixaban", "rivaroxaban", "edoxaban", "dabigatran"])
def test_an_unknown_last_dose_before_urgent_surgery_is_as_critical_as_a_recent_one_douketis2019(drug):
    unknown = plan_for(**URGENT, antithrombotic=drug, creatinine_clearance=80)
    recent = plan_for(**URGENT, antithrombotic=drug, creatinine_clearance=80, hours_since_last_dose=10)
    assert severity_of(unknown, "last-dose-unknown") == "critical" == severity_of(recent, "last-dose-short")


def test_an_unknown_inr_before_urgent_surgery_is_as_critical_as_a_high_one_griffiths2021():
    assert severity_of(plan_for(**URGENT, antithrombotic="warfarin"), "inr-unknown") == "critical"
    assert severity_of(plan_for(**URGENT, antithrombotic="warfarin", inr=2.6), "inr-above-surgery") == "critical"


def test_an_unknown_reason_for_anticoagulation_before_a_planned_stop_is_critical_douketis2012():
    plan = plan_for(pain="refractory", antithrombotic="warfarin", anesthesia="general")
    assert severity_of(plan, "bridging-reason-unknown") == "critical"
    assert (
        severity_of(plan_for(pain="refractory", antithrombotic="warfarin", anticoagulation_reason="mechanical_valve"), "bridging-not-low")
        == "critical"
    )


# 5. Urgent edoxaban is handled like apixaban, and says so --------------------------------------------
def test_urgent_edoxaban_shows_the_assumption_that_it_is_handled_like_apixaban_douketis2019():
    plan = plan_for(**URGENT, antithrombotic="edoxaban", creatinine_clearance=70, hours_since_last_dose=80)
    assert "edoxaban-as-xa" in ids(plan["assumptions"])
    assert "edoxaban-as-xa" in conclusion(plan, "last-dose-enough")["assumptions"]


# 6. PAUSE counts days: the hours are our conversion, shown as such --------------------------------------
def test_pause_intervals_are_given_in_days_with_the_hours_as_an_assumption_douketis2019():
    plan = plan_for(**URGENT, antithrombotic="apixaban", creatinine_clearance=80, hours_since_last_dose=30)
    line = conclusion(plan, "last-dose-short")
    assert "3 days" in line["headline"] and "taken as 72 h" in line["headline"]
    assert "urgent-doac-last-dose" in line["assumptions"]
    assert "hour figure is our conversion" in next(a["text"] for a in plan["assumptions"] if a["id"] == "urgent-doac-last-dose")
    low = conclusion(plan_for(**URGENT, antithrombotic="dabigatran", creatinine_clearance=40, hours_since_last_dose=30), "last-dose-short")
    assert "5 days" in low["headline"] and "taken as 120 h" in low["headline"]


# 7. An osteoporotic compression fracture with a deficit ------------------------------------------------
def test_a_fracture_with_a_deficit_gets_decompression_and_a_stability_check_not_vertebroplasty_acosta2006():
    plan = plan_for(**URGENT, osteoporosis=True, compression_fracture=True, pain="refractory", planned_vertebroplasty_alone=True)
    assert severity_of(plan, "vertebroplasty-alone-deficit") == "critical"
    assert "osteoporosis-vertebroplasty" not in drawn(plan), "a pain treatment offered beside 'decompression is mandatory'"
    stability = conclusion(plan, "fracture-assess-stability")
    assert "assess the stability" in stability["headline"] and "fracture-stability" in stability["assumptions"]


# 8. Lesions below the spinal cord ------------------------------------------------------------------------
@pytest.mark.parametrize("level", ["L3", "L4", "L5", "S1"])
def test_a_deficit_below_the_cord_is_not_called_cord_compression_fox1993_assumption(level):
    plan = plan_for(neurological_deficit=True, level=level)
    first = plan["conclusions"][0]
    assert first["id"] == "surgery-now-below-cord" and "cauda equina" in first["headline"]
    assert not any("cord compression" in c["headline"] for c in plan["conclusions"])
    assert "no-cord-below-l2" in first["assumptions"]


def test_a_deficit_at_a_level_with_a_cord_keeps_the_articles_cord_compression_terms_fox1993():
    assert plan_for(neurological_deficit=True, level="L2")["conclusions"][0]["id"] == "surgery-now"


# 9. A direct oral anticoagulant with a mechanical heart valve --------------------------------------------
@pytest.mark.parametrize("drug", ["apixaban", "dabigatran"])
def test_a_doac_with_a_mechanical_valve_asks_to_confirm_drug_and_indication_with_cardiology_eikelboom2013(drug):
    plan = plan_for(pain="refractory", antithrombotic=drug, anticoagulation_reason="mechanical_valve", creatinine_clearance=80)
    line = conclusion(plan, "doac-with-mechanical-valve")
    assert line["severity"] == "warning" and cites(line, "eikelboom2013") and "cardiology" in line["headline"]
    assert evidence(plan, "doac-mechanical-valve")["verification"] == "secondary"
    assert "doac-with-mechanical-valve" not in drawn(
        plan_for(pain="refractory", antithrombotic="warfarin", anticoagulation_reason="mechanical_valve")
    )


# 10. Planned-treatment inputs ------------------------------------------------------------------------------
def test_a_planned_dose_of_0_cgy_is_no_radiation_fox1993():
    plan = plan_for(pain="refractory", planned_radiation_dose_cgy=0)
    assert not [c for c in drawn(plan) if c.startswith("radiation-")]
    assert "radiation" not in plan["case_summary"]


def test_radiation_severity_never_falls_as_the_dose_rises_towards_the_range_fox1993_rades2003():
    rank = {"critical": 2, "warning": 1, "info": 0}
    worst = [
        max(
            rank[severity_of(plan_for(pain="refractory", planned_radiation_dose_cgy=d), c)]
            for c in critical(plan_for(pain="refractory", planned_radiation_dose_cgy=d)) or ["second-line-options"]
        )
        for d in (1000, 1001, 2599)
    ]
    assert worst == [2, 2, 2]
    assert not critical(plan_for(pain="refractory", planned_radiation_dose_cgy=2600))


def test_no_postoperative_radiation_after_a_complete_resection_fox1993():
    plan = plan_for(neurological_deficit=True, planned_resection="gross_total")
    assert not resting_on(plan, "surgery-postop-radiation")


def test_a_subtotal_resection_gets_postoperative_radiation_as_its_action_fox1993():
    line = conclusion(plan_for(neurological_deficit=True, planned_resection="subtotal"), "surgery-postop-radiation-subtotal")
    assert line["headline"].startswith("Subtotal resection planned") and "2600-4500 cGy" in line["headline"] and cites(line, "fox1993")


# 11. Every entered drug and proposed procedure gets its lines ------------------------------------------------
def test_warfarin_with_a_proposed_vertebroplasty_that_is_not_indicated_gets_its_interruption_douketis2022():
    plan = plan_for(pain="present", antithrombotic="warfarin", inr=2.6, anticoagulation_reason="af_low_risk", planned_vertebroplasty_alone=True)
    order = drawn(plan)
    assert order.index("vertebroplasty-not-indicated") < order.index("planned-interval")
    assert conclusion(plan, "planned-interval")["headline"].startswith("Warfarin") and cites(conclusion(plan, "planned-interval"), "douketis2022")
    assert plan["perioperative"] is not None


def test_a_drug_with_no_procedure_is_named_and_left_unchanged_assumption():
    line = conclusion(plan_for(antithrombotic="apixaban"), "drug-no-procedure")
    assert line["headline"].startswith("Apixaban") and "no-procedure-drug" in line["assumptions"]


# --- how a plan speaks -------------------------------------------------------------------------------------
def test_the_card_holds_at_most_five_conclusions_and_90_words_beyond_its_critical_ones():
    plan = plan_for(pain="refractory", osteoporosis=True, antithrombotic="apixaban", creatinine_clearance=80, anticoagulation_reason="af_low_risk")
    assert not [c for c in plan["conclusions"] if c["severity"] == "critical"], "this case has no critical conclusion"
    assert 0 < len(plan["card"]) <= 5
    assert sum(len(c["headline"].split()) for c in plan["card"]) <= 90
    assert [c["id"] for c in plan["card"]] == drawn(plan)[: len(plan["card"])]
    assert len(plan["conclusions"]) > len(plan["card"]), "the rest follows under Next steps"


def test_conclusions_come_in_order_gate_urgency_danger_procedure_follow_up_outcomes():
    plan = plan_for(**URGENT, antithrombotic="apixaban", creatinine_clearance=80, hours_since_last_dose=10)
    groups = [c["group"] for c in plan["conclusions"]]
    assert groups[:2] == ["urgency", "danger"] and groups[-1] == "outcomes"
    assert groups.index("procedure") > groups.index("danger")


def test_en_bloc_is_evidence_not_an_action_when_nobody_proposes_it_vasudeva2016():
    plan = plan_for(**URGENT)
    assert not any("en bloc" in c["headline"] for c in plan["conclusions"])
    assert "surgery-avoid-en-bloc" in [e["id"] for e in plan["evidence"]]


def test_the_neuraxial_risk_is_evidence_of_the_block_line_not_a_line_after_it_griffiths2021():
    plan = plan_for(pain="refractory", antithrombotic="apixaban", creatinine_clearance=80, anticoagulation_reason="af_low_risk")
    assert not any("118,000" in c["headline"] for c in plan["conclusions"])
    assert "anticoag-neuraxial-risk" in conclusion(plan, "block-interval")["evidence"]


@pytest.mark.parametrize(
    ("age", "phrase"), [(18, "An 18-year-old"), (80, "An 80-year-old"), (88, "An 88-year-old"), (42, "A 42-year-old"), (11, "An 11-year-old")]
)
def test_an_age_takes_its_article_by_sound(age, phrase):
    assert wording.age_phrase(age) == phrase


def test_the_young_cut_off_caveat_only_near_the_bound_assumption(source):
    bound = int(source.guideline.assumption_value("young-age-cutoff"))
    window = int(source.guideline.assumption_value("young-age-window"))
    near = plan_for(sex="female", level="T8", age=bound + window - 1)
    assert conclusion(near, "young-bound-near")["headline"].startswith(f"A {bound + window - 1}-year-old")
    assert "young-bound-near" not in drawn(plan_for(sex="female", level="T8", age=bound + window))
    assert "young-bound-near" not in drawn(plan_for(sex="female", level="T8", age=88))


def test_a_recommendation_that_does_not_fit_says_so_in_its_headline_fox1993():
    plan = plan_for(planned_radiation_dose_cgy=3000)
    line = conclusion(plan, "radiation-not-indicated")
    assert line["headline"].startswith("Radiation is not indicated") and line["severity"] == "warning"


def test_every_conclusion_the_engine_draws_by_name_is_declared_with_its_slots():
    """A template id or slot misspelt in a rule fails here, not in a patient's plan."""
    engine = Path(__file__).resolve().parent.parent / "calculator" / "hemangioma_calc"
    problems = []
    for module in sorted(engine.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "say" and node.args):
                continue
            # The template named, or each of those a conditional expression chooses between.
            for name in [n.value for n in ast.walk(node.args[0]) if isinstance(n, ast.Constant) and isinstance(n.value, str)]:
                declared = source_ids.TEMPLATES.get(name)
                if declared is None:
                    problems.append(f"{module.name}:{node.lineno}: {name!r} is not in source_ids.TEMPLATES")
                    continue
                unknown = {k.arg for k in node.keywords if k.arg} - set(declared)
                if unknown:
                    problems.append(f"{module.name}:{node.lineno}: {name!r} is given undeclared slots {unknown}")
    assert not problems, problems


@pytest.mark.parametrize(
    "case",
    [
        {**URGENT, "cancer_history": True, "osteoporosis": True, "antithrombotic": "apixaban", "creatinine_clearance": 35, "pain": "refractory"},
        {"pain": "present", "cancer_history": True, "imaging_typical": "not_assessed", "antithrombotic": "warfarin", "inr": 2.6},
        {**URGENT, "antithrombotic": "warfarin", "inr": 1.9, "anesthesia": "neuraxial", "anticoagulation_reason": "mechanical_valve"},
    ],
)
def test_the_text_report_prints_the_card_first_then_the_rest_without_repeats(case):
    from hemangioma_calc.text_report import render_text

    plan = plan_for(**case)
    text = render_text(plan)
    assert text.index("Plan\n") < text.index("Details and evidence")
    for n, line in enumerate(plan["card"], 1):
        assert f"  {n}. " in text and line["headline"] in text
    said = text.split("\nReferences\n")[0]  # reference titles may share their words
    sentences = [s.strip() for s in re.split(r"(?<=[.;:])\s+|\n", said) if len(s.strip()) >= 30]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert not repeated, repeated


def test_the_text_plan_numbers_its_conclusions_by_position_when_two_share_a_template():
    from hemangioma_calc.text_report import render_text

    plan = plan_for(
        pain="refractory", cancer_history=True, imaging_typical="atypical", planned_vertebroplasty_alone=True, planned_radiation_dose_cgy=3000
    )
    assert [c["id"] for c in plan["conclusions"]].count("treatment-before-diagnosis") == 2
    listed = [int(m) for m in re.findall(r"^  (\d+)\. ", render_text(plan), flags=re.MULTILINE)]
    assert listed == list(range(1, len(plan["conclusions"]) + 1))


def test_behind_the_gate_a_resection_is_not_one_for_a_hemangioma_and_each_proposal_is_said_once_vasudeva2016_fox1993():
    gated = {"pain": "refractory", "cancer_history": True, "imaging_typical": "atypical"}
    plan = plan_for(**gated, planned_resection="gross_total")
    line = conclusion(plan, "resection-before-diagnosis")
    assert "oncology" in line["headline"] and cites(line, "fox1993") and "treatment-before-diagnosis" not in drawn(plan)
    en_bloc = plan_for(**gated, planned_resection="en_bloc", planned_radiation_dose_cgy=800)
    assert "resection-before-diagnosis" not in drawn(en_bloc) and "en-bloc-proposed-unconfirmed" in drawn(en_bloc)
    assert "treatment-before-diagnosis" not in drawn(en_bloc) and severity_of(en_bloc, "radiation-inadequate") == "critical"


def test_every_reference_a_text_plan_lists_is_cited_by_its_number_above_it():
    """A reference cited only by an assumption (one drug per case: [7], ASRA...) carries its number
    beside that assumption, so no listed reference is left without a line that cites it."""
    from hemangioma_calc.text_report import render_text

    plan = plan_for(pain="refractory", antithrombotic="apixaban", creatinine_clearance=80, anesthesia="general")
    said, listed = render_text(plan).split("\nReferences\n")
    for reference in plan["references"]:
        assert f"[{reference['number']}]" in said, reference["key"]
    assert listed.count("\n  [") + 1 == len(plan["references"])


def test_a_plan_read_after_the_review_date_says_so_and_before_it_does_not(source):
    """Content past its next_review date is flagged in every text plan (fixed clocks either side)."""
    import datetime

    from hemangioma_calc.text_report import render_text

    plan = plan_for(pain="present")
    due = datetime.date.fromisoformat(source.guideline.metadata.next_review)
    assert plan["provenance"]["next_review"] == due.isoformat()
    assert render_text(plan, today=due + datetime.timedelta(days=1)).startswith("NOTICE: this content was due for review on")
    assert "NOTICE" not in render_text(plan, today=due)


def test_aggressive_features_with_pain_are_named_as_a_high_risk_feature_vasudeva2016_acosta2006():
    plan = plan_for(pain="present", aggressive_features=["bony_expansion", "epidural_extension"])
    line = conclusion(plan, "aggressive-with-pain")
    assert "bony expansion, epidural extension" in line["headline"] and line["severity"] == "warning"
    assert "risk-aggressive-imaging" in line["evidence"] and cites(line, "vasudeva2016", "acosta2006")


def test_treatment_dose_heparin_taken_recently_before_urgent_surgery_is_critical_assumption_kopp2025():
    recent = plan_for(**URGENT, antithrombotic="lmwh_therapeutic", hours_since_last_dose=2, anticoagulation_reason="vte_recent")
    line = conclusion(recent, "heparin-dose-short")
    assert line["severity"] == "critical" and "haematology now" in line["headline"] and "treatment-heparin-urgent" in line["assumptions"]
    unknown = conclusion(plan_for(**URGENT, antithrombotic="lmwh_therapeutic", anticoagulation_reason="vte_remote"), "heparin-last-dose-unknown")
    # PAUSE studied direct oral anticoagulants, not heparin: the yardstick named is the block's interval.
    assert unknown["severity"] == "critical" and "PAUSE" not in unknown["headline"] and "24 h" in unknown["headline"]
    assert (
        severity_of(
            plan_for(**URGENT, antithrombotic="lmwh_therapeutic", hours_since_last_dose=30, anticoagulation_reason="vte_remote"),
            "heparin-dose-enough",
        )
        == "info"
    )


def test_treatment_dose_heparin_at_high_thrombotic_risk_refers_interruption_and_restart_douketis2012():
    for timing in ({"surgery_timing": "urgent", **URGENT}, {"pain": "refractory"}):
        plan = plan_for(**timing, antithrombotic="lmwh_therapeutic", anticoagulation_reason="mechanical_valve", hours_since_last_dose=30)
        assert severity_of(plan, "heparin-high-risk") == "critical"


def test_in_urgent_surgery_a_reason_not_entered_is_as_serious_as_an_unknown_risk_douketis2012():
    for drug, extra in (("warfarin", {"inr": 2.6}), ("apixaban", {"creatinine_clearance": 80, "hours_since_last_dose": 12})):
        assert severity_of(plan_for(**URGENT, antithrombotic=drug, **extra), "bridging-reason-unknown") == "critical"


def test_behind_the_gate_a_drug_is_planned_for_the_biopsy_assumption_douketis2022():
    # A biopsy is a spinal procedure, handled as high bleeding risk (an assumption): the drug's
    # planned rules apply to it, so an entered INR, reason or last dose is weighed, not dropped.
    plan = plan_for(cancer_history=True, imaging_typical="not_assessed", antithrombotic="warfarin", inr=2.5,
                    anticoagulation_reason="mechanical_valve")  # fmt: skip
    assert "drug-before-biopsy" in drawn(plan) and "drug-no-procedure" not in drawn(plan)
    assert plan["perioperative"]["procedure"].startswith("biopsy") and "procedure-bleeding-risk" in ids(plan["assumptions"])
    assert cites(resting_on(plan, "anticoag-warfarin-planned")[0], "douketis2022")
    assert "INR 2.5" in said_of(plan, "planned-inr-target") and severity_of(plan, "bridging-not-low") == "critical"


def test_radiation_after_a_complete_resection_is_flagged_and_an_in_range_dose_is_named_fox1993():
    plan = plan_for(neurological_deficit=True, planned_resection="gross_total", planned_radiation_dose_cgy=4000)
    assert severity_of(plan, "radiation-after-complete-resection") == "warning"
    assert "4000 cGy" in conclusion(plan, "radiation-dose-in-range-postop")["headline"]
    inadequate = drawn(plan_for(pain="none", planned_radiation_dose_cgy=800))
    assert inadequate.index("radiation-not-indicated") < inadequate.index("radiation-inadequate"), "not indicated is said first"


def test_every_critical_conclusion_is_on_the_card_however_many_there_are():
    from hemangioma_calc.text_report import render_text

    plan = plan_for(
        **URGENT, pain="present", cancer_history=True, imaging_typical="atypical", antithrombotic="warfarin", inr=4,
        anticoagulation_reason="mechanical_valve", planned_resection="en_bloc", anesthesia="neuraxial", planned_radiation_dose_cgy=800,
    )  # fmt: skip
    critical = [c["id"] for c in plan["conclusions"] if c["severity"] == "critical"]
    assert len(critical) > 5 or sum(len(c["headline"].split()) for c in plan["conclusions"] if c["severity"] == "critical") > 90
    assert set(critical) <= {c["id"] for c in plan["card"]}
    next_steps = render_text(plan).split("\nNext steps\n")[-1].split("\nDetails and evidence")[0]
    assert "CRITICAL" not in next_steps.upper(), "nothing critical is left under Next steps"
    assert [c["group"] for c in plan["conclusions"][:4]] == ["urgency", "urgency", "danger", "danger"], "reversal before the pitfalls"


@pytest.mark.parametrize("drug", ["clopidogrel", "prasugrel", "ticagrelor"])
def test_an_unverified_interval_says_so_beside_its_headline_acc_aha_perioperative(drug):
    from hemangioma_calc.text_report import render_text

    plan = plan_for(pain="refractory", antithrombotic=drug, anesthesia="general")
    line = conclusion(plan, "planned-interval")
    assert line["verification_label"] == "UNVERIFIED"
    assert f"{line['headline']}" in render_text(plan) and "(UNVERIFIED)" in render_text(plan)
    assert conclusion(plan_for(pain="refractory", antithrombotic="warfarin", anesthesia="general"), "planned-interval")["verification_label"] is None


# Audit: reversal is advised outright only where the urgency is real (a deficit) -----------------
def test_urgent_warfarin_without_a_deficit_reverses_only_if_the_procedure_cannot_wait_griffiths2021_douketis2022():
    plan = plan_for(level="T8", pain="refractory", surgery_timing="urgent", antithrombotic="warfarin", anticoagulation_reason="af_low_risk", inr=2.6)
    line = conclusion(plan, "inr-above-surgery-if-urgent")
    assert line["severity"] == "warning" and cites(line, "griffiths2021")
    assert "only if the procedure cannot wait" in line["headline"] and "urgent-without-deficit" in line["assumptions"]
    assert "inr-above-surgery" not in drawn(plan) and "urgent-without-deficit" in drawn(plan)
    with_deficit = plan_for(**URGENT, antithrombotic="warfarin", anticoagulation_reason="af_low_risk", inr=2.6)
    assert severity_of(with_deficit, "inr-above-surgery") == "critical"


# Audit: the chemical-shift MRI work-up rests on a candidate reference, shown as one ---------------
def test_the_chemical_shift_mri_work_up_cites_its_unverified_candidate_not_kato2024_alone():
    plan = plan_for(cancer_history=True, imaging_typical="atypical")
    work_up = conclusion(plan, "gate-work-up")
    assert "chemical-shift MRI" in work_up["headline"] and cites(work_up, "kato2024", "chemical-shift-mri")
    (reference,) = [r for r in plan["references"] if r["key"] == "chemical-shift-mri"]
    assert reference["label"].startswith("Not identified")


# Audit: one unknown clearance, one conclusion, as serious as its worst consequence ----------------
def test_a_planned_stop_and_block_with_no_clearance_ask_for_it_once_and_critically_douketis2019_kopp2025():
    plan = plan_for(
        pain="refractory",
        antithrombotic="dabigatran",
        anticoagulation_reason="af_low_risk",
        anesthesia="neuraxial",
        planned_vertebroplasty_alone=True,
    )
    line = conclusion(plan, "block-and-stop-crcl-unknown")
    assert line["severity"] == "critical" and cites(line, "douketis2019")
    assert not {"planned-crcl-unknown", "block-crcl-unknown"} & set(drawn(plan))
    assert sum("measure the creatinine clearance" in c["headline"] for c in plan["conclusions"]) == 1


# A thrombosis the case does not state is said as a possibility ------------------------------------
def test_a_cancer_vte_line_without_the_reason_entered_is_conditional_ref6():
    unknown = plan_for(**URGENT, cancer_history=True, imaging_typical="typical", antithrombotic="apixaban", creatinine_clearance=60)
    line = conclusion(unknown, "cancer-vte-if")
    assert line["headline"].startswith("Apixaban: if it treats a cancer-associated") and cites(line, "article-ref-6")
    assert "cancer-vte" not in drawn(unknown)
    stated = plan_for(
        **URGENT,
        cancer_history=True,
        imaging_typical="typical",
        antithrombotic="apixaban",
        creatinine_clearance=60,
        anticoagulation_reason="vte_recent",
    )
    assert "cancer-vte" in drawn(stated) and "cancer-vte-if" not in drawn(stated)


# Audit 2: a value further from the threshold, or not known, is never spoken of more softly ---------
def test_urgent_warfarin_above_2_with_a_spinal_entered_rules_out_the_block_griffiths2021():
    high = plan_for(**URGENT, antithrombotic="warfarin", anticoagulation_reason="af_low_risk", inr=2.6, anesthesia="neuraxial")
    line = conclusion(high, "inr-above-block")
    assert line["severity"] == "critical" and "choose general anaesthesia" in line["headline"] and cites(line, "griffiths2021")
    unknown = plan_for(**URGENT, antithrombotic="warfarin", anticoagulation_reason="af_low_risk", anesthesia="neuraxial")
    assert severity_of(unknown, "inr-unknown-block") == "critical"
    assert severity_of(plan_for(**URGENT, antithrombotic="warfarin", inr=1.7, anesthesia="neuraxial"), "inr-between-block") == "critical"


def test_an_unknown_last_dose_before_an_urgent_block_points_to_general_anaesthesia_kopp2025():
    plan = plan_for(**URGENT, antithrombotic="apixaban", anticoagulation_reason="af_low_risk", creatinine_clearance=60, anesthesia="neuraxial")
    line = conclusion(plan, "block-last-dose-not-known")
    assert line["severity"] == "critical" and "choose general anaesthesia" in line["headline"]
    assert sum("record the time of the last dose" in c["headline"] for c in plan["conclusions"]) == 1


def test_an_unknown_clearance_before_urgent_surgery_does_not_read_as_a_wait_douketis2019():
    plan = plan_for(**URGENT, antithrombotic="dabigatran", anticoagulation_reason="af_low_risk", anesthesia="general")
    headline = conclusion(plan, "crcl-and-last-dose-unknown-urgent")["headline"]
    assert "decide timing and reversal with haematology" in headline and "surgery is safe" not in headline


def test_an_urgent_last_dose_past_the_block_interval_says_it_is_met_kopp2025():
    plan = plan_for(
        **URGENT,
        antithrombotic="apixaban",
        anticoagulation_reason="af_low_risk",
        creatinine_clearance=80,
        hours_since_last_dose=80,
        anesthesia="neuraxial",
    )
    assert "80 h ago: at least the 72 h" in conclusion(plan, "block-interval-met")["headline"]


def test_osteoporosis_favours_vertebroplasty_only_where_a_compression_fracture_coexists_acosta2006():
    assert not {"osteoporosis-vertebroplasty", "osteoporosis-fracture-second-line"} & set(drawn(plan_for(pain="refractory", osteoporosis=True)))
    assert "osteoporosis-fracture-second-line" in drawn(plan_for(pain="refractory", osteoporosis=True, compression_fracture=True))
    assert "osteoporosis-vertebroplasty" in drawn(plan_for(pain="present", osteoporosis=True, compression_fracture=True))


def test_osteoporosis_with_a_fracture_and_a_deficit_keeps_the_augmented_fixation_caveat_vasudeva2016():
    plan = plan_for(level="L1", pain="present", neurological_deficit=True, osteoporosis=True, compression_fracture=True)
    line = conclusion(plan, "osteoporosis-fixation-if")
    assert "augmented fixation" in line["headline"] and cites(line, "vasudeva2016")


def test_the_corpectomy_names_an_entered_instability_among_its_reasons_acosta2006_vasudeva2016():
    plan = plan_for(level="T11", pain="present", neurological_deficit=True, instability=True, aggressive_features=["extraosseous_extension"])
    line = conclusion(plan, "surgery-corpectomy")
    assert line["headline"].endswith("for the extraosseous extension and the instability.")
    assert cites(line, "acosta2006", "vasudeva2016")  # one approach only among the evidence (H-deficit invariant)
    assert "the instability" not in conclusion(plan_for(level="C5", pain="present", neurological_deficit=True), "surgery-corpectomy")["headline"]


def test_the_corpectomy_names_what_calls_for_it_vasudeva2016_acosta2006():
    epidural = conclusion(
        plan_for(level="T10", pain="present", neurological_deficit=True, aggressive_features=["epidural_extension"]), "surgery-corpectomy"
    )
    assert "epidural extension (taken as extraosseous)" in epidural["headline"] and "cervical" not in epidural["headline"]
    cervical = conclusion(plan_for(level="C5", pain="present", neurological_deficit=True), "surgery-corpectomy")
    assert "cervical level (C5)" in cervical["headline"] and "extension" not in cervical["headline"]


def test_behind_the_gate_a_proposed_treatment_waits_for_the_diagnosis_not_for_the_pain_kato2024():
    plan = plan_for(level="L2", pain="refractory", cancer_history=True, imaging_typical="not_assessed", planned_radiation_dose_cgy=3000)
    line = conclusion(plan, "treatment-before-diagnosis")
    assert "the planned radiation (3000 cGy)" in line["headline"] and "imaging not yet assessed" in line["headline"]
    assert not {"radiation-not-indicated", "radiation-dose-in-range"} & set(drawn(plan))


def test_a_conclusion_resting_on_secondary_evidence_says_so_beside_its_headline_kopp2025():
    plan = plan_for(
        pain="refractory", antithrombotic="apixaban", anticoagulation_reason="af_low_risk", creatinine_clearance=60, anesthesia="neuraxial"
    )
    line = conclusion(plan, "block-interval")
    assert line["verification_label"] and line["verification_label"].startswith("Read in secondary summaries")


def test_the_note_for_the_record_holds_the_case_every_critical_conclusion_its_references_and_the_version():
    from hemangioma_calc.text_report import record_note

    plan = plan_for(
        level="T8",
        sex="female",
        age=70,
        pain="refractory",
        neurological_deficit=True,
        cancer_history=True,
        osteoporosis=True,
        antithrombotic="apixaban",
        creatinine_clearance=35,
    )
    note = record_note(plan)
    assert plan["case_summary"] in note and plan["provenance"]["content_version"] in note and plan["provenance"]["last_reviewed"] in note
    for c in plan["conclusions"]:
        assert (c["headline"] in note) == (c["severity"] == "critical" or c["id"] in ids(plan["card"])), c["id"]
    cited = {r["number"] for r in plan["references"] if any(r["key"] in c["citations"] for c in plan["conclusions"] if c["headline"] in note)}
    assert all(f"[{n}] " in note for n in cited)


def test_a_dose_in_the_lower_part_of_the_range_is_flagged_against_the_radiotherapy_series_rades2003_heyd2010():
    # Within 2600-4500 cGy, the series found better relief (and local control) from 34 Gy up.
    for case in ({"pain": "refractory"}, {"neurological_deficit": True, "planned_resection": "subtotal"}):
        for dose, template, severity in ((2600, "lower-range", "warning"), (3399, "lower-range", "warning"), (3400, "in-range", "info")):
            plan = plan_for(**case, planned_radiation_dose_cgy=dose)
            suffix = "-postop" if "planned_resection" in case else ""
            line = conclusion(plan, f"radiation-dose-{template}{suffix}")
            assert line["severity"] == severity and f"{dose} cGy" in line["headline"], (case, dose)
            assert "radiation-dose-response" in line["evidence"] and cites(line, "rades2003", "heyd2010"), (case, dose)

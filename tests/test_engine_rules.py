"""One test per clinical rule of the guideline, each asserting the rule's citation.

Reference keys: fox1993 [1], article-ref-2 [2], vasudeva2016 [3], acosta2006 [4], article-ref-5 [5],
article-ref-6 [6], griffiths2021 [7], douketis2019 (PAUSE), kopp2025 (ASRA), douketis2022 (CHEST).
"""

from __future__ import annotations

import pytest
from plans import cites, entry, ids, plan_for

from hemangioma_calc.typed_data import InvalidData


def test_incidental_asymptomatic_lesion_is_observed_without_follow_up_fox1993_ref2():
    plan = plan_for(pain="none")
    assert plan["pathway"] == "observation"
    assert cites(entry(plan["steps"], "asymptomatic-no-treatment"), "fox1993", "article-ref-2")
    assert cites(entry(plan["follow_up"], "observe-incidental"), "fox1993", "article-ref-2")
    assert "asymptomatic-annual-exception" not in ids(plan["steps"] + plan["follow_up"])


def test_young_woman_with_thoracic_lesion_has_annual_surveillance_fox1993():
    plan = plan_for(sex="female", age=30, level="T8")
    assert plan["pathway"] == "surveillance"
    step = entry(plan["steps"], "asymptomatic-annual-exception")
    assert cites(step, "fox1993")
    assert step["source_note"], "the article departs from Fox and Onofrio here: a source note must show"
    assert "young-age-cutoff" in ids(plan["assumptions"])


def test_young_is_an_assumption_applied_at_its_cut_off(source):
    cutoff = int(source.guideline.assumption_value("young-age-cutoff"))
    assert plan_for(sex="female", age=cutoff - 1, level="T8")["pathway"] == "surveillance"
    assert plan_for(sex="female", age=cutoff, level="T8")["pathway"] == "observation"


def test_men_and_non_thoracic_lesions_are_not_young_woman_thoracic_risk_fox1993():
    assert plan_for(sex="male", age=25, level="T8")["pathway"] == "observation"
    assert plan_for(sex="female", age=25, level="L1")["pathway"] == "observation"


def test_aggressive_imaging_feature_leads_to_surveillance_vasudeva2016_acosta2006():
    for feature in ("bony_expansion", "epidural_extension", "extraosseous_extension"):
        plan = plan_for(aggressive_features=[feature])
        assert plan["pathway"] == "surveillance"
        assert "aggressive-features-surveillance" in ids(plan["assumptions"])


def test_pain_without_deficit_is_conservative_first_line_ref5_ref2():
    plan = plan_for(pain="present")
    assert plan["pathway"] == "conservative"
    assert cites(entry(plan["steps"], "pain-conservative-first"), "article-ref-5", "article-ref-2")


def test_pain_at_the_level_is_the_warning_sign_4_4_months_fox1993(source):
    plan = plan_for(pain="present")
    line = entry(plan["follow_up"], "risk-pain-warning-sign")
    assert cites(line, "fox1993") and "4.4 months" in line["text"]


def test_refractory_pain_gets_embolization_radiation_or_vertebroplasty_acosta2006_fox1993():
    plan = plan_for(pain="refractory")
    assert plan["pathway"] == "second_line"
    assert cites(entry(plan["steps"], "pain-embolization"), "acosta2006")
    assert cites(entry(plan["steps"], "pain-radiation"), "fox1993")
    assert cites(entry(plan["steps"], "pain-vertebroplasty"), "acosta2006")
    assert "3 of 4" in entry(plan["steps"], "pain-embolization")["text"]


def test_radiation_range_is_2600_to_4500_cgy_fox1993(source):
    data = source.guideline.item("pain-radiation").data
    assert (data["dose_min_cgy"], data["dose_max_cgy"]) == (2600, 4500)
    assert plan_for(pain="refractory", planned_radiation_dose_cgy=3000)["warnings"] == []


def test_compression_fracture_puts_vertebroplasty_first_acosta2006():
    plan = plan_for(pain="refractory", compression_fracture=True)
    assert plan["steps"][0]["id"] == "pain-vertebroplasty"


def test_deficit_leads_to_three_step_surgery_fox1993_vasudeva2016_acosta2006():
    plan = plan_for(pain="present", neurological_deficit=True)
    assert plan["pathway"] == "surgery"
    assert cites(entry(plan["steps"], "deficit-surgery"), "fox1993", "vasudeva2016", "acosta2006")
    order = ids(plan["steps"])
    assert order.index("surgery-angiography") < order.index("surgery-laminectomy") < order.index("surgery-postop-radiation")


def test_catheter_angiography_before_surgery_fox1993():
    plan = plan_for(neurological_deficit=True)
    step = entry(plan["steps"], "surgery-angiography")
    assert cites(step, "fox1993") and "catheter" in step["text"]


def test_preoperative_embolization_fox1993_acosta2006():
    assert cites(entry(plan_for(neurological_deficit=True)["steps"], "surgery-preop-embolization"), "fox1993", "acosta2006")


def test_intraosseous_stenosis_without_instability_gets_laminectomy_acosta2006_ref2():
    plan = plan_for(neurological_deficit=True, level="T8")
    assert cites(entry(plan["steps"], "surgery-laminectomy"), "acosta2006", "article-ref-2")
    assert "surgery-corpectomy" not in ids(plan["steps"])


def test_extraosseous_extension_or_cervical_lesion_gets_corpectomy_vasudeva2016_acosta2006():
    for case in ({"aggressive_features": ["extraosseous_extension"]}, {"level": "C5"}):
        plan = plan_for(neurological_deficit=True, **case)
        assert cites(entry(plan["steps"], "surgery-corpectomy"), "vasudeva2016", "acosta2006")
        assert "surgery-laminectomy" not in ids(plan["steps"])


def test_epidural_extension_is_treated_as_extraosseous_assumption():
    plan = plan_for(neurological_deficit=True, aggressive_features=["epidural_extension"])
    assert "surgery-corpectomy" in ids(plan["steps"])
    assert "epidural-as-extraosseous" in ids(plan["assumptions"])


def test_instability_excludes_laminectomy_alone_assumption():
    plan = plan_for(neurological_deficit=True, instability=True)
    assert "surgery-instability" in ids(plan["steps"]) and "surgery-laminectomy" not in ids(plan["steps"])
    assert "instability-approach" in ids(plan["assumptions"])


def test_en_bloc_is_never_advised_and_is_flagged_vasudeva2016():
    plan = plan_for(neurological_deficit=True, planned_resection="en_bloc")
    warning = entry(plan["warnings"], "pitfall-en-bloc")
    assert warning["severity"] == "critical" and cites(warning, "vasudeva2016")


def test_postoperative_radiation_after_subtotal_resection_fox1993():
    plan = plan_for(neurological_deficit=True, planned_resection="subtotal")
    step = entry(plan["steps"], "surgery-postop-radiation")
    assert cites(step, "fox1993") and "2600-4500 cGy" in step["text"]


def test_intraoperative_vertebroplasty_for_residual_tumour_vasudeva2016():
    assert cites(entry(plan_for(neurological_deficit=True)["steps"], "surgery-intraop-vertebroplasty"), "vasudeva2016")


def test_dose_of_1000_cgy_or_less_is_a_critical_warning_fox1993():
    for dose in (0, 500, 1000):
        warning = entry(plan_for(pain="refractory", planned_radiation_dose_cgy=dose)["warnings"], "pitfall-low-dose")
        assert warning["severity"] == "critical" and cites(warning, "fox1993") and "3 of 6" in warning["text"]
    assert "pitfall-low-dose" not in ids(plan_for(pain="refractory", planned_radiation_dose_cgy=1001)["warnings"])


def test_dose_between_1000_and_2600_cgy_warns_with_the_dose_response_series_rades2003_heyd2010():
    warning = entry(plan_for(pain="refractory", planned_radiation_dose_cgy=2000)["warnings"], "radiation-dose-response")
    assert warning["severity"] == "warning" and cites(warning, "rades2003", "heyd2010")
    assert "below the article's 2600-4500 cGy range" in warning["detail"] and "radiation oncology" in warning["detail"]


def test_dose_above_4500_cgy_is_outside_the_evidence_and_refers_to_radiation_oncology_fox1993():
    warning = entry(plan_for(pain="refractory", planned_radiation_dose_cgy=5000)["warnings"], "pain-radiation")
    assert warning["severity"] == "warning" and "above the article's 2600-4500 cGy range" in warning["detail"]
    assert "does not cover it" in warning["detail"] and "local protocol" in warning["detail"]


def test_dose_within_2600_4500_cgy_for_refractory_pain_raises_no_dose_warning_fox1993():
    for dose in (2600, 3600, 4500):
        warnings = plan_for(pain="refractory", planned_radiation_dose_cgy=dose)["warnings"]
        assert not {"pain-radiation", "radiation-dose-response", "pitfall-low-dose"} & set(ids(warnings))


def test_deficit_warns_against_delaying_surgery_for_embolization_or_radiation_fox1993_ref2():
    warning = entry(plan_for(neurological_deficit=True)["warnings"], "pitfall-delay-surgery")
    assert warning["severity"] == "critical" and cites(warning, "fox1993", "article-ref-2")


def test_vertebroplasty_alone_with_deficit_is_critical_acosta2006_ref2():
    plan = plan_for(neurological_deficit=True, planned_vertebroplasty_alone=True)
    warning = entry(plan["warnings"], "pitfall-vertebroplasty-alone")
    assert warning["severity"] == "critical" and cites(warning, "acosta2006", "article-ref-2")
    assert plan["pathway"] == "surgery"


def test_observation_warns_against_routine_surveillance_fox1993():
    warning = entry(plan_for()["warnings"], "pitfall-routine-surveillance")
    assert cites(warning, "fox1993")


def test_cancer_history_with_typical_imaging_has_no_contraindication_ref6_kato2024():
    plan = plan_for(cancer_history=True, imaging_typical="typical")
    assert cites(entry(plan["considerations"], "cancer-confirm-diagnosis"), "kato2024")
    assert cites(entry(plan["considerations"], "cancer-no-contraindication"), "article-ref-6")
    assert "cancer-confirm-diagnosis" not in ids(plan["steps"] + plan["warnings"])


def test_cancer_associated_vte_anticoagulation_follows_standard_protocol_ref6():
    plan = plan_for(cancer_history=True, antithrombotic="apixaban")
    assert cites(entry(plan["considerations"], "cancer-vte-anticoagulation"), "article-ref-6")


def test_osteoporosis_vertebroplasty_with_fracture_acosta2006_and_augmented_fixation_vasudeva2016():
    plan = plan_for(osteoporosis=True, pain="refractory", compression_fracture=True)
    assert cites(entry(plan["considerations"], "osteoporosis-vertebroplasty"), "acosta2006")
    plan = plan_for(osteoporosis=True, neurological_deficit=True)
    assert cites(entry(plan["considerations"], "osteoporosis-fixation"), "vasudeva2016")


def test_aspirin_or_clopidogrel_does_not_delay_urgent_surgery_griffiths2021():
    for drug in ("aspirin", "clopidogrel"):
        plan = plan_for(neurological_deficit=True, antithrombotic=drug, anesthesia="general")
        rule = entry(plan["perioperative"]["items"], "anticoag-no-delay-antiplatelet")
        assert cites(rule, "griffiths2021") and rule["source_note"], "hip-fracture context must show"


def test_warfarin_inr_thresholds_2_0_surgery_1_5_spinal_griffiths2021():
    plan = plan_for(neurological_deficit=True, antithrombotic="warfarin", inr=1.7, anesthesia="neuraxial")
    warning = entry(plan["warnings"], "anticoag-warfarin-inr")
    assert cites(warning, "griffiths2021") and "not below 1.5" in warning["detail"]
    assert warning["severity"] == "critical" and "not below the article's 2.0" not in warning["detail"]
    calm = plan_for(neurological_deficit=True, antithrombotic="warfarin", inr=1.4, anesthesia="neuraxial")
    assert "anticoag-warfarin-inr" not in ids(calm["warnings"])
    high = plan_for(neurological_deficit=True, antithrombotic="warfarin", inr=2.0, anesthesia="general")
    assert "not below the article's 2.0" in entry(high["warnings"], "anticoag-warfarin-inr")["detail"]


def test_warfarin_without_inr_asks_for_it_griffiths2021():
    plan = plan_for(neurological_deficit=True, antithrombotic="warfarin")
    rule = entry(plan["perioperative"]["items"], "anticoag-warfarin-inr")
    assert rule["kind"] == "measure" and "measure the INR now" in rule["detail"]


def test_planned_warfarin_stops_5_days_without_bridging_douketis2022():
    plan = plan_for(pain="refractory", antithrombotic="warfarin", anesthesia="general")
    interval = entry(plan["perioperative"]["items"], "anticoag-warfarin-planned")
    assert cites(interval, "douketis2022") and "stop 5 days before" in interval["detail"]


def test_planned_apixaban_last_dose_3_days_before_restart_2_to_3_days_douketis2019():
    plan = plan_for(pain="refractory", antithrombotic="apixaban", anesthesia="general")
    interval = entry(plan["perioperative"]["items"], "anticoag-doac-planned")
    assert cites(interval, "douketis2019")
    assert interval["detail"].startswith("Apixaban: last dose 3 days before (2 days without the drug); restart 2-3 days after.")


def test_planned_dabigatran_interval_depends_on_creatinine_clearance_douketis2019():
    def detail(crcl):
        plan = plan_for(pain="refractory", antithrombotic="dabigatran", creatinine_clearance=crcl, anesthesia="general")
        return entry(plan["perioperative"]["items"], "anticoag-dabigatran-planned")["detail"]

    assert "2 days without the drug" in detail(50)
    assert "4 days without the drug" in detail(49)
    missing = plan_for(pain="refractory", antithrombotic="dabigatran", anesthesia="general")
    assert entry(missing["perioperative"]["items"], "anticoag-dabigatran-planned")["kind"] == "measure"


def test_edoxaban_handled_like_apixaban_is_an_assumption_douketis2019():
    plan = plan_for(pain="refractory", antithrombotic="edoxaban", anesthesia="general")
    assert "edoxaban-as-xa" in ids(plan["assumptions"])


def test_neuraxial_intervals_and_general_anaesthesia_option_kopp2025_griffiths2021():
    plan = plan_for(pain="refractory", antithrombotic="rivaroxaban", anesthesia="neuraxial")
    items = plan["perioperative"]["items"]
    neuraxial = entry(items, "anticoag-neuraxial-intervals")
    assert cites(neuraxial, "kopp2025") and "72 hours" in neuraxial["detail"]
    assert neuraxial["verification"] == "secondary"
    assert cites(entry(items, "anticoag-general-anaesthesia"), "griffiths2021")
    assert "1:118,000" in entry(items, "anticoag-neuraxial-risk")["text"]


def test_dabigatran_below_30_ml_min_avoids_neuraxial_block_unverified():
    plan = plan_for(pain="refractory", antithrombotic="dabigatran", creatinine_clearance=25, anesthesia="neuraxial")
    warning = entry(plan["warnings"], "anticoag-neuraxial-intervals")
    assert warning["severity"] == "critical" and warning["verification"] == "unverified"


def test_general_anaesthesia_drops_the_neuraxial_items():
    plan = plan_for(pain="refractory", antithrombotic="apixaban", anesthesia="general")
    assert "anticoag-neuraxial-intervals" not in ids(plan["perioperative"]["items"])


def test_no_procedure_no_perioperative_plan():
    assert plan_for(pain="present", antithrombotic="warfarin", inr=2.5)["perioperative"] is None


def test_urgent_prasugrel_has_no_invented_rule_assumption():
    plan = plan_for(neurological_deficit=True, antithrombotic="prasugrel", anesthesia="general")
    assert entry(plan["perioperative"]["items"], "no-urgent-rule")["citations"] == ["griffiths2021"]


def test_procedure_other_than_surgery_uses_high_bleeding_risk_intervals_assumption():
    plan = plan_for(pain="refractory", antithrombotic="apixaban", anesthesia="general")
    assert "procedure-bleeding-risk" in ids(plan["assumptions"])


# --- the cases a careful clinician found wrong (issue 11), one rule each ------------------------
def _all_text(plan):
    """Every word a reader sees in the plan's lines."""
    periop = plan["perioperative"]["items"] if plan["perioperative"] else []
    lines = [*plan["steps"], *plan["follow_up"], *plan["warnings"], *periop, *plan["considerations"]]
    return " ".join(f"{line['text']} {line['detail'] or ''}" for line in lines) + " " + " ".join(a["text"] for a in plan["next_actions"])


def test_inr_below_2_0_is_never_a_clearance_for_planned_spine_surgery_griffiths2021_douketis2022():
    plan = plan_for(neurological_deficit=True, antithrombotic="warfarin", inr=1.9, anesthesia="general", surgery_timing="planned")
    assert "below 2.0 for surgery" not in _all_text(plan)
    check = entry(plan["perioperative"]["items"], "planned-inr-target")
    assert check["kind"] == "measure" and "team's target" in check["detail"]
    assert "planned-inr-target" in ids(plan["assumptions"])


def test_urgent_inr_below_2_0_is_the_articles_threshold_not_a_clearance_griffiths2021():
    plan = plan_for(neurological_deficit=True, antithrombotic="warfarin", inr=1.9, anesthesia="general")
    line = entry(plan["perioperative"]["items"], "anticoag-warfarin-inr")
    assert "not a clearance for spine surgery" in line["detail"] and line["source_note"]
    assert "hip-fracture surgery" in line["text"]


def test_no_bridging_applies_only_at_low_thrombotic_risk_douketis2015_douketis2019_douketis2012():
    low = plan_for(pain="refractory", antithrombotic="warfarin", anticoagulation_reason="af_low_risk", anesthesia="general")
    assert cites(entry(low["perioperative"]["items"], "bridging-low-risk"), "douketis2015", "douketis2019")
    for reason in ("mechanical_valve", "vte_recent", "af_high_risk", "thrombophilia", None):
        case = {"anticoagulation_reason": reason} if reason else {}
        plan = plan_for(pain="refractory", antithrombotic="apixaban", anesthesia="general", **case)
        assert "bridging-low-risk" not in ids(plan["perioperative"]["items"]), reason
        warning = entry(plan["warnings"], "bridging-high-risk")
        assert cites(warning, "douketis2012", "thrombotic-risk-review") and "haematology" in warning["text"]
        assert "no heparin bridging" not in _all_text(plan).lower(), reason


def test_recent_venous_thromboembolism_defers_a_planned_procedure_secondary():
    plan = plan_for(pain="refractory", antithrombotic="rivaroxaban", anticoagulation_reason="vte_recent", anesthesia="general")
    line = entry(plan["perioperative"]["items"], "vte-defer-procedure")
    assert "3 months" in line["text"] and line["verification"] == "secondary"


def test_cancer_history_without_typical_imaging_gates_the_plan_kato2024():
    for imaging in (None, "atypical", "not_assessed"):
        case = {"imaging_typical": imaging} if imaging else {}
        plan = plan_for(cancer_history=True, neurological_deficit=True, aggressive_features=["epidural_extension"], **case)
        assert plan["steps"][0]["id"] == "cancer-confirm-diagnosis" and plan["steps"][0]["kind"] == "gate"
        warning = entry(plan["warnings"], "cancer-confirm-diagnosis")
        assert warning["severity"] == "critical" and cites(warning, "kato2024")
        assert plan["warnings"][0]["id"] == "cancer-confirm-diagnosis"
        assert "must not delay decompression" in warning["detail"]
        assert plan["next_actions"][0]["id"] == "cancer-confirm-diagnosis"


def test_atypical_imaging_without_cancer_is_worked_up_assumption_kato2024():
    plan = plan_for(imaging_typical="atypical")
    assert plan["steps"][0]["id"] == "atypical-imaging-confirm"
    assert entry(plan["warnings"], "atypical-imaging-confirm")["severity"] == "warning"
    assert "atypical-imaging-confirm" in ids(plan["assumptions"])


def test_painful_lesions_get_annual_neurological_and_radiological_follow_up_fox1993():
    plan = plan_for(sex="female", age=22, level="T9", pain="present")
    line = entry(plan["follow_up"], "painful-annual-follow-up")
    assert cites(line, "fox1993") and "annual neurological and radiological" in line["text"]
    assert line["detail"]  # a young woman with a thoracic lesion: the group it stresses
    for case in ({"pain": "present", "aggressive_features": ["bony_expansion"]}, {"pain": "refractory"}):
        assert "painful-annual-follow-up" in ids(plan_for(**case)["follow_up"])


def test_urgent_doac_plan_uses_clearance_and_time_since_last_dose_douketis2019_griffiths2021():
    def plan(**case):
        return plan_for(neurological_deficit=True, antithrombotic="apixaban", anesthesia="general", **case)

    short = plan(creatinine_clearance=80, hours_since_last_dose=20)
    warning = entry(short["warnings"], "urgent-doac-last-dose")
    assert "20 hours ago" in warning["detail"] and "72 hours" in warning["detail"]
    enough = plan(creatinine_clearance=80, hours_since_last_dose=80)
    assert entry(enough["perioperative"]["items"], "urgent-doac-last-dose")["kind"] == "rule"
    unknown = plan(creatinine_clearance=80)
    assert entry(unknown["perioperative"]["items"], "urgent-doac-last-dose")["kind"] == "measure"
    severe = plan(creatinine_clearance=10, hours_since_last_dose=20)
    assert "renal-function-outside-evidence" in ids(severe["warnings"])
    assert plan(creatinine_clearance=10)["perioperative"] != plan(creatinine_clearance=35)["perioperative"]


def test_urgent_dabigatran_last_dose_yardstick_follows_its_renal_band_douketis2019():
    low = plan_for(neurological_deficit=True, antithrombotic="dabigatran", creatinine_clearance=40, hours_since_last_dose=100, anesthesia="general")
    assert "120 hours" in entry(low["warnings"], "urgent-doac-last-dose")["detail"]


def test_urgent_doac_or_clopidogrel_with_a_neuraxial_block_too_soon_is_critical_kopp2025():
    doac = plan_for(
        neurological_deficit=True, antithrombotic="rivaroxaban", creatinine_clearance=70, hours_since_last_dose=30, anesthesia="neuraxial"
    )
    warning = entry(doac["warnings"], "anticoag-neuraxial-intervals")
    assert warning["severity"] == "critical" and "general anaesthesia" in warning["detail"]
    clopidogrel = plan_for(neurological_deficit=True, antithrombotic="clopidogrel", hours_since_last_dose=24, anesthesia="neuraxial")
    assert entry(clopidogrel["warnings"], "anticoag-neuraxial-intervals")["severity"] == "critical"
    unknown = plan_for(neurological_deficit=True, antithrombotic="apixaban", anesthesia="neuraxial")
    assert entry(unknown["warnings"], "anticoag-neuraxial-intervals")["severity"] == "warning"


def test_antiplatelet_intervals_cite_acc_aha_guidance_not_chest():
    plan = plan_for(pain="refractory", antithrombotic="clopidogrel", anesthesia="general")
    interval = entry(plan["perioperative"]["items"], "anticoag-antiplatelet-planned")
    assert interval["citations"] == ["acc-aha-perioperative"] and interval["verification"] == "unverified"


def test_aggressive_feature_surveillance_is_shown_as_an_assumption_not_a_cited_rule(source):
    assert "aggressive" not in source.guideline.item("asymptomatic-annual-exception").text
    plan = plan_for(aggressive_features=["bony_expansion"])
    assert ids(plan["steps"]) == ["aggressive-features-surveillance"]
    assert plan["steps"][0]["section"] == "assumptions"


def test_reversal_only_when_the_inr_calls_for_it_douketis2022():
    def reversal(inr, anesthesia="general"):
        plan = plan_for(neurological_deficit=True, antithrombotic="warfarin", inr=inr, anesthesia=anesthesia)
        return "anticoag-vka-reversal" in ids(plan["perioperative"]["items"])

    assert not reversal(1.2) and not reversal(1.9)
    assert reversal(2.0) and reversal(2.8)
    assert reversal(1.7, "neuraxial") and not reversal(1.4, "neuraxial")


def test_neuraxial_risk_statement_names_its_hip_fracture_population_griffiths2021():
    plan = plan_for(pain="refractory", antithrombotic="apixaban", anesthesia="neuraxial")
    assert "hip-fracture" in entry(plan["perioperative"]["items"], "anticoag-neuraxial-risk")["text"]


def test_deficit_entered_as_planned_flags_the_conflict_with_interruption_fox1993():
    plan = plan_for(neurological_deficit=True, antithrombotic="warfarin", surgery_timing="planned", anesthesia="general")
    warning = entry(plan["warnings"], "pitfall-delay-surgery")
    assert "entered as planned" in warning["detail"] and warning["severity"] == "critical"
    assert "anticoag-warfarin-planned" in ids(plan["perioperative"]["items"])


def test_urgent_surgery_on_prophylactic_heparin_follows_local_protocol_not_haematology():
    plan = plan_for(neurological_deficit=True, antithrombotic="lmwh_prophylactic", anesthesia="general")
    assert ids(plan["perioperative"]["items"]) == ["lmwh-surgical-interval"]
    assert "haematology" not in _all_text(plan)


def test_article_terms_kept_catheter_based_angiography_mra_cta_preoperative_transarterial_embolization():
    plan = plan_for(neurological_deficit=True)
    assert "MRA/CTA" in entry(plan["steps"], "surgery-angiography")["text"]
    assert "preoperative transarterial embolization" in entry(plan["steps"], "surgery-preop-embolization")["text"]


# --- noise ------------------------------------------------------------------------------------
def test_observation_plan_has_no_duplicate_lines():
    plan = plan_for()
    lines = ids(plan["steps"] + plan["follow_up"])
    assert len(lines) == len(set(lines))


def test_a_line_is_either_a_warning_or_a_perioperative_item_never_both():
    for case in (
        {"antithrombotic": "warfarin", "inr": 2.8},
        {"antithrombotic": "apixaban", "creatinine_clearance": 10},
        {"antithrombotic": "dabigatran", "anesthesia": "neuraxial", "creatinine_clearance": 20},
    ):
        plan = plan_for(neurological_deficit=True, **case)
        assert not set(ids(plan["warnings"])) & set(ids(plan["perioperative"]["items"])), case


def test_missing_clearance_asked_once_in_urgent_doac_plans():
    plan = plan_for(neurological_deficit=True, antithrombotic="apixaban", anesthesia="general")
    assert ids(plan["perioperative"]["items"]).count("anticoag-doac-timing") == 1


def test_cervical_corpectomy_shows_no_neuraxial_boilerplate():
    plan = plan_for(neurological_deficit=True, level="C5", antithrombotic="apixaban")
    periop = ids(plan["perioperative"]["items"])
    assert "anticoag-neuraxial-intervals" not in periop and "anticoag-neuraxial-risk" not in periop
    assert "open-surgery-general-anaesthesia" in ids(plan["assumptions"])


def test_radiation_is_not_given_the_procedure_interruption_intervals():
    plan = plan_for(pain="refractory", antithrombotic="apixaban", planned_radiation_dose_cgy=3000, anesthesia="general")
    assert "radiation therapy alone" in plan["perioperative"]["procedure"]


def test_doac_neuraxial_intervals_assume_a_treatment_dose_kopp2025():
    plan = plan_for(pain="refractory", antithrombotic="apixaban", creatinine_clearance=80, anesthesia="neuraxial")
    assert "doac-treatment-dose" in ids(plan["assumptions"])
    assert "doac-treatment-dose" not in ids(
        plan_for(pain="refractory", antithrombotic="apixaban", creatinine_clearance=80, anesthesia="general")["assumptions"]
    )


def test_sacral_lesion_with_a_procedure_says_the_evidence_is_silent_assumption():
    plan = plan_for(level="S1", pain="refractory")
    line = entry(plan["considerations"], "sacral-level-evidence")
    assert "local protocol" in line["text"] and "sacral-level-evidence" in ids(plan["assumptions"])
    assert "sacral-level-evidence" not in ids(plan_for(level="S1")["considerations"])


def test_urgent_surgery_on_aspirin_next_action_names_the_drug_and_the_rule_griffiths2021():
    plan = plan_for(neurological_deficit=True, antithrombotic="aspirin")
    action = entry(plan["next_actions"], "anticoag-no-delay-antiplatelet")
    assert action["text"].startswith("Aspirin: do not delay surgery") and cites(action, "griffiths2021")


def test_planned_warfarin_interval_action_names_the_drug_douketis2022():
    plan = plan_for(pain="refractory", antithrombotic="warfarin", anticoagulation_reason="af_low_risk")
    assert entry(plan["perioperative"]["items"], "anticoag-warfarin-planned")["detail"].startswith("Warfarin: stop 5 days before")


def test_recent_vte_deferral_is_the_first_perioperative_action_thrombotic_risk_review():
    plan = plan_for(pain="refractory", antithrombotic="warfarin", inr=1.2, anticoagulation_reason="vte_recent")
    assert plan["perioperative"]["items"][0]["id"] == "vte-defer-procedure"
    assert "vte-defer-procedure" in ids(plan["next_actions"])


def test_no_plan_line_ends_in_a_doubled_full_stop():
    plan = plan_for(pain="refractory", antithrombotic="dabigatran", creatinine_clearance=25, anesthesia="neuraxial")
    lines = plan["warnings"] + plan["perioperative"]["items"] + plan["next_actions"]
    assert all(".." not in (line.get("detail") or "") + line["text"] for line in lines)


def test_a_thoracic_woman_just_above_the_young_bound_is_told_the_assumption_decided_fox1993():
    plan = plan_for(age=45, sex="female", level="T8")
    step = plan["steps"][0]
    assert plan["pathway"] == "observation" and "young-age-cutoff" in step["assumptions"]
    assert "below 40 years (an assumption)" in step["detail"] and "judgement" in step["detail"]
    assert plan_for(age=45, sex="male", level="T8")["steps"][0]["detail"] is None


def test_next_actions_name_the_chosen_surgical_approach_when_lines_are_free_vasudeva2016_acosta2006():
    cervical = plan_for(level="C3", pain="present", neurological_deficit=True)
    assert "surgery-corpectomy" in ids(cervical["next_actions"]) and len(cervical["next_actions"]) == 5
    unstable = plan_for(level="L4", pain="present", neurological_deficit=True, instability=True, antithrombotic="aspirin")
    assert {"surgery-instability", "anticoag-no-delay-antiplatelet"} <= set(ids(unstable["next_actions"]))


def test_vertebroplasty_for_a_compression_fracture_is_offered_only_for_pain_acosta2006():
    painless = plan_for(age=70, sex="female", level="L1", compression_fracture=True, osteoporosis=True)
    assert "osteoporosis-vertebroplasty" not in ids(painless["considerations"] + painless["steps"])
    painful = plan_for(age=70, sex="female", level="L1", pain="present", compression_fracture=True, osteoporosis=True)
    assert cites(entry(painful["considerations"], "osteoporosis-vertebroplasty"), "acosta2006")


def test_a_planned_neuraxial_block_puts_its_interval_among_the_next_actions_kopp2025():
    plan = plan_for(
        pain="refractory", antithrombotic="dabigatran", creatinine_clearance=40, anticoagulation_reason="af_low_risk", anesthesia="neuraxial"
    )
    texts = [a["text"] for a in plan["next_actions"]]
    assert "Dabigatran, creatinine clearance 40 mL/min (below 50 mL/min): last dose 5 days before" in " ".join(texts)
    assert "Dabigatran, creatinine clearance 40 mL/min: last dose at least 120 hours before the block." in texts
    general = plan_for(
        pain="refractory", antithrombotic="dabigatran", creatinine_clearance=40, anticoagulation_reason="af_low_risk", anesthesia="general"
    )
    assert not any("before the block" in a["text"] for a in general["next_actions"])


def test_treatment_dose_heparin_after_a_recent_vte_defers_a_planned_procedure_thrombotic_risk_review():
    plan = plan_for(pain="refractory", antithrombotic="lmwh_therapeutic", anticoagulation_reason="vte_recent", anesthesia="general")
    items = plan["perioperative"]["items"]
    assert items[0]["id"] == "vte-defer-procedure" and cites(items[0], "thrombotic-risk-review")
    assert "vte-defer-procedure" in ids(plan["next_actions"])
    assert "bridging-low-risk" not in ids(items) and "bridging-high-risk" not in ids(plan["warnings"])  # heparin is the bridge


def test_the_reason_for_anticoagulation_is_asked_for_treatment_dose_heparin_only(source):
    with pytest.raises(InvalidData, match="anticoagulation_reason"):
        plan_for(pain="refractory", antithrombotic="lmwh_prophylactic", anticoagulation_reason="vte_recent")
    remote = plan_for(pain="refractory", antithrombotic="lmwh_therapeutic", anticoagulation_reason="vte_remote")
    assert "vte-defer-procedure" not in ids(remote["perioperative"]["items"])


def test_a_deficit_is_not_deferred_for_a_recent_vte_fox1993_thrombotic_risk_review():
    plan = plan_for(pain="present", neurological_deficit=True, surgery_timing="planned", antithrombotic="rivaroxaban",
                    creatinine_clearance=80, anticoagulation_reason="vte_recent")  # fmt: skip
    line = entry(plan["perioperative"]["items"], "vte-defer-procedure")
    assert "not deferred" in line["detail"] and "haematology" in line["detail"]
    assert "not deferred" in entry(plan["next_actions"], "vte-defer-procedure")["text"]


def test_urgent_surgery_at_high_thrombotic_risk_refers_bridging_and_restart_douketis2012():
    urgent = {"pain": "present", "neurological_deficit": True, "surgery_timing": "urgent", "antithrombotic": "warfarin", "inr": 3.4}
    valve = plan_for(**urgent, anticoagulation_reason="mechanical_valve")
    warning = entry(valve["warnings"], "bridging-high-risk")
    assert cites(warning, "douketis2012", "thrombotic-risk-review") and "high thrombotic risk" in warning["detail"]
    for quiet in ({"anticoagulation_reason": "af_low_risk"}, {}):  # low risk, or no reason entered: nothing to add in urgent surgery
        assert "bridging-high-risk" not in ids(plan_for(**urgent, **quiet)["warnings"]), quiet


def test_instability_without_a_deficit_says_the_evidence_stops_there_acosta2006():
    plan = plan_for(pain="refractory", instability=True)
    line = entry(plan["considerations"], "instability-without-deficit")
    assert cites(line, "acosta2006") and "spinal surgical team" in line["text"]
    assert "instability-without-deficit" not in ids(plan_for(pain="present", neurological_deficit=True, instability=True)["considerations"])


def test_with_a_cancer_history_unjudged_imaging_is_judged_before_any_biopsy_kato2024():
    for imaging in (None, "not_assessed"):
        case = {"imaging_typical": imaging} if imaging else {}
        gate = plan_for(cancer_history=True, **case)["next_actions"][0]["text"]
        assert "judge whether the imaging is typical" in gate and gate.index("typical") < gate.index("biopsy"), imaging
    atypical = plan_for(cancer_history=True, imaging_typical="atypical")["next_actions"][0]["text"]
    assert "confirm the diagnosis first (further imaging or biopsy)" in atypical


def test_urgent_doac_next_action_says_what_to_do_with_the_entered_values_griffiths2021():
    plan = plan_for(neurological_deficit=True, surgery_timing="urgent", antithrombotic="apixaban", creatinine_clearance=35, hours_since_last_dose=20)
    action = entry(plan["next_actions"], "anticoag-doac-timing")["text"]
    assert action.startswith("Apixaban: time surgery by its half-life and renal function") and "35 mL/min" in action


def test_inadequate_radiation_on_a_lesion_without_refractory_pain_is_also_not_indicated_fox1993():
    plan = plan_for(pain="none", planned_radiation_dose_cgy=800)
    assert "pitfall-low-dose" in ids(plan["warnings"])
    not_indicated = entry(plan["warnings"], "pain-radiation")
    assert "second-line option" in not_indicated["detail"] and "cGy" not in not_indicated["detail"]


def test_a_plan_on_an_antithrombotic_says_it_covers_that_one_drug_griffiths2021():
    plan = plan_for(pain="refractory", antithrombotic="clopidogrel")
    assumption = entry(plan["assumptions"], "one-antithrombotic-drug")
    assert "enter each in turn" in assumption["text"] and "prescriber" in assumption["text"]
    assert "one-antithrombotic-drug" not in ids(plan_for(pain="refractory")["assumptions"])


def test_low_thrombotic_risk_next_action_says_no_bridging_douketis2015_douketis2019():
    plan = plan_for(pain="refractory", antithrombotic="dabigatran", creatinine_clearance=25, anticoagulation_reason="af_low_risk")
    assert "low thrombotic risk, so no heparin bridging" in entry(plan["perioperative"]["items"], "bridging-low-risk")["detail"]
    block = plan_for(pain="refractory", antithrombotic="dabigatran", creatinine_clearance=25, anesthesia="neuraxial")
    assert "25 mL/min: neuraxial block is generally avoided" in entry(block["warnings"], "anticoag-neuraxial-intervals")["detail"]


def test_urgent_dabigatran_without_a_clearance_is_judged_against_the_shortest_interval_douketis2019():
    urgent = {"pain": "present", "neurological_deficit": True, "surgery_timing": "urgent", "antithrombotic": "dabigatran", "anesthesia": "general"}
    short = entry(plan_for(**urgent, hours_since_last_dose=30)["warnings"], "urgent-doac-last-dose")
    assert short["severity"] == "critical" and "less than the 72 hours" in short["detail"] and "Measure the creatinine clearance" in short["detail"]
    longer = entry(plan_for(**urgent, hours_since_last_dose=100)["perioperative"]["items"], "urgent-doac-last-dose")
    assert longer["kind"] == "measure" and "100 hours ago" in longer["detail"] and "not entered" not in longer["detail"].split(";")[0]


def test_urgent_surgery_for_a_deficit_never_waits_for_a_block_kopp2025_fox1993():
    plan = plan_for(
        pain="present",
        neurological_deficit=True,
        surgery_timing="urgent",
        antithrombotic="clopidogrel",
        hours_since_last_dose=10,
        anesthesia="neuraxial",
    )
    detail = entry(plan["warnings"], "anticoag-neuraxial-intervals")["detail"]
    assert "choose general anaesthesia" in detail and "or wait" not in detail


def test_urgent_warfarin_block_follows_the_inr_not_a_five_day_stop_griffiths2021():
    plan = plan_for(pain="present", neurological_deficit=True, surgery_timing="urgent", antithrombotic="warfarin", inr=1.4, anesthesia="neuraxial")
    line = entry(plan["perioperative"]["items"], "anticoag-neuraxial-intervals")
    assert "below 1.5" in line["detail"] and "5 days" not in line["detail"]


def test_a_known_high_thrombotic_risk_sits_beside_the_next_actions_douketis2012():
    plan = plan_for(pain="refractory", antithrombotic="warfarin", anticoagulation_reason="mechanical_valve")
    assert entry(plan["warnings"], "bridging-high-risk")["severity"] == "critical"
    assert entry(plan_for(pain="refractory", antithrombotic="warfarin")["warnings"], "bridging-high-risk")["severity"] == "warning"


def test_planned_surgery_on_aspirin_says_the_evidence_gives_no_interval_griffiths2021():
    plan = plan_for(pain="refractory", antithrombotic="aspirin", anesthesia="general")
    line = entry(plan["perioperative"]["items"], "antiplatelet-no-planned-interval")
    assert line["text"].startswith("No interval") and "prescriber" in line["text"]
    assert any(a["text"].startswith("Aspirin: no interval") for a in plan["next_actions"])


def test_planned_dabigatran_without_a_clearance_names_the_renal_limit_douketis2019():
    line = entry(plan_for(pain="refractory", antithrombotic="dabigatran")["perioperative"]["items"], "anticoag-dabigatran-planned")
    assert "Below 30 mL/min no interval is applied" in line["detail"]


def test_prophylactic_heparin_is_not_called_anticoagulation_for_a_thrombosis_ref6():
    plan = plan_for(pain="refractory", cancer_history=True, imaging_typical="typical", antithrombotic="lmwh_prophylactic")
    assert "cancer-vte-anticoagulation" not in ids(plan["considerations"])
    treated = plan_for(pain="refractory", cancer_history=True, imaging_typical="typical", antithrombotic="lmwh_therapeutic")
    assert "cancer-vte-anticoagulation" in ids(treated["considerations"])


def test_a_block_interval_longer_than_the_procedure_stop_says_it_decides_kopp2025():
    plan = plan_for(pain="refractory", antithrombotic="ticagrelor", anesthesia="neuraxial")
    assert "with a block planned, it decides the last dose" in entry(plan["perioperative"]["items"], "anticoag-neuraxial-intervals")["detail"]
    same = plan_for(pain="refractory", antithrombotic="apixaban", creatinine_clearance=80, anesthesia="neuraxial")
    assert "decides the last dose" not in entry(same["perioperative"]["items"], "anticoag-neuraxial-intervals")["detail"]


def test_urgent_timing_without_a_deficit_is_questioned_griffiths2021_douketis2019():
    plan = plan_for(pain="refractory", surgery_timing="urgent", antithrombotic="apixaban", creatinine_clearance=70)
    warning = entry(plan["warnings"], "urgent-without-deficit")
    assert cites(warning, "griffiths2021", "douketis2019") and "hip-fracture" in warning["text"]
    deficit = plan_for(pain="present", neurological_deficit=True, surgery_timing="urgent", antithrombotic="apixaban", creatinine_clearance=70)
    assert "urgent-without-deficit" not in ids(deficit["warnings"])

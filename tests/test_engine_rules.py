"""One test per clinical rule of the guideline, each asserting the rule's citation.

Reference keys: fox1993 [1], article-ref-2 [2], vasudeva2016 [3], acosta2006 [4], article-ref-5 [5],
article-ref-6 [6], griffiths2021 [7], douketis2019 (PAUSE), kopp2025 (ASRA), douketis2022 (CHEST).
"""

from __future__ import annotations

from plans import cites, entry, ids, plan_for


def test_incidental_asymptomatic_lesion_is_observed_without_follow_up_fox1993_ref2():
    plan = plan_for(pain="none")
    assert plan["pathway"] == "observation"
    step = entry(plan["steps"], "observe-incidental")
    assert cites(step, "fox1993", "article-ref-2")
    assert "asymptomatic-annual-exception" not in ids(plan["steps"])


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
    step = entry(plan["steps"], "risk-pain-warning-sign")
    assert cites(step, "fox1993") and "4.4 months" in step["text"]


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


def test_dose_outside_range_but_above_1000_is_a_warning_fox1993():
    warning = entry(plan_for(pain="refractory", planned_radiation_dose_cgy=2000)["warnings"], "pain-radiation")
    assert warning["severity"] == "warning" and "2600-4500" in warning["detail"]


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


def test_cancer_history_confirm_typical_imaging_kato2024_and_no_contraindication_ref6():
    plan = plan_for(cancer_history=True)
    assert cites(entry(plan["considerations"], "cancer-confirm-diagnosis"), "kato2024")
    assert cites(entry(plan["considerations"], "cancer-no-contraindication"), "article-ref-6")


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
    assert "not below 2.0" not in warning["detail"]
    calm = plan_for(neurological_deficit=True, antithrombotic="warfarin", inr=1.4, anesthesia="neuraxial")
    assert "anticoag-warfarin-inr" not in ids(calm["warnings"])
    high = plan_for(neurological_deficit=True, antithrombotic="warfarin", inr=2.0, anesthesia="general")
    assert "not below 2.0" in entry(high["warnings"], "anticoag-warfarin-inr")["detail"]


def test_warfarin_without_inr_asks_for_it_griffiths2021():
    plan = plan_for(neurological_deficit=True, antithrombotic="warfarin")
    rule = entry(plan["perioperative"]["items"], "anticoag-warfarin-inr")
    assert rule["kind"] == "measure" and "Measure the INR" in rule["detail"]


def test_planned_warfarin_stops_5_days_without_bridging_douketis2022():
    plan = plan_for(pain="refractory", antithrombotic="warfarin", anesthesia="general")
    interval = entry(plan["perioperative"]["items"], "anticoag-warfarin-planned")
    assert cites(interval, "douketis2022") and "Stop 5 days before" in interval["detail"]


def test_planned_apixaban_last_dose_3_days_before_restart_2_to_3_days_douketis2019():
    plan = plan_for(pain="refractory", antithrombotic="apixaban", anesthesia="general")
    interval = entry(plan["perioperative"]["items"], "anticoag-doac-planned")
    assert cites(interval, "douketis2019")
    assert interval["detail"] == "Last dose 3 days before (2 days without the drug); restart 2-3 days after."


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

"""Every source id and data key the engine reads by name: the one place they are spelt.

Loading the source checks each entry (`validation.load_guideline`), so a renamed or deleted item
fails the build with its key path instead of breaking a patient's plan. No other engine module
holds a source id as a string literal (a test enforces it).
"""

from __future__ import annotations

# Risk and pathway
YOUNG_AGE = "young-age-cutoff"
AGGRESSIVE_SURVEILLANCE = "aggressive-features-surveillance"
EPIDURAL_AS_EXTRAOSSEOUS = "epidural-as-extraosseous"
ANNUAL_EXCEPTION = "asymptomatic-annual-exception"
PAINFUL_FOLLOW_UP = "painful-annual-follow-up"
PAIN_VERTEBROPLASTY = "pain-vertebroplasty"
PAIN_RADIATION = "pain-radiation"
DEFICIT_SURGERY = "deficit-surgery"
LAMINECTOMY = "surgery-laminectomy"
CORPECTOMY = "surgery-corpectomy"
INSTABILITY_APPROACH = "surgery-instability"
POSTOP_RADIATION = "surgery-postop-radiation"
DOSE_RESPONSE = "radiation-dose-response"

# Pitfalls
ROUTINE_SURVEILLANCE = "pitfall-routine-surveillance"
DELAY_SURGERY = "pitfall-delay-surgery"
LOW_DOSE = "pitfall-low-dose"
EN_BLOC = "pitfall-en-bloc"
VERTEBROPLASTY_ALONE = "pitfall-vertebroplasty-alone"

# Special populations
CANCER_CONFIRM_DIAGNOSIS = "cancer-confirm-diagnosis"
AGGRESSIVE_IMAGING = "risk-aggressive-imaging"
CANCER_NO_CONTRAINDICATION = "cancer-no-contraindication"
CANCER_VTE = "cancer-vte-anticoagulation"
ATYPICAL_IMAGING = "atypical-imaging-confirm"
TYPICAL_IMAGING = "risk-typical-imaging"
OSTEOPOROSIS_VERTEBROPLASTY = "osteoporosis-vertebroplasty"
OSTEOPOROSIS_FIXATION = "osteoporosis-fixation"
SACRAL_LEVEL = "sacral-level-evidence"
ONE_DRUG = "one-antithrombotic-drug"
URGENT_WITHOUT_DEFICIT = "urgent-without-deficit"
DOAC_MECHANICAL_VALVE = "doac-mechanical-valve"
NO_PROCEDURE_DRUG = "no-procedure-drug"
YOUNG_AGE_WINDOW = "young-age-window"
# A reason for anticoagulation the engine names: a direct oral anticoagulant given for it is questioned.
MECHANICAL_VALVE = "mechanical_valve"

# Perioperative plan
NEURAXIAL_INTERVALS = "anticoag-neuraxial-intervals"
OPEN_SURGERY_GENERAL_ANAESTHESIA = "open-surgery-general-anaesthesia"
PROCEDURE_BLEEDING_RISK = "procedure-bleeding-risk"
DOAC_TREATMENT_DOSE = "doac-treatment-dose"
PLANNED_LAST_DOSE = "planned-last-dose-hours"
BRIDGING_LOW_RISK = "bridging-low-risk"
BRIDGING_HIGH_RISK = "bridging-high-risk"
VTE_DEFER_PROCEDURE = "vte-defer-procedure"

# Input bounds
INPUT_RANGES = "input-ranges"
# Its data keys are declared with the case fields that read them (`case.range_keys`).

# Data keys the engine reads from the urgent statement of a drug whose class measures the INR.
INR_SURGERY_BELOW = "inr_surgery_below"
INR_NEURAXIAL_BELOW = "inr_neuraxial_below"
INR_DATA_KEYS = (INR_SURGERY_BELOW, INR_NEURAXIAL_BELOW)
DOSE_MIN, DOSE_MAX = "dose_min_cgy", "dose_max_cgy"
# The dose (Gy) from which the radiotherapy series found better relief and local control.
BETTER_FROM_GY = "heyd_threshold_gy"

# "value" stands for an assumption's own value.
VALUE = "value"

# Every id above with the data keys read from it.
REQUIRED: dict[str, tuple[str, ...]] = {
    YOUNG_AGE: (VALUE,),
    AGGRESSIVE_SURVEILLANCE: (),
    EPIDURAL_AS_EXTRAOSSEOUS: (),
    ANNUAL_EXCEPTION: (),
    PAINFUL_FOLLOW_UP: (),
    PAIN_VERTEBROPLASTY: (),
    PAIN_RADIATION: (DOSE_MIN, DOSE_MAX),
    DEFICIT_SURGERY: (),
    LAMINECTOMY: (),
    CORPECTOMY: (),
    INSTABILITY_APPROACH: (),
    POSTOP_RADIATION: (DOSE_MIN, DOSE_MAX),
    DOSE_RESPONSE: (BETTER_FROM_GY,),
    ROUTINE_SURVEILLANCE: (),
    DELAY_SURGERY: (),
    LOW_DOSE: (DOSE_MAX,),
    EN_BLOC: (),
    VERTEBROPLASTY_ALONE: (),
    CANCER_CONFIRM_DIAGNOSIS: (),
    AGGRESSIVE_IMAGING: (),
    CANCER_NO_CONTRAINDICATION: (),
    CANCER_VTE: (),
    ATYPICAL_IMAGING: (),
    TYPICAL_IMAGING: (),
    OSTEOPOROSIS_VERTEBROPLASTY: (),
    OSTEOPOROSIS_FIXATION: (),
    SACRAL_LEVEL: (),
    ONE_DRUG: (),
    URGENT_WITHOUT_DEFICIT: (),
    DOAC_MECHANICAL_VALVE: (),
    NO_PROCEDURE_DRUG: (),
    YOUNG_AGE_WINDOW: (VALUE,),
    NEURAXIAL_INTERVALS: (),
    OPEN_SURGERY_GENERAL_ANAESTHESIA: (),
    PROCEDURE_BLEEDING_RISK: (),
    DOAC_TREATMENT_DOSE: (),
    PLANNED_LAST_DOSE: (),
    BRIDGING_LOW_RISK: (),
    BRIDGING_HIGH_RISK: (),
    VTE_DEFER_PROCEDURE: (),
}

# Conclusions the engine draws by name, with the slots it fills (`saying.say`). Loading the source
# checks that each template names only these slots; a template not listed here is a plain one
# (`speaks_for`), drawn with no slot.
_DRUG = ("drug",)
_INR = ("drug", "surgery_below", "neuraxial_below")
TEMPLATES: dict[str, tuple[str, ...]] = {
    "gate-judge-imaging": ("imaging", "level"),
    "gate-work-up": ("level",),
    "gate-with-deficit": ("imaging",),
    "gate-if-confirmed": ("pathway", "presentation"),
    "imaging-not-assessed": ("level",),
    "surgery-now-below-cord": ("level",),
    "surgery-corpectomy": ("reason",),
    "deficit-timing-planned": (),
    "en-bloc-proposed": (),
    "vertebroplasty-alone-deficit": (),
    "vertebroplasty-not-indicated": ("presentation",),
    "resection-not-indicated": (),
    "treatment-before-diagnosis": ("treatment", "imaging"),
    "osteoporosis-fixation-if": (),
    "osteoporosis-not-applicable": (),
    "osteoporosis-after-diagnosis": (),
    "osteoporosis-fracture-second-line": (),
    "en-bloc-proposed-unconfirmed": (),
    "resection-before-diagnosis": (),
    "radiation-inadequate": ("dose",),
    "radiation-below-range": ("dose",),
    "radiation-above-range": ("dose",),
    "radiation-not-indicated": ("presentation",),
    "fracture-assess-stability": ("level",),
    "annual-exception-aggressive": ("features",),
    "surgery-postop-radiation-subtotal": (),
    "second-line-fracture": (),
    "conservative-fracture": (),
    "vertebroplasty-proposed-second-line": (),
    "young-bound-near": ("age_phrase", "bound"),
    "drug-no-procedure": _DRUG,
    "doac-with-mechanical-valve": _DRUG,
    "cancer-vte-if": _DRUG,
    "vte-deficit-not-deferred": (),
    "vte-defer-biopsy": (),
    "reason-unknown-defer": _DRUG,
    "inr-unknown": _INR,
    "inr-above-surgery": (*_INR, "inr"),
    "inr-above-surgery-if-urgent": (*_INR, "inr"),
    "inr-between": (*_INR, "inr"),
    "inr-between-block": (*_INR, "inr"),
    "inr-between-block-undecided": (*_INR, "inr"),
    "inr-below-both": (*_INR, "inr"),
    "inr-below-both-block": (*_INR, "inr"),
    "inr-above-block": ("drug", "inr", "neuraxial_below"),
    "inr-above-block-undecided": ("drug", "inr", "neuraxial_below"),
    "inr-unknown-block": ("drug", "neuraxial_below"),
    "inr-unknown-block-undecided": ("drug", "neuraxial_below"),
    "antiplatelet-no-delay": _DRUG,
    "antiplatelet-no-delay-last-dose": ("drug", "hours"),
    "antiplatelet-no-urgent-rule": _DRUG,
    "antiplatelet-no-urgent-rule-last-dose": ("drug", "hours"),
    "heparin-last-dose": _DRUG,
    "heparin-last-dose-entered": ("drug", "hours"),
    "crcl-unknown-urgent": _DRUG,
    "crcl-and-last-dose-unknown-urgent": _DRUG,
    "crcl-unknown-urgent-last-dose": ("drug", "hours"),
    "last-dose-unknown": _DRUG,
    "last-dose-short": ("drug", "hours", "days", "needed"),
    "last-dose-short-crcl-unknown": ("drug", "hours", "days", "needed"),
    "last-dose-short-crcl-not-entered": ("drug", "hours", "days", "needed"),
    "last-dose-enough": ("drug", "hours", "days", "needed"),
    "renal-outside-urgent": ("drug", "crcl", "limit"),
    "renal-outside-planned": ("drug", "crcl", "limit"),
    "renal-outside-urgent-last-dose": ("drug", "crcl", "limit", "hours"),
    "renal-outside-planned-last-dose": ("drug", "crcl", "limit", "hours"),
    "planned-interval": ("drug", "interval"),
    "planned-interval-banded": ("drug", "crcl", "interval"),
    "planned-interval-renal": ("drug", "interval", "crcl"),
    "planned-interval-crcl-unknown": ("drug", "interval", "limit"),
    "planned-crcl-unknown": ("drug", "limit"),
    "planned-interval-crcl-unknown-last-dose": ("drug", "interval", "limit", "hours"),
    "planned-crcl-unknown-last-dose": ("drug", "limit", "hours"),
    "antiplatelet-no-planned-interval": _DRUG,
    "antiplatelet-no-planned-interval-last-dose": ("drug", "hours"),
    "planned-inr-check-entered": ("inr",),
    "bridging-low": ("reason",),
    "bridging-not-low": ("drug", "reason", "risk"),
    "bridging-reason-unknown": _DRUG,
    "block-interval": ("drug", "interval"),
    "block-interval-longer": ("drug", "interval"),
    "block-interval-banded": ("drug", "crcl", "interval"),
    "block-avoid": ("drug", "crcl", "interval"),
    "block-renal-outside": ("drug", "crcl", "limit"),
    "block-renal-outside-last-dose": ("drug", "crcl", "limit", "hours"),
    "block-crcl-unknown": ("drug", "summary"),
    "block-and-stop-crcl-unknown": ("drug", "summary", "limit"),
    "block-and-stop-crcl-unknown-last-dose": ("drug", "summary", "limit", "hours"),
    "block-too-soon": ("drug", "hours", "block_hours"),
    "block-too-soon-deficit": ("drug", "hours", "block_hours"),
    "block-within-range": ("drug", "hours", "block_hours"),
    "block-last-dose-unknown": ("drug", "block_hours"),
    "block-last-dose-not-known": ("drug", "block_hours"),
    "block-interval-met": ("drug", "hours", "block_hours"),
    "annual-follow-up-young-woman": (),
    "heparin-high-risk": ("drug", "reason", "risk"),
    "heparin-reason-unknown-urgent": _DRUG,
    "heparin-dose-short": ("drug", "hours", "needed"),
    "heparin-last-dose-unknown": ("drug", "needed"),
    "heparin-dose-enough": ("drug", "hours", "needed"),
    "heparin-low-risk": ("drug", "reason"),
    "heparin-vte-beyond-deferral": ("reason",),
    "planned-last-dose-wait": ("drug", "hours", "needed", "remaining", "what"),
    "planned-last-dose-passed": ("drug", "hours", "needed", "what"),
    "radiation-after-complete-resection": (),
    "radiation-dose-in-range": ("dose",),
    "radiation-dose-in-range-postop": ("dose",),
    "radiation-dose-lower-range": ("dose", "better_from"),
    "radiation-dose-lower-range-postop": ("dose", "better_from"),
    "aggressive-with-pain": ("features",),
    "drug-before-biopsy": _DRUG,
}
# A line that already says no interval applies, or that the clearance must be measured first,
# names an entered last dose itself (H71), rather than a second line saying so again.
LAST_DOSE_IN_LINE: dict[str, str] = {
    "antiplatelet-no-delay": "antiplatelet-no-delay-last-dose",
    "antiplatelet-no-urgent-rule": "antiplatelet-no-urgent-rule-last-dose",
    "antiplatelet-no-planned-interval": "antiplatelet-no-planned-interval-last-dose",
    "heparin-last-dose": "heparin-last-dose-entered",
    "renal-outside-urgent": "renal-outside-urgent-last-dose",
    "renal-outside-planned": "renal-outside-planned-last-dose",
    "block-renal-outside": "block-renal-outside-last-dose",
    "crcl-unknown-urgent": "crcl-unknown-urgent-last-dose",
    "planned-crcl-unknown": "planned-crcl-unknown-last-dose",
    "planned-interval-crcl-unknown": "planned-interval-crcl-unknown-last-dose",
    "block-and-stop-crcl-unknown": "block-and-stop-crcl-unknown-last-dose",
}
# What each slot holds (the review pack lists them beside the templates).
SLOTS: dict[str, str] = {
    "drug": "the drug entered (its label in the source)",
    "imaging": "the imaging as entered (typical, atypical, not yet assessed, not entered)",
    "level": "the level entered",
    "pathway": "the label of the pathway that applies once the diagnosis is confirmed",
    "presentation": "the presentation of the case's pathway (source)",
    "dose": "the planned radiation dose entered (cGy)",
    "age_phrase": "the age entered, with its article",
    "bound": 'the assumed bound for "young" (years)',
    "surgery_below": "the article's INR threshold for surgery (source)",
    "neuraxial_below": "the article's INR threshold for a spinal anaesthetic (source)",
    "inr": "the INR entered",
    "summary": "the drug's whole interval, every renal band (source)",
    "interval": "the drug's interval that applies to the case (source)",
    "hours": "the hours since the last dose entered",
    "days": "the days PAUSE gives before planned surgery (source)",
    "needed": "those days in hours (an assumption: 24 hours a day)",
    "crcl": "the creatinine clearance entered (mL/min)",
    "limit": "the clearance below which no interval applies (an assumption)",
    "reason": "the reason for anticoagulation entered (its label in the source)",
    "risk": "the thrombotic risk of that reason (source)",
    "block_hours": "the hours a neuraxial block needs since the last dose (source)",
    "features": "the aggressive imaging features entered",
    "remaining": "the hours still to pass: the longest stop before the procedure less the hours since the last dose",
    "what": "what the longest stop comes before (a source phrase: the procedure, the block, or both)",
}

# Phrases the engine fills in (`saying.phrase`), with their slots: a drug's intervals in words.
PHRASES: dict[str, tuple[str, ...]] = {
    "last-dose-days": ("days_before", "days_off"),
    "stop-days": ("days",),
    "stop-days-range": ("min_days", "days"),
    "restart-days": ("low", "high"),
    "no-restart-interval": (),
    "crcl-at-least": ("crcl",),
    "crcl-below": ("crcl",),
    "crcl-between": ("low", "high"),
    "block-hours": ("hours",),
    "block-days-range": ("min_days", "max_days"),
    "block-days-about": ("min_days",),
    "avoid-block": (),
    "before-procedure": (),
    "before-block": (),
    "before-procedure-and-block": (),
}

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
CANCER_NO_CONTRAINDICATION = "cancer-no-contraindication"
CANCER_VTE = "cancer-vte-anticoagulation"
ATYPICAL_IMAGING = "atypical-imaging-confirm"
OSTEOPOROSIS_VERTEBROPLASTY = "osteoporosis-vertebroplasty"
OSTEOPOROSIS_FIXATION = "osteoporosis-fixation"
SACRAL_LEVEL = "sacral-level-evidence"
INSTABILITY_WITHOUT_DEFICIT = "instability-without-deficit"
ONE_DRUG = "one-antithrombotic-drug"
URGENT_WITHOUT_DEFICIT = "urgent-without-deficit"

# Perioperative plan
NEURAXIAL_INTERVALS = "anticoag-neuraxial-intervals"
NEURAXIAL_RISK = "anticoag-neuraxial-risk"
GENERAL_ANAESTHESIA = "anticoag-general-anaesthesia"
OPEN_SURGERY_GENERAL_ANAESTHESIA = "open-surgery-general-anaesthesia"
PROCEDURE_BLEEDING_RISK = "procedure-bleeding-risk"
DOAC_TREATMENT_DOSE = "doac-treatment-dose"
BRIDGING_LOW_RISK = "bridging-low-risk"
BRIDGING_HIGH_RISK = "bridging-high-risk"
VTE_DEFER_PROCEDURE = "vte-defer-procedure"

# Input bounds
INPUT_RANGES = "input-ranges"
# Case field -> (data key of the minimum, of the maximum) in the input-ranges assumption
RANGE_KEYS: dict[str, tuple[str, str]] = {
    "age": ("age_min", "age_max"),
    "inr": ("inr_min", "inr_max"),
    "creatinine_clearance": ("crcl_min", "crcl_max"),
    "hours_since_last_dose": ("hours_min", "hours_max"),
    "planned_radiation_dose_cgy": ("dose_min_cgy", "dose_max_cgy"),
}

# Data keys the engine reads from the urgent statement of a drug whose class measures the INR.
INR_SURGERY_BELOW = "inr_surgery_below"
INR_NEURAXIAL_BELOW = "inr_neuraxial_below"
INR_DATA_KEYS = (INR_SURGERY_BELOW, INR_NEURAXIAL_BELOW)
DOSE_MIN, DOSE_MAX = "dose_min_cgy", "dose_max_cgy"

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
    DOSE_RESPONSE: (),
    DEFICIT_SURGERY: (),
    LAMINECTOMY: (),
    CORPECTOMY: (),
    INSTABILITY_APPROACH: (),
    POSTOP_RADIATION: (DOSE_MIN, DOSE_MAX),
    ROUTINE_SURVEILLANCE: (),
    DELAY_SURGERY: (),
    LOW_DOSE: (DOSE_MAX,),
    EN_BLOC: (),
    VERTEBROPLASTY_ALONE: (),
    CANCER_CONFIRM_DIAGNOSIS: (),
    CANCER_NO_CONTRAINDICATION: (),
    CANCER_VTE: (),
    ATYPICAL_IMAGING: (),
    OSTEOPOROSIS_VERTEBROPLASTY: (),
    OSTEOPOROSIS_FIXATION: (),
    SACRAL_LEVEL: (),
    INSTABILITY_WITHOUT_DEFICIT: (),
    ONE_DRUG: (),
    URGENT_WITHOUT_DEFICIT: (),
    NEURAXIAL_INTERVALS: (),
    NEURAXIAL_RISK: (),
    GENERAL_ANAESTHESIA: (),
    OPEN_SURGERY_GENERAL_ANAESTHESIA: (),
    PROCEDURE_BLEEDING_RISK: (),
    DOAC_TREATMENT_DOSE: (),
    BRIDGING_LOW_RISK: (),
    BRIDGING_HIGH_RISK: (),
    VTE_DEFER_PROCEDURE: (),
    INPUT_RANGES: tuple(key for pair in RANGE_KEYS.values() for key in pair),
}

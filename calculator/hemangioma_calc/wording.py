"""Reader-facing wording the engine adds to the source's own text: field labels, value labels and
the sentences that fill in a plan line's details. Presentation only; every number comes from the
source or the case, passed in as an argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldText:
    label: str
    help: str
    unit: str | None = None


# Labels and help for the form, the CLI and the schema. `{drugs}` is filled with the drugs a field
# applies to, from the source.
FIELD_TEXT: dict[str, FieldText] = {
    "age": FieldText("Age", "Age in whole years; the calculator is for adults.", "years"),
    "sex": FieldText("Sex", "Sex recorded for risk stratification."),
    "level": FieldText("Level of the lesion", "The vertebra that holds the hemangioma; the region drives the rules."),
    "pain": FieldText("Pain at the lesion's level", "Refractory: persisting despite conservative management."),
    "neurological_deficit": FieldText(
        "Neurological deficit or cord compression", "A deficit attributable to the lesion, or spinal cord compression."
    ),
    "aggressive_features": FieldText("Aggressive imaging features", "Bony expansion, epidural extension, extraosseous extension."),
    "compression_fracture": FieldText("Vertebral body compression fracture", "A compression fracture of the affected vertebra."),
    "instability": FieldText("Spinal instability", "Instability at the affected level."),
    "cancer_history": FieldText("History of cancer", "Any past or current malignancy."),
    "imaging_typical": FieldText(
        "Imaging typical of a hemangioma",
        "Typical: bright on T1 and T2 MRI, coarse vertical trabeculae on CT (polka-dot, corduroy). "
        "Essential with a cancer history: an atypical lesion can be a metastasis.",
    ),
    "osteoporosis": FieldText("Osteoporosis", "Known osteoporosis."),
    "antithrombotic": FieldText("Antiplatelet or anticoagulant", "The drug the patient takes now; one drug per case (for two, enter each in turn)."),
    "anticoagulation_reason": FieldText(
        "Reason for anticoagulation",
        "Why the patient is anticoagulated: it sets the thrombotic risk, which decides bridging and whether a planned procedure waits ({drugs}).",
    ),
    "inr": FieldText("INR", "Most recent INR ({drugs})."),
    "creatinine_clearance": FieldText("Creatinine clearance", "Estimated creatinine clearance ({drugs}).", "mL/min"),
    "hours_since_last_dose": FieldText("Time since the last dose", "Hours since the last dose was taken ({drugs}).", "hours"),
    "anesthesia": FieldText("Anaesthesia", "Planned anaesthesia for a procedure."),
    "planned_radiation_dose_cgy": FieldText("Planned radiation dose", "Total dose, if radiation therapy is planned.", "cGy"),
    "planned_resection": FieldText("Planned resection", "Extent of resection, if surgery is planned."),
    "planned_vertebroplasty_alone": FieldText("Vertebroplasty alone planned", "Vertebroplasty without decompression is proposed."),
    "surgery_timing": FieldText("Timing of the procedure", "Default: urgent with a neurological deficit, otherwise planned."),
}

VALUE_LABELS: dict[str, str] = {
    "female": "Female", "male": "Male", "none": "None", "present": "Present",
    "refractory": "Refractory to conservative management", "bony_expansion": "Bony expansion",
    "epidural_extension": "Epidural extension", "extraosseous_extension": "Extraosseous extension",
    "general": "General", "neuraxial": "Neuraxial (spinal or epidural)", "undecided": "Undecided",
    "gross_total": "Gross-total", "subtotal": "Subtotal", "en_bloc": "En bloc", "urgent": "Urgent",
    "planned": "Planned", "typical": "Typical", "atypical": "Atypical", "not_assessed": "Not yet assessed",
}  # fmt: skip

# Titles of the pages that are not sections of the source.
PAGE_TITLES = {"assumptions": "Assumptions"}


def sentence(words: str) -> str:
    """Words ending in exactly one full stop, whether or not the source text had one."""
    return words.rstrip(".") + "."


def number(value: float) -> str:
    """As the source or the user wrote it: INR 2.0 stays 2.0, an age of 66 stays 66."""
    return repr(value) if isinstance(value, float) else str(value)


# --- the case in one line -------------------------------------------------------------------------
def case_line(case: dict[str, Any], drug_label: str, reason_label: str | None) -> str:
    """The case as evaluated, in one line a clinician reads at a glance."""
    sex = {"female": "woman", "male": "man"}[case["sex"]]
    parts = [f"{case['age']}-year-old {sex}, {case['level']}"]
    parts.append({"none": "no pain", "present": "pain at the level", "refractory": "refractory pain"}[case["pain"]])
    parts.append("neurological deficit" if case["neurological_deficit"] else "no deficit")
    if case["aggressive_features"]:
        parts.append(", ".join(VALUE_LABELS[f].lower() for f in case["aggressive_features"]))
    for name, words in (("compression_fracture", "compression fracture"), ("instability", "instability"), ("osteoporosis", "osteoporosis")):
        if case[name]:
            parts.append(words)
    if case["cancer_history"]:
        imaging = case["imaging_typical"]
        parts.append("cancer history, imaging " + (VALUE_LABELS[imaging].lower() if imaging else "not entered"))
    elif case["imaging_typical"] in ("atypical",):
        parts.append("atypical imaging")
    if case["antithrombotic"] != "none":
        drug = [drug_label]
        if reason_label:
            drug.append(f"for {reason_label[0].lower() + reason_label[1:]}")
        if case["inr"] is not None:
            drug.append(f"INR {number(case['inr'])}")
        if case["creatinine_clearance"] is not None:
            drug.append(f"creatinine clearance {number(case['creatinine_clearance'])} mL/min")
        if case["hours_since_last_dose"] is not None:
            drug.append(f"last dose {number(case['hours_since_last_dose'])} h ago")
        parts.append(", ".join(drug[:1]) + (" (" + "; ".join(drug[1:]) + ")" if drug[1:] else ""))
        parts.append(f"{case['surgery_timing']} timing, anaesthesia {VALUE_LABELS[case['anesthesia']].split(' (')[0].lower()}")
    else:
        parts.append("no antithrombotic")
    if case["planned_resection"]:
        parts.append(f"{VALUE_LABELS[case['planned_resection']].lower()} resection planned")
    if case["planned_vertebroplasty_alone"]:
        parts.append("vertebroplasty alone proposed")
    if case["planned_radiation_dose_cgy"] is not None:
        parts.append(f"radiation {case['planned_radiation_dose_cgy']} cGy planned")
    return "; ".join(parts) + "."


# --- details of plan lines ------------------------------------------------------------------------
# Diagnosis
def _imaging_state(imaging: str | None) -> str:
    return {"atypical": "Imaging entered as atypical", "not_assessed": "Imaging not yet assessed"}.get(imaging or "", "Imaging not entered")


_DEFICIT_WORK_UP = (
    " With a neurological deficit, the work-up must not delay decompression: involve spinal surgery and oncology at once, per local protocol."
)


def confirm_diagnosis(imaging: str | None) -> str:
    """The first step: what to do (its urgency with a deficit is in the critical warning). Imaging
    not yet judged is judged first; only an atypical lesion goes straight to the work-up."""
    if imaging == "atypical":
        return f"{_imaging_state(imaging)}: confirm the diagnosis first (further imaging or biopsy)."
    return f"{_imaging_state(imaging)}: first judge whether the imaging is typical of a hemangioma; if it is not, further imaging or biopsy."


def pathway_after_diagnosis(imaging: str | None, deficit: bool) -> str:
    """The warning: what the rest of the plan depends on."""
    words = f"{_imaging_state(imaging)}: the hemangioma pathway in this plan applies only once the diagnosis is confirmed."
    return words + (_DEFICIT_WORK_UP if deficit else "")


IMAGING_TYPICAL = "Imaging entered as typical of a hemangioma."


# Follow-up
YOUNG_WOMAN_THORACIC_PAIN = "A young woman with a thoracic lesion: the group in which the recommendation is strongest."

# Warnings on planned treatment
NOT_A_CANDIDATE_FOR_RESECTION = "A resection is planned, but this case has no neurological deficit or cord compression."
PLANNED_WITH_DEFICIT = (
    "Timing is entered as planned although a deficit is recorded: if the deficit is progressive, do not delay;"
    " manage as urgent (the planned interruption intervals assume the operation can wait)."
)


def above_young_bound(age: int, bound: float) -> str:
    return (
        f'A {age}-year-old woman with a thoracic lesion: "young" is taken as below {number(bound)} years (an assumption),'
        " so the annual-monitoring exception is not applied; use judgement near the cut-off."
    )


def second_line_not_indicated(presentation: str) -> str:
    return f"This is a second-line option for pain refractory to conservative management; the case's presentation is: {presentation.lower()}."


def dose_outside_range(dose: int, low: float, high: float) -> str:
    side = "below" if dose < low else "above"
    return (
        f"The planned {dose} cGy is {side} the article's {number(low)}-{number(high)} cGy range, and the evidence we hold"
        " does not cover it: agree the dose with radiation oncology, per local protocol."
    )


def planned_dose(dose: int) -> str:
    return f"Planned dose: {dose} cGy."


# INR (vitamin K antagonists)
def inr_measure(drug: str, surgery_below: float, neuraxial_below: float) -> str:
    return (
        f"{drug}: measure the INR now. The article's thresholds are below {number(surgery_below)} for surgery and"
        f" below {number(neuraxial_below)} for a spinal anaesthetic; they come from urgent hip-fracture surgery:"
        " confirm the target for spine surgery with the surgical and anaesthetic team."
    )


def inr_above_surgery(drug: str, inr: float, surgery_below: float) -> str:
    return f"{drug}, entered INR {number(inr)}: not below the article's {number(surgery_below)}: reverse before surgery."


def inr_between(drug: str, inr: float, surgery_below: float) -> str:
    return (
        f"{drug}, entered INR {number(inr)}: below the article's {number(surgery_below)}, a threshold from hip-fracture"
        " surgery and not a clearance for spine surgery: confirm the team's target."
    )


def inr_above_neuraxial(neuraxial_below: float) -> str:
    return f"For a spinal anaesthetic it is not below {number(neuraxial_below)}: no neuraxial block until it is, or choose general anaesthesia."


def inr_below_both(drug: str, inr: float, surgery_below: float, neuraxial_below: float) -> str:
    return (
        f"{drug}, entered INR {number(inr)}: below the article's thresholds ({number(surgery_below)} for surgery,"
        f" {number(neuraxial_below)} for a spinal anaesthetic). They come from hip-fracture surgery: confirm the"
        " team's target for spine surgery."
    )


REVERSAL_IF_NEEDED = "Only if the INR is above the team's target."


def reversal_for(inr: float) -> str:
    return f"Entered INR {number(inr)}: reversal is needed before surgery."


def reversal_for_neuraxial(inr: float, neuraxial_below: float) -> str:
    return f"Entered INR {number(inr)}: only to reach an INR below {number(neuraxial_below)} for a spinal anaesthetic; general anaesthesia avoids it."


def planned_inr(inr: float | None) -> str:
    if inr is None:
        return "Check the INR before the procedure against the surgical and anaesthetic team's target."
    return (
        f"Entered INR {number(inr)}: check it again before the procedure, after the interruption, against the surgical and anaesthetic team's target."
    )


# Direct oral anticoagulants and other drugs in urgent surgery
def urgent_timing(drug: str, crcl: float | None, hours: float | None) -> str:
    if crcl is not None and hours is not None:  # nothing left to measure: the line says what to do with them
        return f"{drug}: time surgery by its half-life and renal function (creatinine clearance {number(crcl)} mL/min; last dose {number(hours)} hours ago)."
    parts = [
        f"creatinine clearance {number(crcl)} mL/min" if crcl is not None else "measure the creatinine clearance (renal function decides the timing)"
    ]
    parts.append(f"last dose {number(hours)} hours ago" if hours is not None else "record the time of the last dose")
    return f"{drug}: " + "; ".join(parts) + "."


def last_dose_short(drug: str, hours: float, needed: float) -> str:
    return (
        f"{drug}, last dose {number(hours)} hours ago: less than the {number(needed)} hours PAUSE leaves before planned"
        " high-bleeding-risk surgery, so the drug may still act."
    )


def last_dose_enough(drug: str, hours: float, needed: float) -> str:
    return f"{drug}, last dose {number(hours)} hours ago: at least the {number(needed)} hours PAUSE leaves before planned high-bleeding-risk surgery."


MEASURE_CRCL = " Measure the creatinine clearance: the interval depends on it."


def last_dose_band_unknown(drug: str, hours: float, summary: str) -> str:
    return f"{drug}, last dose {number(hours)} hours ago; creatinine clearance not entered, and the interval depends on it: {summary}."


def last_dose_unknown(drug: str, needed: str) -> str:
    return f"{drug}: time since the last dose not entered. PAUSE leaves {needed} before planned high-bleeding-risk surgery."


def hours_words(hours: float) -> str:
    return f"{number(hours)} hours"


def renal_outside(drug: str, crcl: float, limit: float) -> str:
    return (
        f"{drug}, creatinine clearance {number(crcl)} mL/min: below {number(limit)} mL/min no interruption interval"
        " is applied; plan with haematology, per local protocol."
    )


def renal_band_unknown(drug: str, summary: str, limit: float | None) -> str:
    below = f" Below {number(limit)} mL/min no interval is applied: plan with haematology, per local protocol." if limit is not None else ""
    return f"{drug}: measure the creatinine clearance first; {summary}.{below}"


def renal_band(drug: str, crcl: float, band: str, words: str) -> str:
    return f"{drug}, creatinine clearance {number(crcl)} mL/min ({band}): {words}."


def renal_not_banded(words: str, drug: str, crcl: float | None, limit: float | None) -> str:
    lead = applied_to(drug, words)
    if crcl is None:
        return f"{lead}. This PAUSE interval has no renal-function band; measure the creatinine clearance" + (
            f" (below {number(limit)} mL/min no interval is applied)." if limit is not None else "."
        )
    return f"{lead} (creatinine clearance {number(crcl)} mL/min; this PAUSE interval has no renal-function band)."


REFERENCE_ONLY = " Shown for reference: not applied at this renal function (see the warning)."
ARTICLE_RULE_CONTEXT = "The article's rule for urgent surgery; for this planned procedure, the interval applies."


def drug_named(drug: str) -> str:
    return f"{drug}."


# Bridging
DEFICIT_NOT_DEFERRED = (
    "A neurological deficit is recorded: surgery for a progressive deficit is not deferred (see the warning); "
    "decide its timing with the surgical team and haematology, per local protocol."
)


def thrombotic_risk(reason: str | None, risk: str) -> str:
    if reason is None:
        return "Reason for anticoagulation not entered: the thrombotic risk, and so the bridging decision, is unknown."
    if risk == "low":  # the line is then also a next action: it says what follows
        return f"{reason}: low thrombotic risk, so no heparin bridging."
    return f"{reason}: {risk} thrombotic risk."


# Neuraxial block
def _hours_range(low: float, high: float) -> str:
    return number(low) + (f"-{number(high)}" if high != low else "")


def neuraxial_hours(drug: str, hours: float, low: float, high: float, deficit: bool) -> str:
    # Surgery for a deficit does not wait for a block's interval: general anaesthesia is the way.
    choice = "choose general anaesthesia (surgery for a deficit does not wait for a block)" if deficit else "choose general anaesthesia, or wait"
    return f"{drug}, last dose {number(hours)} hours ago: a neuraxial block needs {_hours_range(low, high)} hours since the last dose; {choice}."


BLOCK_INTERVAL_LONGER = " This is longer than the stop before the procedure: with a block planned, it decides the last dose."


def urgent_inr_block(drug: str, below: float) -> str:
    return (
        f"{drug}, urgent surgery: no days-long stop is possible; a spinal or epidural block needs the INR below"
        f" {number(below)} (the article's threshold) and normal at the time of the block."
    )


def neuraxial_hours_unknown(drug: str, low: float, high: float) -> str:
    return f"{drug}: time since the last dose not entered; a neuraxial block needs {_hours_range(low, high)} hours since the last dose."


def neuraxial_measure(drug: str, summary: str) -> str:
    return f"{drug}: measure the creatinine clearance; {summary}."


def neuraxial_banded(drug: str, crcl: float, words: str) -> str:
    return sentence(applied_to(f"{drug}, creatinine clearance {number(crcl)} mL/min", words))


def applied_to(drug: str, text: str) -> str:
    """A general rule as the action for the patient's drug, the drug named first."""
    lead = text[:1].lower() if text[1:2].islower() else text[:1]
    return f"{drug}: {lead}{text[1:]}"


# Intervals in words (plans and the guidance's drug table)
NO_RESTART_INTERVAL = "restart per the surgical team and local protocol (the evidence we hold gives no restart interval for this drug)"


def last_dose_days(days_before: int, days_off: int) -> str:
    return f"last dose {days_before} days before ({days_off} days without the drug)"


def stop_days(days: int, min_days: int | None = None) -> str:
    return f"stop {min_days}-{days} days before" if min_days is not None else f"stop {days} days before"


def restart_days(low: int, high: int) -> str:
    return f"restart {low}-{high} days after"


def crcl_at_least(value: float) -> str:
    return f"creatinine clearance {number(value)} mL/min or more"


def crcl_below(value: float) -> str:
    return f"below {number(value)} mL/min"


def crcl_between(low: float, high: float) -> str:
    return f"{number(low)}-{number(high)} mL/min"


def block_hours(hours: int) -> str:
    return f"last dose at least {hours} hours before the block"


def block_days(min_days: int, max_days: int | None) -> str:
    return f"stop {min_days}-{max_days} days before the block" if max_days is not None else f"stop about {min_days} days before the block"


AVOID_BLOCK = "avoid a neuraxial block"
UNVERIFIED_MARK = " (UNVERIFIED)"


def capitalised(words: str) -> str:
    return words[0].upper() + words[1:]


def unresolved_reference(candidates: int) -> str:
    return f"Not identified ({candidates} candidate{'s' if candidates != 1 else ''} on the references page)"


def unattributed_publication(year: int | None, pmcid: str | None) -> str:
    return f"Open-access review ({year}), PubMed Central {pmcid}; title and authors not verified (secondary source)."

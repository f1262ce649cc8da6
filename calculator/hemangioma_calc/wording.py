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


def clause(text: str) -> str:
    """Source text set inside a sentence: lower-case first letter (not an acronym), no full stop."""
    lead = text[:1].lower() if text[1:2].islower() else text[:1]
    return (lead + text[1:]).rstrip(".")


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
    if case["planned_radiation_dose_cgy"]:
        parts.append(f"radiation {case['planned_radiation_dose_cgy']} cGy planned")
    return "; ".join(parts) + "."


def hours_range(low: float, high: float) -> str:
    return number(low) + (f"-{number(high)}" if high != low else "")


def age_phrase(age: int) -> str:
    """ "A 42-year-old", "An 82-year-old": the article by the sound of the number."""
    spoken_vowel = str(age).startswith("8") or age in (11, 18)
    return f"{'An' if spoken_vowel else 'A'} {age}-year-old"


# Imaging as a plan names it (interface words for the case's values).
def imaging_state(imaging: str | None) -> str:
    return {"atypical": "imaging atypical", "not_assessed": "imaging not yet assessed", "typical": "imaging typical"}.get(
        imaging or "", "imaging not entered"
    )


def capitalised(words: str) -> str:
    return words[0].upper() + words[1:]


def unresolved_reference(candidates: int) -> str:
    return f"Not identified ({candidates} candidate{'s' if candidates != 1 else ''} on the references page)"


def unattributed_publication(year: int | None, pmcid: str | None) -> str:
    return f"Open-access review ({year}), PubMed Central {pmcid}; title and authors not verified (secondary source)."

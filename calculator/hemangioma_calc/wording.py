"""Reader-facing wording the engine adds to the source's own text: value labels and the words that
fill in a plan line's details (field labels and help are declared with the fields, `case.Case`). Presentation only; every number comes from the
source or the case, passed in as an argument.
"""

from __future__ import annotations

# Labels of the case's fixed choices (the schema's x-enum-labels).
VALUE_LABELS: dict[str, str] = {
    "female": "Female", "male": "Male", "none": "None", "present": "Present",
    "refractory": "Refractory to conservative management", "bony_expansion": "Bony expansion",
    "epidural_extension": "Epidural extension", "extraosseous_extension": "Extraosseous extension",
    "general": "General", "neuraxial": "Neuraxial (spinal or epidural)", "undecided": "Undecided",
    "gross_total": "Gross-total", "subtotal": "Subtotal", "en_bloc": "En bloc", "urgent": "Urgent",
    "planned": "Planned", "typical": "Typical", "atypical": "Atypical", "not_assessed": "Not yet assessed",
    "unknown": "Not known (only with a deficit)",
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

"""Proposed treatments that do not fit the case: the pitfalls it runs into, said first."""

from __future__ import annotations

from . import wording
from .case import Case
from .guideline import Guideline
from .items import PlanItem, item
from .pathway import GATE, diagnosis_unconfirmed
from .saying import Saying, say
from .source_ids import (
    BETTER_FROM_GY,
    DEFICIT_SURGERY,
    DELAY_SURGERY,
    DOSE_MAX,
    DOSE_MIN,
    DOSE_RESPONSE,
    EN_BLOC,
    LOW_DOSE,
    PAIN_RADIATION,
    PAIN_VERTEBROPLASTY,
    POSTOP_RADIATION,
    ROUTINE_SURVEILLANCE,
    VERTEBROPLASTY_ALONE,
)

CGY_PER_GY = 100
# Pathways on which the second-line treatments are not indicated.
NOT_SECOND_LINE = ("observation", "surveillance", "conservative", GATE)


def plan_warnings(case: Case, pathway: str, guideline: Guideline) -> list[PlanItem]:
    warnings: list[PlanItem] = []
    if pathway == "observation":
        warnings.append(item(guideline, ROUTINE_SURVEILLANCE))
    if pathway == "surgery" and case.surgery_timing == "planned":
        # A deficit entered as "planned" would let the interruption intervals delay surgery.
        warnings.append(item(guideline, DELAY_SURGERY, says=say("deficit-timing-planned")))
    warnings.extend(_radiation(case, pathway, guideline))
    if case.planned_resection == "en_bloc":
        # For a hemangioma [3]; a lesion not yet known to be one may be a tumour that en bloc treats.
        warnings.append(item(guideline, EN_BLOC, says=say("en-bloc-proposed-unconfirmed" if diagnosis_unconfirmed(case) else "en-bloc-proposed")))
    presentation = guideline.branch(pathway).presentation.lower()
    if case.planned_vertebroplasty_alone:
        if case.neurological_deficit:
            warnings.append(item(guideline, VERTEBROPLASTY_ALONE, says=say("vertebroplasty-alone-deficit")))
        elif pathway == GATE:
            warnings.append(item(guideline, PAIN_VERTEBROPLASTY, says=_before_diagnosis(case, "the proposed vertebroplasty")))
        elif pathway in NOT_SECOND_LINE:
            warnings.append(item(guideline, PAIN_VERTEBROPLASTY, says=say("vertebroplasty-not-indicated", presentation=presentation)))
        else:  # a second-line option for refractory pain [4, 2]: the proposal is acknowledged with its result
            warnings.append(item(guideline, PAIN_VERTEBROPLASTY, says=say("vertebroplasty-proposed-second-line")))
    if case.planned_resection is not None and pathway != "surgery" and not (pathway == GATE and case.planned_resection == "en_bloc"):
        # Behind the gate (no deficit) a resection is not one for a hemangioma; the lesion may be a
        # tumour, decided with oncology (the en bloc line says so itself).
        says = say("resection-before-diagnosis") if pathway == GATE else say("resection-not-indicated")
        warnings.append(item(guideline, DEFICIT_SURGERY, says=says))
    return warnings


def _before_diagnosis(case: Case, treatment: str) -> Saying:
    """Behind the diagnosis gate a proposed treatment waits for a typical hemangioma, whatever the pain."""
    return say("treatment-before-diagnosis", treatment=treatment, imaging=wording.imaging_state(case.imaging_typical))


def _radiation(case: Case, pathway: str, guideline: Guideline) -> list[PlanItem]:
    """A dose of 1000 cGy or less is inadequate wherever it is planned [1]; below the article's
    range the radiotherapy series find less relief, so it is as serious; above it the evidence
    stops. Radiation on a pathway without it is flagged beside that. A dose of 0 is no radiation."""
    dose = case.planned_radiation_dose_cgy
    if not dose:
        return []
    warnings = []
    data = guideline.item(PAIN_RADIATION).data
    low, high = data[DOSE_MIN], data[DOSE_MAX]
    if dose <= guideline.item(LOW_DOSE).data[DOSE_MAX]:
        warnings.append(item(guideline, LOW_DOSE, says=say("radiation-inadequate", dose=dose)))
    elif dose < low:
        warnings.append(item(guideline, PAIN_RADIATION, says=say("radiation-below-range", dose=dose)))
    elif dose > high:
        warnings.append(item(guideline, PAIN_RADIATION, says=say("radiation-above-range", dose=dose)))
    elif pathway != GATE:  # within the range, named with its step; behind the gate it waits with the treatment (below)
        # The radiotherapy series found better relief and control from the range's upper part on.
        better_from = guideline.item(DOSE_RESPONSE).data[BETTER_FROM_GY]
        postop = pathway == "surgery"
        if dose < better_from * CGY_PER_GY:
            says = say("radiation-dose-lower-range-postop" if postop else "radiation-dose-lower-range", dose=dose, better_from=better_from)
        else:
            says = say("radiation-dose-in-range-postop" if postop else "radiation-dose-in-range", dose=dose)
        warnings.append(item(guideline, POSTOP_RADIATION if postop else PAIN_RADIATION, says=says))
    if pathway == GATE:
        if dose > guideline.item(LOW_DOSE).data[DOSE_MAX]:  # an inadequate dose is refused outright above
            warnings.append(item(guideline, PAIN_RADIATION, says=_before_diagnosis(case, f"the planned radiation ({dose} cGy)")))
    elif pathway in NOT_SECOND_LINE:
        presentation = guideline.branch(pathway).presentation.lower()
        warnings.append(item(guideline, PAIN_RADIATION, says=say("radiation-not-indicated", presentation=presentation)))
    elif pathway == "surgery" and case.planned_resection == "gross_total":  # radiation follows a subtotal resection [1]
        warnings.append(item(guideline, POSTOP_RADIATION, says=say("radiation-after-complete-resection")))
    return warnings

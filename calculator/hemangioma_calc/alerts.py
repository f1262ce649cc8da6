"""Warnings: the pitfalls a case or its planned treatment runs into."""

from __future__ import annotations

from . import wording
from .case import Case
from .guideline import Guideline
from .items import PlanItem, item
from .source_ids import (
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

SECOND_LINE_ONLY = ("observation", "surveillance", "conservative")


def plan_warnings(case: Case, pathway: str, guideline: Guideline) -> list[PlanItem]:
    warnings: list[PlanItem] = []
    if pathway == "observation":
        warnings.append(item(guideline, ROUTINE_SURVEILLANCE))
    if pathway == "surgery":
        # A deficit entered as "planned" would let the interruption intervals delay surgery.
        detail = wording.PLANNED_WITH_DEFICIT if case.surgery_timing == "planned" else None
        warnings.append(item(guideline, DELAY_SURGERY, detail=detail))
    warnings.extend(_radiation(case, pathway, guideline))
    if case.planned_resection == "en_bloc":
        warnings.append(item(guideline, EN_BLOC))
    if case.planned_vertebroplasty_alone:
        if case.neurological_deficit:
            warnings.append(item(guideline, VERTEBROPLASTY_ALONE))
        elif pathway in SECOND_LINE_ONLY:
            warnings.append(item(guideline, PAIN_VERTEBROPLASTY, severity="warning", detail=_not_indicated(pathway, guideline)))
    if case.planned_resection is not None and pathway != "surgery":
        warnings.append(item(guideline, DEFICIT_SURGERY, severity="warning", detail=wording.NOT_A_CANDIDATE_FOR_RESECTION))
    return warnings


def _radiation(case: Case, pathway: str, guideline: Guideline) -> list[PlanItem]:
    """A dose of 1000 cGy or less is inadequate wherever it is planned; radiation on a pathway
    without it, and a dose outside the article's range, are flagged beside that."""
    dose = case.planned_radiation_dose_cgy
    if dose is None:
        return []
    warnings = []
    inadequate = dose <= guideline.item(LOW_DOSE).data[DOSE_MAX]
    if inadequate:
        warnings.append(item(guideline, LOW_DOSE, detail=wording.planned_dose(dose)))
    step = POSTOP_RADIATION if pathway == "surgery" else PAIN_RADIATION
    data = guideline.item(step).data
    low, high = data[DOSE_MIN], data[DOSE_MAX]
    details = []
    if pathway in SECOND_LINE_ONLY:
        details.append(_not_indicated(pathway, guideline))
    if not inadequate and not low <= dose <= high:
        details.append(wording.dose_outside_range(dose, low, high))
    if details:
        # Below the range, the radiotherapy series (not the article) say what a lower dose loses.
        shown = DOSE_RESPONSE if not inadequate and dose < low else step
        warnings.append(item(guideline, shown, severity="warning", detail=" ".join(details)))
    return warnings


def _not_indicated(pathway: str, guideline: Guideline) -> str:
    return wording.second_line_not_indicated(guideline.branch(pathway).presentation)

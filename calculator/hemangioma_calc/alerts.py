"""Warnings: the pitfalls a case or its planned treatment runs into."""

from __future__ import annotations

from .case import Case
from .guideline import Guideline
from .items import PlanItem, item

SECOND_LINE_ONLY = ("observation", "surveillance", "conservative")


def plan_warnings(case: Case, pathway: str, guideline: Guideline) -> list[PlanItem]:
    warnings: list[PlanItem] = []
    if pathway == "observation":
        warnings.append(item(guideline, "pitfall-routine-surveillance"))
    if pathway == "surgery":
        warnings.append(item(guideline, "pitfall-delay-surgery"))
    warnings.extend(_radiation(case, pathway, guideline))
    if case.planned_resection == "en_bloc":
        warnings.append(item(guideline, "pitfall-en-bloc"))
    if case.planned_vertebroplasty_alone:
        if case.neurological_deficit:
            warnings.append(item(guideline, "pitfall-vertebroplasty-alone"))
        elif pathway in SECOND_LINE_ONLY:
            warnings.append(
                item(guideline, "pain-vertebroplasty", severity="warning", detail=_not_indicated(pathway, guideline))
            )
    if case.planned_resection is not None and pathway != "surgery":
        warnings.append(
            item(
                guideline,
                "deficit-surgery",
                severity="warning",
                detail="A resection is planned, but this case has no neurological deficit or cord compression.",
            )
        )
    return warnings


def _radiation(case: Case, pathway: str, guideline: Guideline) -> list[PlanItem]:
    dose = case.planned_radiation_dose_cgy
    if dose is None:
        return []
    inadequate = guideline.item("pitfall-low-dose").data["dose_max_cgy"]
    if dose <= inadequate:
        return [item(guideline, "pitfall-low-dose", detail=f"Planned dose: {dose} cGy.")]
    step = "surgery-postop-radiation" if pathway == "surgery" else "pain-radiation"
    low, high = (guideline.item(step).data[k] for k in ("dose_min_cgy", "dose_max_cgy"))
    details = []
    if pathway in SECOND_LINE_ONLY:
        details.append(_not_indicated(pathway, guideline))
    if not low <= dose <= high:
        details.append(f"The planned {dose} cGy is outside the {low}-{high} cGy range.")
    if not details:
        return []
    return [item(guideline, step, severity="warning", detail=" ".join(details))]


def _not_indicated(pathway: str, guideline: Guideline) -> str:
    presentation = guideline.branch(pathway).presentation.lower()
    return f"This is a second-line option for pain refractory to conservative management; the case's presentation is: {presentation}."

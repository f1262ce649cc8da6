"""The pathway for a presentation: its ordered steps and follow-up (item ids of the source)."""

from __future__ import annotations

from dataclasses import dataclass

from .case import Case
from .guideline import Guideline
from .risk import RiskAssessment
from .source_ids import (
    AGGRESSIVE_SURVEILLANCE,
    ANNUAL_EXCEPTION,
    ATYPICAL_IMAGING,
    CORPECTOMY,
    EPIDURAL_AS_EXTRAOSSEOUS,
    INSTABILITY_APPROACH,
    LAMINECTOMY,
    PAIN_VERTEBROPLASTY,
    POSTOP_RADIATION,
)

GATE = "confirm_diagnosis"


@dataclass(frozen=True)
class PathwayChoice:
    pathway: str
    steps: tuple[str, ...]
    follow_up: tuple[str, ...]
    assumptions: tuple[str, ...]
    # Behind the diagnosis gate: the pathway that applies once a typical hemangioma is confirmed.
    if_confirmed: str | None = None


def diagnosis_unconfirmed(case: Case) -> bool:
    """Is it a hemangioma? With a cancer history only typical imaging says so (evidence §3); an
    atypical lesion is worked up in anyone (an assumption)."""
    return case.imaging_typical == "atypical" or (case.cancer_history and case.imaging_typical != "typical")


def choose_pathway(case: Case, risk: RiskAssessment, gated: bool = True) -> str:
    """Deficit -> surgery (the diagnosis follows in parallel); a diagnosis to confirm -> the gate;
    refractory pain -> second line; pain -> conservative; else by risk."""
    if case.neurological_deficit:
        return "surgery"
    if gated and diagnosis_unconfirmed(case):
        return GATE
    if case.pain == "refractory":
        return "second_line"
    if case.pain == "present":
        return "conservative"
    return "surveillance" if risk.high_risk else "observation"


def plan_pathway(case: Case, risk: RiskAssessment, guideline: Guideline) -> PathwayChoice:
    """Select and order the source algorithm's steps for this case."""
    pathway = choose_pathway(case, risk)
    branch = guideline.branch(pathway)
    assumptions = list(risk.assumptions) if pathway in ("observation", "surveillance") else []
    steps = list(branch.steps)
    if pathway == GATE:
        if not case.cancer_history:
            assumptions.append(ATYPICAL_IMAGING)
        return PathwayChoice(pathway, tuple(steps), branch.follow_up, tuple(assumptions), choose_pathway(case, risk, gated=False))
    if pathway == "surveillance" and not risk.young_woman_thoracic:
        # Only an aggressive feature makes this lesion high risk: the annual examination is our
        # assumption's extension of the article's rule, shown as such, not as the article's rule.
        steps = [AGGRESSIVE_SURVEILLANCE if s == ANNUAL_EXCEPTION else s for s in steps]
    if pathway == "second_line" and case.compression_fracture:
        # Vertebroplasty is favoured with a compression fracture [4, 2]: offer it first.
        steps.remove(PAIN_VERTEBROPLASTY)
        steps.insert(0, PAIN_VERTEBROPLASTY)
    if pathway == "surgery":
        steps = [s for s in steps if s not in _unchosen_approaches(case, assumptions)]
        if case.planned_resection == "gross_total":
            steps.remove(
                POSTOP_RADIATION
            )  # radiation follows a subtotal resection only [1]; en bloc is advised against, so what is done instead may be subtotal
    return PathwayChoice(pathway, tuple(steps), branch.follow_up, tuple(assumptions))


def _unchosen_approaches(case: Case, assumptions: list[str]) -> set[str]:
    """Step 2 keeps the one approach the case points to."""
    extraosseous = "extraosseous_extension" in case.aggressive_features
    if "epidural_extension" in case.aggressive_features and not extraosseous:
        assumptions.append(EPIDURAL_AS_EXTRAOSSEOUS)
        extraosseous = True
    if extraosseous or case.region == "cervical":
        return {LAMINECTOMY, INSTABILITY_APPROACH}
    if case.instability:
        return {LAMINECTOMY, CORPECTOMY}
    return {CORPECTOMY, INSTABILITY_APPROACH}

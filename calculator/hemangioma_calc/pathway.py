"""The pathway for a presentation: its ordered steps and follow-up (item ids of the source)."""

from __future__ import annotations

from dataclasses import dataclass

from .case import Case
from .guideline import Guideline
from .risk import RiskAssessment
from .source_ids import (
    AGGRESSIVE_SURVEILLANCE,
    ANNUAL_EXCEPTION,
    CORPECTOMY,
    EPIDURAL_AS_EXTRAOSSEOUS,
    INSTABILITY_APPROACH,
    LAMINECTOMY,
    PAIN_VERTEBROPLASTY,
)


@dataclass(frozen=True)
class PathwayChoice:
    pathway: str
    steps: tuple[str, ...]
    follow_up: tuple[str, ...]
    assumptions: tuple[str, ...]


def choose_pathway(case: Case, risk: RiskAssessment) -> str:
    """Deficit -> surgery; refractory pain -> second line; pain -> conservative; else by risk."""
    if case.neurological_deficit:
        return "surgery"
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

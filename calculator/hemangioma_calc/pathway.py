"""The pathway for a presentation, and its ordered steps (statement ids of the source)."""

from __future__ import annotations

from dataclasses import dataclass

from .case import Case
from .guideline import Guideline
from .risk import RiskAssessment

EPIDURAL_AS_EXTRAOSSEOUS = "epidural-as-extraosseous"


@dataclass(frozen=True)
class PathwayChoice:
    pathway: str
    steps: tuple[str, ...]
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
    assumptions = list(risk.assumptions) if pathway in ("observation", "surveillance") else []
    steps = list(guideline.branch(pathway).steps)
    if pathway == "second_line" and case.compression_fracture:
        # Vertebroplasty is favoured with a compression fracture [4, 2]: offer it first.
        steps.remove("pain-vertebroplasty")
        steps.insert(0, "pain-vertebroplasty")
    if pathway == "surgery":
        steps = [s for s in steps if s not in _unchosen_approaches(case, assumptions)]
    return PathwayChoice(pathway, tuple(steps), tuple(assumptions))


def _unchosen_approaches(case: Case, assumptions: list[str]) -> set[str]:
    """Step 2 keeps the one approach the case points to."""
    extraosseous = "extraosseous_extension" in case.aggressive_features
    if "epidural_extension" in case.aggressive_features and not extraosseous:
        assumptions.append(EPIDURAL_AS_EXTRAOSSEOUS)
        extraosseous = True
    if extraosseous or case.region == "cervical":
        return {"surgery-laminectomy", "surgery-instability"}
    if case.instability:
        return {"surgery-laminectomy", "surgery-corpectomy"}
    return {"surgery-corpectomy", "surgery-instability"}

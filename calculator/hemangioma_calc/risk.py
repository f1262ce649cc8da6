"""Risk stratification of an asymptomatic lesion: does it carry a high-risk feature?"""

from __future__ import annotations

from dataclasses import dataclass

from .case import Case
from .guideline import Guideline
from .source_ids import AGGRESSIVE_SURVEILLANCE, YOUNG_AGE


@dataclass(frozen=True)
class RiskAssessment:
    woman_thoracic: bool
    young_woman_thoracic: bool
    aggressive_imaging: bool
    assumptions: tuple[str, ...]  # the assumptions the assessment relied on

    @property
    def high_risk(self) -> bool:
        return self.young_woman_thoracic or self.aggressive_imaging


def assess_risk(case: Case, guideline: Guideline) -> RiskAssessment:
    """Young women with thoracic lesions [1]; aggressive imaging features [3, 4] (an assumption)."""
    young_below = guideline.assumption_value(YOUNG_AGE)
    woman_thoracic = case.sex == "female" and case.region == "thoracic"
    assumptions = []
    if woman_thoracic:
        assumptions.append(YOUNG_AGE)  # the age cut-off decided the outcome
    if case.aggressive_features:
        assumptions.append(AGGRESSIVE_SURVEILLANCE)
    return RiskAssessment(
        woman_thoracic=woman_thoracic,
        young_woman_thoracic=woman_thoracic and case.age < young_below,
        aggressive_imaging=bool(case.aggressive_features),
        assumptions=tuple(assumptions),
    )

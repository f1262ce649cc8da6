"""The perioperative antithrombotic plan, when surgery or a procedure is on the pathway.

Urgent: the source article's rules [7] (shown with their hip-fracture context). Planned: the
interruption intervals by drug and renal function. Neuraxial or undecided anaesthesia: the
neuraxial intervals and the general-anaesthesia option. Every interval comes from the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .case import Case
from .guideline import Antithrombotic, CrclBand, Guideline, NeuraxialInterval, PlannedInterruption
from .items import PlanItem, item

PROCEDURES = {"surgery": "surgery", "second_line": "embolization or vertebroplasty"}
NEURAXIAL_RULE = "anticoag-neuraxial-intervals"
WARFARIN_RULE = "anticoag-warfarin-inr"


@dataclass(frozen=True)
class PerioperativePlan:
    procedure: str
    agent: Antithrombotic
    timing: str
    anesthesia: str
    items: tuple[PlanItem, ...]
    warnings: tuple[PlanItem, ...]
    assumptions: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "procedure": self.procedure,
            "agent": self.agent.id,
            "agent_label": self.agent.label,
            "drug_class": self.agent.drug_class,
            "timing": self.timing,
            "anesthesia": self.anesthesia,
            "items": [i.to_json() for i in self.items],
        }


def plan_perioperative(case: Case, pathway: str, guideline: Guideline) -> PerioperativePlan | None:
    if pathway not in PROCEDURES or case.antithrombotic == "none":
        return None
    drug = guideline.drug(case.antithrombotic)
    builder = _Builder(case, drug, guideline)
    if case.timing == "urgent":
        builder.urgent()
    else:
        builder.planned(is_surgery=pathway == "surgery")
    if case.anesthesia != "general":
        builder.neuraxial()
    return PerioperativePlan(
        procedure=PROCEDURES[pathway],
        agent=drug,
        timing=case.timing,
        anesthesia=case.anesthesia,
        items=tuple(builder.items),
        warnings=tuple(builder.warnings),
        assumptions=tuple(dict.fromkeys(builder.assumptions)),
    )


def _f(value: float) -> str:
    return f"{value:g}"


class _Builder:
    """Collects the items of one plan; each method covers one part of the rules."""

    def __init__(self, case: Case, drug: Antithrombotic, guideline: Guideline):
        self.case, self.drug, self.g = case, drug, guideline
        self.items: list[PlanItem] = []
        self.warnings: list[PlanItem] = []
        self.assumptions: list[str] = []
        self.inr_limits = guideline.item(WARFARIN_RULE).data

    def add(self, item_id: str, kind: str, **changes: Any) -> None:
        self.items.append(item(self.g, item_id, kind=kind, **changes))

    # --- urgent: the article's rules ---------------------------------------------------------
    def urgent(self) -> None:
        drug = self.drug
        if drug.urgent_statement is None:
            self.add("no-urgent-rule", "rule", detail=f"{drug.label}: decide with haematology or the prescriber.")
            return
        if drug.needs_inr:
            self.warfarin_inr()
            self.add("anticoag-warfarin-reversal", "rule")
            return
        self.add(drug.urgent_statement, "rule")
        if drug.drug_class == "doac" and self.case.creatinine_clearance is None:
            self.items.insert(
                0,
                item(self.g, drug.urgent_statement, kind="measure",
                     detail="Measure the creatinine clearance: the timing of surgery depends on renal function."),
            )

    def warfarin_inr(self) -> None:
        """Urgent surgery: judge the entered INR against the article's thresholds [7]."""
        surgery_below = self.inr_limits["inr_surgery_below"]
        neuraxial_below = self.inr_limits["inr_neuraxial_below"]
        inr = self.case.inr
        if inr is None:
            self.add(
                WARFARIN_RULE,
                "measure",
                detail=f"Measure the INR: surgery needs an INR below {surgery_below}, a spinal anaesthetic below {neuraxial_below}.",
            )
            return
        breaches = []
        if inr >= surgery_below:
            breaches.append(f"not below {surgery_below}: reverse before surgery")
        if self.case.anesthesia != "general" and inr >= neuraxial_below:
            breaches.append(f"not below {neuraxial_below}: no spinal anaesthetic until it is")
        spinal = f" and {neuraxial_below} for a spinal anaesthetic" if self.case.anesthesia != "general" else ""
        verdict = "; ".join(breaches) or f"below {surgery_below} for surgery{spinal}"
        detail = f"Entered INR {_f(inr)}: {verdict}."
        self.add(WARFARIN_RULE, "rule", detail=detail)
        if breaches:
            self.warnings.append(item(self.g, WARFARIN_RULE, severity="warning", detail=detail))

    # --- planned: interruption intervals -----------------------------------------------------
    def planned(self, is_surgery: bool) -> None:
        drug, rule = self.drug, self.drug.planned
        if drug.urgent_statement is not None and drug.drug_class == "antiplatelet":
            self.add(drug.urgent_statement, "rule")  # the article's rule, with its context note
        if rule is None:
            if drug.drug_class == "lmwh":
                self.add("lmwh-surgical-interval", "rule")
            return
        if not is_surgery:
            self.assumptions.append("procedure-bleeding-risk")
        if rule.assumption:
            self.assumptions.append(rule.assumption)
        planned_item = item(self.g, rule.statement, kind="interval", citations=rule.citations, verification=rule.verification)
        if rule.assumption:
            planned_item = planned_item.with_(assumptions=(*planned_item.assumptions, rule.assumption))
        if rule.by_crcl:
            band = _band(rule.by_crcl, self.case.creatinine_clearance)
            if band is None:
                self.items.append(planned_item.with_(kind="measure", detail=f"Measure the creatinine clearance first: {planned_summary(rule)}."))
                return
            detail = (
                f"Creatinine clearance {_f(self.case.creatinine_clearance)} mL/min ({_crcl_label(band, rule.by_crcl)}): "
                + planned_words(rule, band)
            )
        else:
            detail = planned_words(rule)
        self.items.append(planned_item.with_(detail=detail + "."))
        if drug.needs_inr:
            surgery_below = self.inr_limits["inr_surgery_below"]
            neuraxial_below = self.inr_limits["inr_neuraxial_below"]
            self.add(WARFARIN_RULE, "measure", detail=(
                f"Check the INR before the procedure: below {surgery_below} for surgery, "
                f"below {neuraxial_below} for a spinal anaesthetic."))

    # --- neuraxial anaesthesia -------------------------------------------------------------
    def neuraxial(self) -> None:
        rule = self.drug.neuraxial
        if rule is None:
            return
        if self.drug.drug_class == "doac":
            self.assumptions.append("doac-treatment-dose")
        kind, verification = "neuraxial", rule.verification
        if not rule.by_crcl:
            detail = neuraxial_summary(rule) if rule.text else f"{self.drug.label}: {neuraxial_summary(rule)}"
        else:
            band = _band(rule.by_crcl, self.case.creatinine_clearance)
            if band is None:
                kind = "measure"
                detail = f"{self.drug.label}: measure the creatinine clearance; {neuraxial_summary(rule)}"
            else:
                verification = band.verification or verification
                detail = f"{self.drug.label}, creatinine clearance {_f(self.case.creatinine_clearance)} mL/min: {_band_words(band)}"
                if band.avoid:
                    self.warnings.append(
                        item(self.g, NEURAXIAL_RULE, severity="critical", citations=rule.citations,
                             verification=verification, detail=detail.rstrip(".") + ".")
                    )
        self.items.append(
            item(self.g, NEURAXIAL_RULE, kind=kind, citations=rule.citations, verification=verification,
                 detail=detail.rstrip(".") + ".")
        )
        self.neuraxial_context()

    def neuraxial_context(self) -> None:
        self.add("anticoag-neuraxial-risk", "context")
        self.add("anticoag-general-anaesthesia", "option")


# --- the intervals in words: used by plans and by the guidance's drug table ---------------------
def planned_words(rule: PlannedInterruption, band: CrclBand | None = None) -> str:
    """One interruption (for a renal-function band where the rule has them), with the restart."""
    source: Any = band or rule
    if source.last_dose_days_before is not None:
        words = f"last dose {source.last_dose_days_before} days before ({source.days_off} days without the drug)"
    elif rule.stop_min_days_before is not None:
        words = f"stop {rule.stop_min_days_before}-{rule.stop_days_before} days before"
    else:
        words = f"stop {rule.stop_days_before} days before"
    if rule.restart_min_days is not None:
        words += f"; restart {rule.restart_min_days}-{rule.restart_max_days} days after"
    return words[0].upper() + words[1:] if band is None else words


def planned_summary(rule: PlannedInterruption) -> str:
    """The whole rule: every renal-function band, or the single interval."""
    if not rule.by_crcl:
        return planned_words(rule)
    return "; ".join(f"{_crcl_label(b, rule.by_crcl)}: {planned_words(rule, b)}" for b in rule.by_crcl)


def neuraxial_summary(rule: NeuraxialInterval) -> str:
    """Before a neuraxial block: the source's own wording where it has one, else the numbers."""
    if rule.by_crcl:
        return "; ".join(
            f"{_crcl_label(b, rule.by_crcl)}: {_band_words(b)}" + (" (UNVERIFIED)" if b.verification == "unverified" else "")
            for b in rule.by_crcl
        )
    return rule.text or _interval_words(rule.hours, rule.min_days, rule.max_days)


def _band(bands: tuple[CrclBand, ...], crcl: float | None) -> CrclBand | None:
    """The first band (ordered from high to low) whose lower bound the clearance reaches."""
    if crcl is None:
        return None
    return next(b for b in bands if crcl >= b.crcl_min)


def _crcl_label(band: CrclBand, bands: tuple[CrclBand, ...]) -> str:
    index = bands.index(band)
    if index == 0:
        return f"creatinine clearance {_f(band.crcl_min)} mL/min or more"
    upper = bands[index - 1].crcl_min
    if band.crcl_min == 0:
        return f"below {_f(upper)} mL/min"
    return f"{_f(band.crcl_min)}-{_f(upper - 1)} mL/min"


def _band_words(band: CrclBand) -> str:
    if band.avoid:
        return band.text or "avoid a neuraxial block"
    return _interval_words(band.hours, None, None)


def _interval_words(hours: int | None, min_days: int | None, max_days: int | None) -> str:
    if hours is not None:
        return f"last dose at least {hours} hours before the block"
    if max_days is not None:
        return f"stop {min_days}-{max_days} days before the block"
    assert min_days is not None, "a neuraxial rule needs hours, days or its own text"
    return f"stop about {min_days} days before the block"

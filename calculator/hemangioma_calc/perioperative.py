"""The perioperative antithrombotic plan, when surgery or a procedure is on the pathway.

The drug's class (from the source) decides which rules apply: the laboratory value it needs, what
urgent and planned surgery do with it, bridging by thrombotic risk, the neuraxial intervals. Urgent:
the source article's rules [7], shown with their hip-fracture context. Planned: the interruption
intervals by drug and renal function. Every interval comes from the source; the engine names no drug.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import wording
from .case import Case
from .guideline import Antithrombotic, CrclBand, DrugClass, Guideline, NeuraxialInterval, PlannedInterruption, RiskReason
from .items import PlanItem, item
from .source_ids import (
    BRIDGING_HIGH_RISK,
    BRIDGING_LOW_RISK,
    DOAC_TREATMENT_DOSE,
    GENERAL_ANAESTHESIA,
    INR_NEURAXIAL_BELOW,
    INR_SURGERY_BELOW,
    NEURAXIAL_INTERVALS,
    NEURAXIAL_RISK,
    ONE_DRUG,
    OPEN_SURGERY_GENERAL_ANAESTHESIA,
    PROCEDURE_BLEEDING_RISK,
    URGENT_WITHOUT_DEFICIT,
    VTE_DEFER_PROCEDURE,
)

HOURS_PER_DAY = 24


@dataclass(frozen=True)
class PerioperativePlan:
    procedure: str
    agent: Antithrombotic
    drug_class: DrugClass
    timing: str
    anesthesia: str
    items: tuple[PlanItem, ...]
    warnings: tuple[PlanItem, ...]
    assumptions: tuple[str, ...]

    def to_json(self, guideline: Guideline) -> dict[str, Any]:
        return {
            "procedure": self.procedure,
            "agent": self.agent.id,
            "agent_label": self.agent.label,
            "drug_class": self.agent.drug_class,
            "drug_class_label": self.drug_class.label,
            "timing": self.timing,
            "anesthesia": self.anesthesia,
            "items": [i.to_json(guideline) for i in self.items],
        }


def plan_perioperative(case: Case, pathway: str, guideline: Guideline) -> PerioperativePlan | None:
    procedure = guideline.branch(pathway).procedure
    drug = guideline.drug(case.antithrombotic)
    drug_class = guideline.drug_class(drug)
    if procedure is None or drug_class.no_drug:
        return None
    # Open surgery is done under general anaesthesia unless a neuraxial technique is entered.
    neuraxial = case.anesthesia == "neuraxial" or (case.anesthesia == "undecided" and pathway != "surgery")
    builder = _Builder(case, drug, drug_class, guideline, neuraxial)
    if case.timing == "urgent":
        if not case.neurological_deficit:  # entered as urgent: the hip-fracture rules may not be the right ones
            builder.warn(URGENT_WITHOUT_DEFICIT, "warning")
        builder.urgent()
        if drug_class.bridging:
            builder.bridging(entered_only=True)
    else:
        builder.planned(is_surgery=pathway == "surgery")
    if neuraxial:
        builder.neuraxial()
    elif case.anesthesia == "undecided":
        builder.assumptions.append(OPEN_SURGERY_GENERAL_ANAESTHESIA)
    return PerioperativePlan(
        procedure=procedure,
        agent=drug,
        drug_class=drug_class,
        timing=case.timing,
        anesthesia=case.anesthesia,
        items=tuple(builder.items),
        warnings=tuple(builder.warnings),
        assumptions=tuple(dict.fromkeys([*builder.assumptions, ONE_DRUG])),  # the evidence gives its rules drug by drug
    )


class _Builder:
    """Collects the lines of one plan; each method covers one part of the rules. A line appears
    once: as a warning when the case breaches the rule, otherwise among the plan's items."""

    def __init__(self, case: Case, drug: Antithrombotic, drug_class: DrugClass, guideline: Guideline, neuraxial: bool):
        self.case, self.drug, self.cls, self.g = case, drug, drug_class, guideline
        self.neuraxial_considered = neuraxial
        self.items: list[PlanItem] = []
        self.warnings: list[PlanItem] = []
        self.assumptions: list[str] = []

    def add(self, item_id: str, kind: str, **changes: Any) -> None:
        self.items.append(item(self.g, item_id, kind=kind, **changes))

    def add_for_drug(self, item_id: str, kind: str) -> None:
        """A general rule applied to the patient's drug, which the line names."""
        self.add(item_id, kind, detail=wording.drug_named(self.drug.label), subject=self.drug.label)

    def warn(self, item_id: str, severity: str, **changes: Any) -> None:
        self.warnings.append(item(self.g, item_id, severity=severity, **changes))

    # --- urgent: the article's rules ---------------------------------------------------------
    def urgent(self) -> None:
        drug, cls = self.drug, self.cls
        if cls.lab == "inr":
            self.urgent_inr()
        elif drug.urgent_statement is not None:
            detail = None
            if cls.urgent_last_dose is not None:
                detail = wording.urgent_timing(drug.label, self.case.creatinine_clearance, self.case.hours_since_last_dose)
            missing = cls.lab == "crcl" and self.case.creatinine_clearance is None
            kind = "measure" if missing else "rule"
            if detail is None:
                self.add_for_drug(drug.urgent_statement, kind)
            else:
                self.add(drug.urgent_statement, kind, detail=detail)
        elif cls.urgent_fallback is not None:
            self.add_for_drug(cls.urgent_fallback, "rule")
        if self.renal_limit_breached():
            return
        if cls.urgent_last_dose is not None:
            self.urgent_last_dose(cls.urgent_last_dose)

    def inr_thresholds(self) -> tuple[str, float, float]:
        """The article's INR statement [7] and its thresholds: for surgery, for a neuraxial block."""
        statement = self.drug.urgent_statement
        assert statement is not None  # validation: an INR class needs its threshold statement
        limits = self.g.item(statement).data
        return statement, limits[INR_SURGERY_BELOW], limits[INR_NEURAXIAL_BELOW]

    def urgent_inr(self) -> None:
        """Judge the entered INR against the article's thresholds [7], never as a clearance."""
        statement, surgery_below, neuraxial_below = self.inr_thresholds()
        inr, label, reversal = self.case.inr, self.drug.label, self.cls.reversal_statement
        if inr is None:
            self.add(statement, "measure", detail=wording.inr_measure(label, surgery_below, neuraxial_below))
            if reversal:
                self.add(reversal, "rule", detail=wording.REVERSAL_IF_NEEDED)
            return
        if inr >= surgery_below:
            self.warn(statement, "critical", detail=wording.inr_above_surgery(label, inr, surgery_below))
            if reversal:
                self.add(reversal, "rule", detail=wording.reversal_for(inr))
            return
        if inr < neuraxial_below:
            self.add(statement, "rule", detail=wording.inr_below_both(label, inr, surgery_below, neuraxial_below))
            return
        detail = wording.inr_between(label, inr, surgery_below)
        if not self.neuraxial_considered:
            self.add(statement, "rule", detail=detail)
            return
        severity = "critical" if self.case.anesthesia == "neuraxial" else "warning"
        self.warn(statement, severity, detail=f"{detail} {wording.inr_above_neuraxial(neuraxial_below)}")
        if reversal:
            self.add(reversal, "rule", detail=wording.reversal_for_neuraxial(inr, neuraxial_below))

    def urgent_last_dose(self, rule_id: str) -> None:
        """Time since the last dose against the interval PAUSE leaves before planned surgery."""
        rule = self.drug.planned
        if rule is None:
            return
        hours = self.case.hours_since_last_dose
        needed = _needed_hours(rule, self.case.creatinine_clearance)
        label = self.drug.label
        shortest = _shortest_needed_hours(rule) if needed is None else None
        if hours is not None and shortest is not None:
            # Clearance unknown: short of the shortest band's interval, the drug may still act whatever it is.
            if hours < shortest:
                self.warn(rule_id, "critical", detail=wording.last_dose_short(label, hours, shortest) + wording.MEASURE_CRCL)
            else:
                self.add(rule_id, "measure", detail=wording.last_dose_band_unknown(label, hours, planned_summary(rule)))
        elif hours is None or needed is None:
            words = wording.hours_words(needed) if needed is not None else planned_summary(rule)
            self.add(rule_id, "measure", detail=wording.last_dose_unknown(label, words))
        elif hours < needed:  # beside the next actions: timing and reversal are decided now
            self.warn(rule_id, "critical", detail=wording.last_dose_short(label, hours, needed))
        else:
            self.add(rule_id, "rule", detail=wording.last_dose_enough(label, hours, needed))

    def renal_limit(self) -> float | None:
        """The clearance below which the source applies no interval to this class (mL/min), if any."""
        return self.g.assumption_value(self.cls.renal_limit) if self.cls.renal_limit else None

    def renal_limit_breached(self) -> bool:
        """Below the source's renal limit no interval applies: a warning refers the plan on."""
        limit_id, limit, crcl = self.cls.renal_limit, self.renal_limit(), self.case.creatinine_clearance
        if limit_id is None or limit is None or crcl is None or crcl >= limit:
            return False
        self.warn(limit_id, "warning", detail=wording.renal_outside(self.drug.label, crcl, limit))
        return True

    # --- planned: interruption intervals -----------------------------------------------------
    def planned(self, is_surgery: bool) -> None:
        drug, cls, rule = self.drug, self.cls, self.drug.planned
        if drug.urgent_statement is not None and cls.lab is None and cls.urgent_last_dose is None:
            # The article's urgent rule (antiplatelets), kept visible with its context note.
            self.add(drug.urgent_statement, "context", detail=wording.ARTICLE_RULE_CONTEXT if rule else None)
        reason = self.risk_reason()
        defer = cls.asks_thrombotic_risk and reason is not None and reason.defer_planned_procedure
        if not is_surgery and (rule is not None or defer):
            self.assumptions.append(PROCEDURE_BLEEDING_RISK)
        if defer:  # first: whether to operate now comes before how to interrupt
            self.add(VTE_DEFER_PROCEDURE, "rule", detail=wording.DEFICIT_NOT_DEFERRED if self.case.neurological_deficit else None)
        if rule is None:
            if cls.planned_fallback is not None:
                self.add_for_drug(cls.planned_fallback, "rule")
            return
        self.interval(rule)
        if cls.planned_check is not None:
            self.add(cls.planned_check, "measure", detail=wording.planned_inr(self.case.inr))
        if cls.bridging:
            self.bridging()

    def interval(self, rule: PlannedInterruption) -> None:
        planned_item = item(self.g, rule.statement, kind="interval", citations=rule.citations, verification=rule.verification)
        if rule.assumption:
            self.assumptions.append(rule.assumption)
            planned_item = planned_item.with_(assumptions=(*planned_item.assumptions, rule.assumption))
        crcl = self.case.creatinine_clearance
        outside = self.renal_limit_breached()
        if rule.by_crcl:
            band = _band(rule.by_crcl, crcl)
            if band is None:
                detail = wording.renal_band_unknown(self.drug.label, planned_summary(rule), self.renal_limit())
                self.items.append(planned_item.with_(kind="measure", detail=detail))
                return
            assert crcl is not None
            detail = wording.renal_band(self.drug.label, crcl, _crcl_label(band, rule.by_crcl), planned_words(rule, band))
        elif self.cls.lab == "crcl":
            detail = wording.renal_not_banded(planned_words(rule), self.drug.label, crcl, self.renal_limit())
        else:
            detail = wording.applied_to(self.drug.label, planned_words(rule)) + "."
        if outside:
            detail += wording.REFERENCE_ONLY
        self.items.append(planned_item.with_(detail=detail, kind="context" if outside else "interval"))

    def risk_reason(self) -> RiskReason | None:
        reason_id = self.case.anticoagulation_reason
        return self.g.risk_reason(reason_id) if reason_id else None

    def bridging(self, entered_only: bool = False) -> None:
        """The no-bridging evidence covers low thrombotic risk only (BRIDGE, PAUSE: atrial fibrillation).
        In urgent surgery (`entered_only`) no interruption is planned, but an entered high or unknown
        risk still makes bridging and restarting after the operation a specialist decision."""
        reason = self.risk_reason()
        if entered_only and (reason is None or reason.risk == "low"):
            return
        risk = reason.risk if reason else "unknown"
        detail = wording.thrombotic_risk(reason.label if reason else None, risk)
        risk_source = self.g.thrombotic_risk
        if risk == "low":
            self.add(BRIDGING_LOW_RISK, "rule", detail=detail)
        else:  # a known high risk is beside the next actions: stopping without a bridging decision can harm
            severity = "critical" if risk == "high" else "warning"
            self.warn(BRIDGING_HIGH_RISK, severity, detail=detail, verification=risk_source.verification)

    # --- neuraxial anaesthesia -------------------------------------------------------------
    def neuraxial(self) -> None:
        rule = self.drug.neuraxial
        if rule is None:
            return
        if self.case.timing == "urgent" and self.cls.lab == "inr":  # no days-long stop: the INR decides
            detail = wording.urgent_inr_block(self.drug.label, self.inr_thresholds()[2])
            self.items.append(
                item(self.g, NEURAXIAL_INTERVALS, kind="neuraxial", citations=rule.citations, verification=rule.verification, detail=detail)
            )
            self.neuraxial_context()
            return
        if self.cls.lab == "crcl":
            self.assumptions.append(DOAC_TREATMENT_DOSE)
        label, crcl = self.drug.label, self.case.creatinine_clearance
        kind, verification = "neuraxial", rule.verification
        hours: tuple[float, float] | None = _block_hours(rule)
        if not rule.by_crcl:
            detail = wording.applied_to(label, neuraxial_summary(rule))
        else:
            band = _band(rule.by_crcl, crcl)
            if band is None:
                kind, hours = "measure", None
                detail = wording.neuraxial_measure(label, neuraxial_summary(rule))
            else:
                assert crcl is not None
                verification = band.verification or verification
                hours = (band.hours, band.hours) if band.hours else None
                detail = wording.neuraxial_banded(label, crcl, _band_words(band))
                if band.avoid:
                    self.warn(NEURAXIAL_INTERVALS, "critical", citations=rule.citations, verification=verification, detail=detail)
                    self.neuraxial_context()
                    return
        detail = wording.sentence(detail)
        procedure = _needed_hours(self.drug.planned, crcl) if self.case.timing == "planned" and self.drug.planned else None
        if hours is not None and procedure is not None and hours[1] > procedure:
            detail += wording.BLOCK_INTERVAL_LONGER  # two stops shown: say which one decides the last dose
        breach = self.neuraxial_timing(hours) if self.case.timing == "urgent" and self.cls.asks_last_dose else None
        if breach is None:
            self.items.append(item(self.g, NEURAXIAL_INTERVALS, kind=kind, citations=rule.citations, verification=verification, detail=detail))
        else:
            severity, words = breach
            self.warn(NEURAXIAL_INTERVALS, severity, citations=rule.citations, verification=verification, detail=f"{detail} {words}")
        self.neuraxial_context()

    def neuraxial_timing(self, hours: tuple[float, float] | None) -> tuple[str, str] | None:
        """Urgent: is the time since the last dose long enough for a block? (severity, words)"""
        if hours is None:
            return None
        since, (low, high) = self.case.hours_since_last_dose, hours
        if since is None:
            return "warning", wording.neuraxial_hours_unknown(self.drug.label, low, high)
        if since < high:
            words = wording.neuraxial_hours(self.drug.label, since, low, high, self.case.neurological_deficit)
            return ("critical" if since < low else "warning"), words
        return None

    def neuraxial_context(self) -> None:
        self.add(NEURAXIAL_RISK, "context")
        self.add(GENERAL_ANAESTHESIA, "option")


def _needed_hours(rule: PlannedInterruption, crcl: float | None) -> float | None:
    """Hours from the last dose to a planned high-bleeding-risk operation (whole days)."""
    if rule.by_crcl:
        band = _band(rule.by_crcl, crcl)
        days = band.last_dose_days_before if band else None
    else:
        days = rule.last_dose_days_before or rule.stop_days_before
    return days * HOURS_PER_DAY if days is not None else None


def _shortest_needed_hours(rule: PlannedInterruption) -> float | None:
    """The least any renal-function band asks before planned surgery (hours), or None without bands."""
    days = [band.last_dose_days_before for band in rule.by_crcl if band.last_dose_days_before is not None]
    return min(days) * HOURS_PER_DAY if days else None


def _block_hours(rule: NeuraxialInterval) -> tuple[float, float] | None:
    if rule.hours is not None:
        return (rule.hours, rule.hours)
    if rule.min_days is not None:
        return (rule.min_days * HOURS_PER_DAY, (rule.max_days or rule.min_days) * HOURS_PER_DAY)
    return None


# --- the intervals in words: used by plans and by the guidance's drug table ---------------------
def planned_words(rule: PlannedInterruption, band: CrclBand | None = None) -> str:
    """One interruption (for a renal-function band where the rule has them), with the restart."""
    source: Any = band or rule
    if source.last_dose_days_before is not None:
        words = wording.last_dose_days(source.last_dose_days_before, source.days_off)
    else:
        words = wording.stop_days(rule.stop_days_before, rule.stop_min_days_before)  # type: ignore[arg-type]
    if rule.restart_min_days is not None and rule.restart_max_days is not None:
        words += "; " + wording.restart_days(rule.restart_min_days, rule.restart_max_days)
    else:
        words += "; " + wording.NO_RESTART_INTERVAL
    return wording.capitalised(words) if band is None else words


def planned_summary(rule: PlannedInterruption) -> str:
    """The whole rule: every renal-function band, or the single interval."""
    if not rule.by_crcl:
        return planned_words(rule)
    return "; ".join(f"{_crcl_label(b, rule.by_crcl)}: {planned_words(rule, b)}" for b in rule.by_crcl)


def neuraxial_summary(rule: NeuraxialInterval) -> str:
    """Before a neuraxial block: the source's own wording where it has one, else the numbers."""
    if rule.by_crcl:
        return "; ".join(
            f"{_crcl_label(b, rule.by_crcl)}: {_band_words(b)}" + (wording.UNVERIFIED_MARK if b.verification == "unverified" else "")
            for b in rule.by_crcl
        )
    return rule.text or _interval_words(rule.hours, rule.min_days, rule.max_days)


def _band(bands: tuple[CrclBand, ...], crcl: float | None) -> CrclBand | None:
    """The first band (ordered from high to low) whose lower bound the clearance reaches."""
    if crcl is None:
        return None
    return next((b for b in bands if crcl >= b.crcl_min), None)


def _crcl_label(band: CrclBand, bands: tuple[CrclBand, ...]) -> str:
    index = bands.index(band)
    if index == 0:
        return wording.crcl_at_least(band.crcl_min)
    upper = bands[index - 1].crcl_min
    if band.crcl_min == 0:
        return wording.crcl_below(upper)
    return wording.crcl_between(band.crcl_min, upper - 1)


def _band_words(band: CrclBand) -> str:
    if band.avoid:
        return band.text or wording.AVOID_BLOCK
    return _interval_words(band.hours, None, None)


def _interval_words(hours: int | None, min_days: int | None, max_days: int | None) -> str:
    if hours is not None:
        return wording.block_hours(hours)
    if min_days is None:
        raise ValueError("a neuraxial rule needs hours, days or its own text")  # the source validation prevents this
    return wording.block_days(min_days, max_days)

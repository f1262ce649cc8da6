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
from .pathway import GATE
from .saying import Saying, phrase, say
from .source_ids import (
    BRIDGING_HIGH_RISK,
    BRIDGING_LOW_RISK,
    DOAC_TREATMENT_DOSE,
    INR_NEURAXIAL_BELOW,
    INR_SURGERY_BELOW,
    LAST_DOSE_IN_LINE,
    NEURAXIAL_INTERVALS,
    ONE_DRUG,
    OPEN_SURGERY_GENERAL_ANAESTHESIA,
    PLANNED_LAST_DOSE,
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
    assumptions: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "procedure": self.procedure,
            "agent": self.agent.id,
            "agent_label": self.agent.label,
            "drug_class": self.agent.drug_class,
            "drug_class_label": self.drug_class.label,
            "timing": self.timing,
            "anesthesia": self.anesthesia,
        }


def planned_procedure(case: Case, pathway: str, guideline: Guideline) -> tuple[str, bool] | None:
    """What the perioperative plan prepares for (and whether it is open surgery): the pathway's
    procedure, or one the case proposes although the pathway has none (the plan says so first)."""
    procedure = guideline.branch(pathway).procedure
    if procedure is not None:
        return procedure, pathway == "surgery"
    if case.planned_resection is not None:
        return guideline.branch("surgery").procedure or "", True
    if case.planned_vertebroplasty_alone:
        return guideline.branch("second_line").procedure or "", False
    return None


def plan_perioperative(case: Case, pathway: str, guideline: Guideline) -> PerioperativePlan | None:
    drug = guideline.drug(case.antithrombotic)
    drug_class = guideline.drug_class(drug)
    planned = planned_procedure(case, pathway, guideline)
    if planned is None or drug_class.no_drug:
        return None
    procedure, is_surgery = planned
    # Open surgery is done under general anaesthesia unless a neuraxial technique is entered.
    neuraxial = case.anesthesia == "neuraxial" or (case.anesthesia == "undecided" and not is_surgery)
    builder = _Builder(case, drug, drug_class, guideline, neuraxial)
    if case.timing == "urgent":
        if not case.neurological_deficit:  # entered as urgent: the hip-fracture rules may not be the right ones
            builder.add(URGENT_WITHOUT_DEFICIT)
        builder.urgent()
        builder.thrombotic_risk(urgent=True)
    else:
        builder.planned(is_surgery, biopsy=pathway == GATE)
    if neuraxial:
        builder.neuraxial()
    elif case.anesthesia == "undecided":
        builder.assumptions.append(OPEN_SURGERY_GENERAL_ANAESTHESIA)
    if case.timing == "planned":
        builder.planned_last_dose()
    builder.last_dose_noted()
    return PerioperativePlan(
        procedure=procedure,
        agent=drug,
        drug_class=drug_class,
        timing=case.timing,
        anesthesia=case.anesthesia,
        items=tuple(builder.items),
        assumptions=tuple(dict.fromkeys([*builder.assumptions, ONE_DRUG])),  # the evidence gives its rules drug by drug
    )


class _Builder:
    """Collects the lines of one drug's plan; each method covers one part of the rules and says
    which conclusion of the source each line draws."""

    def __init__(self, case: Case, drug: Antithrombotic, drug_class: DrugClass, guideline: Guideline, neuraxial: bool):
        self.case, self.drug, self.cls, self.g = case, drug, drug_class, guideline
        self.neuraxial_considered = neuraxial
        self.items: list[PlanItem] = []
        self.assumptions: list[str] = []
        # The stops before a planned procedure, each its line and the hours from the last dose it
        # asks (a range's longer end): a last dose entered is counted against the longest.
        self.stops: list[tuple[PlanItem, float]] = []

    def add(self, item_id: str, says: Saying | None = None, **changes: Any) -> None:
        self.items.append(item(self.g, item_id, says=says, **changes))

    def say(self, template: str, **slots: Any) -> Saying:
        """A conclusion about the patient's drug, which it names."""
        return say(template, drug=self.drug.label, **slots)

    def fallback(self, item_id: str) -> Saying:
        """A class's item for a drug without its own rule, said of the drug (validation: it has one)."""
        template = self.g.plain_conclusion(item_id)
        assert template is not None
        return self.say(template.id)

    # --- urgent: the article's rules ---------------------------------------------------------
    def urgent(self) -> None:
        drug, cls = self.drug, self.cls
        if cls.lab == "inr":
            self.urgent_inr()
        elif cls.urgent_last_dose is None and drug.urgent_statement is not None:
            self.add(drug.urgent_statement, self.say("antiplatelet-no-delay"))
        elif cls.urgent_fallback is not None:
            self.add(cls.urgent_fallback, self.fallback(cls.urgent_fallback))
        if self.renal_referral(urgent=True):
            return
        if cls.urgent_last_dose is not None:
            self.urgent_last_dose()

    def inr_thresholds(self) -> tuple[str, float, float]:
        """The article's INR statement [7] and its thresholds: for surgery, for a neuraxial block."""
        statement = self.drug.urgent_statement
        assert statement is not None  # validation: an INR class needs its threshold statement
        limits = self.g.item(statement).data
        return statement, limits[INR_SURGERY_BELOW], limits[INR_NEURAXIAL_BELOW]

    def urgent_inr(self) -> None:
        """Judge the entered INR against the article's thresholds [7], never as a clearance; an
        unknown INR is as urgent as a high one."""
        statement, surgery_below, neuraxial_below = self.inr_thresholds()
        inr, reversal = self.case.inr, self.cls.reversal_statement
        limits = {"surgery_below": surgery_below, "neuraxial_below": neuraxial_below}
        if inr is None:
            template = "inr-unknown"
        elif inr >= surgery_below:
            # Without a deficit the urgency itself is in question (urgent-without-deficit): reversal
            # only if the procedure cannot wait for the planned interruption.
            template = "inr-above-surgery" if self.case.neurological_deficit else "inr-above-surgery-if-urgent"
        elif inr < neuraxial_below:
            template = "inr-below-both-block" if self.neuraxial_considered else "inr-below-both"
        elif not self.neuraxial_considered:
            template = "inr-between"
        else:
            template = "inr-between-block" if self.case.anesthesia == "neuraxial" else "inr-between-block-undecided"
        says = self.say(template, **limits, **({"inr": inr} if inr is not None else {}))
        self.add(statement, says)
        if reversal and not template.startswith("inr-below-both"):
            self.add(reversal, says)  # the reversal is evidence of the same conclusion
        block = self.drug.neuraxial
        if template.endswith(("-block", "-block-undecided")) and block is not None:
            # This line speaks of the block (neuraxial() adds none below the surgical threshold):
            # ASRA's interval, and its normal INR at the block, are its evidence too.
            self.add(NEURAXIAL_INTERVALS, says, citations=block.citations, verification=block.verification)

    def urgent_last_dose(self) -> None:
        """Time since the last dose against the interval PAUSE leaves before planned surgery (its
        days taken as hours: an assumption); unknown values are as urgent as a short interval."""
        rule = self.drug.planned
        assert self.cls.urgent_last_dose is not None
        rule_id = self.cls.urgent_last_dose
        timing = self.drug.urgent_statement
        if rule is None:
            self.urgent_last_dose_against_block(rule_id)
            return
        if rule.assumption:
            self.assumptions.append(rule.assumption)  # a drug handled like another of its class
        hours, crcl = self.case.hours_since_last_dose, self.case.creatinine_clearance
        needed = _needed_hours(rule, crcl)
        says: Saying
        # The interval has no band but the renal limit does: the clearance is asked for as well.
        crcl_unknown = crcl is None and self.cls.lab == "crcl"
        if hours is None:  # one conclusion asks for every value missing, not one line each
            says = self.say("crcl-and-last-dose-unknown-urgent" if crcl_unknown else "last-dose-unknown")
        elif needed is None:  # the clearance decides the interval and is not entered
            shortest = _shortest_needed_hours(rule)
            if shortest is not None and hours < shortest:
                says = self.say("last-dose-short-crcl-unknown", hours=hours, days=_days(shortest), needed=shortest)
            else:
                says = self.say("crcl-unknown-urgent")
        elif hours < needed:  # beside the next actions: timing and reversal are decided now
            template = "last-dose-short-crcl-not-entered" if crcl_unknown else "last-dose-short"
            says = self.say(template, hours=hours, days=_days(needed), needed=needed)
        else:
            if crcl_unknown:  # a critical request beside an info line that the time has passed
                self.lines(rule_id, timing, rule, self.say("crcl-unknown-urgent"))
            says = self.say("last-dose-enough", hours=hours, days=_days(needed), needed=needed)
        self.lines(rule_id, timing, rule, says)

    def urgent_last_dose_against_block(self, rule_id: str) -> None:
        """A drug without a planned interval (a treatment dose of heparin): the neuraxial interval
        after it is the yardstick (an assumption); unknown is as urgent as too short."""
        block = _block_hours(self.drug.neuraxial) if self.drug.neuraxial else None
        if block is None:
            return
        hours, needed = self.case.hours_since_last_dose, block[1]
        if hours is None:
            says = self.say("heparin-last-dose-unknown", needed=needed)
        elif hours < needed:
            says = self.say("heparin-dose-short", hours=hours, needed=needed)
        else:
            says = self.say("heparin-dose-enough", hours=hours, needed=needed)
        self.add(rule_id, says)

    def lines(self, rule_id: str, timing: str | None, rule: PlannedInterruption, says: Saying) -> None:
        """A last-dose conclusion with its evidence: the article's timing rule and PAUSE's interval."""
        if timing is not None:
            self.add(timing, says)
        self.add(rule.statement, says, citations=rule.citations, verification=rule.verification, assumptions=self.rule_assumptions(rule))
        self.add(rule_id, says)

    def rule_assumptions(self, rule: PlannedInterruption) -> tuple[str, ...]:
        statement = self.g.item(rule.statement)
        return (*statement.assumptions, rule.assumption) if rule.assumption else statement.assumptions

    def renal_limit(self) -> float | None:
        """The clearance below which the source applies no interval to this class (mL/min), if any."""
        return self.g.assumption_value(self.cls.renal_limit) if self.cls.renal_limit else None

    def renal_referral(self, urgent: bool) -> Saying | None:
        """Below the source's renal limit no interval applies: refer the plan on (urgently, in
        urgent surgery: the drug may act for longer). Returns what was said, if anything."""
        limit_id, limit, crcl = self.cls.renal_limit, self.renal_limit(), self.case.creatinine_clearance
        if limit_id is None or limit is None or crcl is None or crcl >= limit:
            return None
        says = self.say("renal-outside-urgent" if urgent else "renal-outside-planned", crcl=crcl, limit=limit)
        self.add(limit_id, says)
        return says

    # --- planned: interruption intervals -----------------------------------------------------
    def planned(self, is_surgery: bool, biopsy: bool) -> None:
        cls, rule = self.cls, self.drug.planned
        reason = self.risk_reason()
        defer = cls.asks_thrombotic_risk and reason is not None and reason.defer_planned_procedure
        if not is_surgery and (rule is not None or defer):
            self.assumptions.append(PROCEDURE_BLEEDING_RISK)
        if defer:  # first: whether to operate now comes before how to interrupt
            # Behind the diagnosis gate the procedure is a biopsy: the imaging is no procedure to defer.
            deferral = say("vte-deficit-not-deferred") if self.case.neurological_deficit else say("vte-defer-biopsy") if biopsy else None
            self.add(VTE_DEFER_PROCEDURE, deferral)
        elif cls.asks_thrombotic_risk and reason is None and not cls.bridging:
            # Without the reason a recent thrombosis cannot be ruled out: as serious as one (the
            # classes that bridge ask for it in their bridging line).
            self.add(VTE_DEFER_PROCEDURE, self.say("reason-unknown-defer"))
        says: Saying | None = None
        if rule is None:
            if cls.planned_fallback is not None:
                says = self.fallback(cls.planned_fallback)
                self.add(cls.planned_fallback, says)
        else:
            says = self.interval(rule)
            if cls.planned_check is not None:
                self.add(cls.planned_check, say("planned-inr-check-entered", inr=self.case.inr) if self.case.inr is not None else None)
        if says is not None and cls.lab is None and cls.urgent_last_dose is None and self.drug.urgent_statement is not None:
            # The article's no-delay rule for the drug stands beside the planned interval, with the
            # source note that it comes from urgent hip-fracture surgery.
            self.add(self.drug.urgent_statement, says)
        self.thrombotic_risk(urgent=False)  # a deferral may not be possible: the stop's risk is said too

    def interval(self, rule: PlannedInterruption) -> Saying:
        if rule.assumption:
            self.assumptions.append(rule.assumption)
        crcl, limit = self.case.creatinine_clearance, self.renal_limit()
        referral = self.renal_referral(urgent=False)
        says: Saying
        if referral is not None:
            says = referral  # the interval is evidence of the referral, for reference only
        elif rule.by_crcl:
            band = _band(rule.by_crcl, crcl)
            if band is None:
                says = self.say("planned-crcl-unknown", limit=limit)
            else:
                says = self.say("planned-interval-banded", crcl=crcl, interval=planned_words(self.g, rule, band))
        elif self.cls.lab == "crcl" and crcl is None:
            says = self.say("planned-interval-crcl-unknown", interval=planned_words(self.g, rule, lower=True), limit=limit)
        elif self.cls.lab == "crcl":
            says = self.say("planned-interval-renal", interval=planned_words(self.g, rule, lower=True), crcl=crcl)
        else:
            says = self.say("planned-interval", interval=planned_words(self.g, rule, lower=True))
        self.add(rule.statement, says, citations=rule.citations, verification=rule.verification, assumptions=self.rule_assumptions(rule))
        needed = _needed_hours(rule, crcl)
        below_limit_possible = limit is not None and crcl is None  # no stop is counted until the clearance is known
        if referral is None and needed is not None and not below_limit_possible:
            self.stops.append((self.items[-1], needed))
        return says

    def risk_reason(self) -> RiskReason | None:
        reason_id = self.case.anticoagulation_reason
        return self.g.risk_reason(reason_id) if reason_id else None

    def thrombotic_risk(self, urgent: bool) -> None:
        """The no-bridging evidence covers low thrombotic risk only (BRIDGE, PAUSE: atrial fibrillation).
        At high or unknown risk, stopping and restarting (and, for the drugs that are bridged,
        bridging) is a specialist decision, in urgent surgery too; a reason not entered is as serious
        as a high risk. Heparin is itself the bridge: its lines speak of the interruption and restart."""
        if not self.cls.asks_thrombotic_risk:
            return
        reason = self.risk_reason()
        verification = self.g.thrombotic_risk.verification
        if reason is not None and reason.risk == "low":
            if self.cls.bridging:  # urgent too: BRIDGE and PAUSE bridged neither before nor after
                self.add(BRIDGING_LOW_RISK, say("bridging-low", reason=reason.label))
            elif not urgent and reason.venous_thromboembolism:  # heparin: the deferral's 3 months are past
                self.add(VTE_DEFER_PROCEDURE, say("heparin-vte-beyond-deferral", reason=reason.label))
            elif (rule := self.cls.urgent_last_dose if urgent else self.cls.planned_fallback) is not None:
                self.add(rule, self.say("heparin-low-risk", reason=wording.clause(reason.label)))
            return
        if reason is None:
            if self.cls.bridging:
                self.add(BRIDGING_HIGH_RISK, self.say("bridging-reason-unknown"), verification=verification)
            elif urgent:  # planned: the deferral line asks for it (planned())
                self.add(BRIDGING_HIGH_RISK, self.say("heparin-reason-unknown-urgent"), verification=verification)
            return
        words = {"reason": wording.clause(reason.label), "risk": reason.risk}
        template = "bridging-not-low" if self.cls.bridging else "heparin-high-risk"
        self.add(BRIDGING_HIGH_RISK, self.say(template, **words), verification=verification)

    # --- neuraxial anaesthesia -------------------------------------------------------------
    def neuraxial(self) -> None:
        rule = self.drug.neuraxial
        if rule is None:
            return
        block = {"citations": rule.citations, "verification": rule.verification}
        if self.case.timing == "urgent" and self.cls.lab == "inr":  # no days-long stop: the INR decides
            inr, (_, surgery_below, neuraxial_below) = self.case.inr, self.inr_thresholds()
            if inr is None or inr >= surgery_below:  # otherwise the INR line speaks of the block
                # As serious as the block is close: entered, critical; only possible, a warning.
                entered = self.case.anesthesia == "neuraxial"
                if inr is None:
                    template = "inr-unknown-block" if entered else "inr-unknown-block-undecided"
                else:
                    template = "inr-above-block" if entered else "inr-above-block-undecided"
                inr_slot = {} if inr is None else {"inr": inr}
                self.add(NEURAXIAL_INTERVALS, self.say(template, neuraxial_below=neuraxial_below, **inr_slot), **block)
            return
        if self.cls.lab == "crcl":
            self.assumptions.append(DOAC_TREATMENT_DOSE)
        crcl, limit = self.case.creatinine_clearance, self.renal_limit()
        band = _band(rule.by_crcl, crcl)  # the renal band that applies, for a rule that has them
        if band is not None:
            block["verification"] = band.verification or rule.verification
        if not rule.by_crcl and limit is not None and crcl is None:
            # The renal limit decides whether any interval applies: unknown, it is as serious as below it.
            self.add(NEURAXIAL_INTERVALS, self.crcl_unknown_before_block(wording.clause(neuraxial_summary(self.g, rule))), **block)
            return
        if limit is not None and crcl is not None and crcl < limit:
            # Below the renal limit no interval applies (the drug may act longer): no block is
            # cleared or counted down from the last dose (H6). One critical line says it of the
            # procedure and the block (a renal band that avoids the block is its evidence); the
            # referral already drawn becomes its evidence too.
            says = self.say("block-renal-outside", crcl=crcl, limit=limit)
            self.items = [line.with_(says=says) if line.says and line.says.template.startswith("renal-outside") else line for line in self.items]
            self.add(NEURAXIAL_INTERVALS, says, **block)
            return
        hours: tuple[float, float] | None = _block_hours(rule)
        if not rule.by_crcl:
            words = wording.clause(neuraxial_summary(self.g, rule))
            says = self.say("block-interval", interval=words)
        else:
            if band is None:  # the worst band forbids a block: an unknown clearance is as serious
                self.add(NEURAXIAL_INTERVALS, self.crcl_unknown_before_block(neuraxial_summary(self.g, rule)), **block)
                return
            hours = (band.hours, band.hours) if band.hours else None
            if band.avoid:
                self.add(
                    NEURAXIAL_INTERVALS,
                    self.say("block-avoid", crcl=crcl, interval=wording.sentence(wording.clause(_band_words(self.g, band)))),
                    **block,
                )
                return
            words = wording.clause(_band_words(self.g, band))
            says = self.say("block-interval-banded", crcl=crcl, interval=words)
        procedure = _needed_hours(self.drug.planned, crcl) if self.case.timing == "planned" and self.drug.planned else None
        if hours is not None and procedure is not None and hours[1] > procedure:
            says = self.say("block-interval-longer", interval=words)  # two stops shown: say which decides the last dose
        breach = self.neuraxial_timing(hours) if self.case.timing == "urgent" and self.cls.asks_last_dose else None
        self.add(NEURAXIAL_INTERVALS, breach or says, **block)
        if hours is not None:
            self.stops.append((self.items[-1], hours[1]))

    # --- the last dose entered ------------------------------------------------------------------
    def planned_last_dose(self) -> None:
        """A last dose entered before a planned procedure: the longest stop of the plan counted from
        it (days as 24 hours, a range's longer end: an assumption), with each stop as evidence."""
        since = self.case.hours_since_last_dose
        if since is None or not self.stops:
            return
        needed = max(hours for _, hours in self.stops)
        lines = [line for line, hours in self.stops if hours == needed]
        procedure = any(line.id != NEURAXIAL_INTERVALS for line in lines)
        block = any(line.id == NEURAXIAL_INTERVALS for line in lines)
        what = phrase(self.g, "before-procedure-and-block" if procedure and block else "before-procedure" if procedure else "before-block")
        if since < needed:
            says = self.say("planned-last-dose-wait", hours=since, needed=needed, remaining=needed - since, what=what)
        else:
            says = self.say("planned-last-dose-passed", hours=since, needed=needed, what=what)
        self.assumptions.append(PLANNED_LAST_DOSE)
        self.items.extend(line.with_(says=says) for line in lines)

    def last_dose_noted(self) -> None:
        """A last dose entered that no line counts from (no interval applies to this case, or the
        clearance must be measured first) is named in the line that says so, with the drug's rule
        as evidence: never dropped (H71), nor said in a second line."""
        since = self.case.hours_since_last_dose
        if since is None or any(line.says is not None and "hours" in dict(line.says.slots) for line in self.items):
            return
        said = next((line.says for line in self.items if line.says and line.says.template in LAST_DOSE_IN_LINE), None)
        if said is not None:
            says = say(LAST_DOSE_IN_LINE[said.template], **dict(said.slots), hours=since)
            self.items = [line.with_(says=says) if line.says == said else line for line in self.items]

    def crcl_unknown_before_block(self, summary: str) -> Saying:
        """One measurement decides both the planned stop and the block: one critical conclusion asks
        for it (the stop's line, already drawn, becomes its evidence), not a warning and a critical."""
        asking = ("planned-crcl-unknown", "planned-interval-crcl-unknown")
        asked = [i for i, line in enumerate(self.items) if line.says is not None and line.says.template in asking]
        if not asked:
            return self.say("block-crcl-unknown", summary=summary)
        says = self.say("block-and-stop-crcl-unknown", summary=summary, limit=self.renal_limit())
        for i in asked:
            self.items[i] = self.items[i].with_(says=says)
        return says

    def neuraxial_timing(self, hours: tuple[float, float] | None) -> Saying | None:
        """Urgent: is the time since the last dose long enough for a block? Unknown is as serious as too short."""
        if hours is None:
            return None
        since, (low, high) = self.case.hours_since_last_dose, hours
        needed = wording.hours_range(low, high)
        if since is None:  # as serious as a dose too recent: no block until it is known
            asked = self.cls.urgent_last_dose is not None  # the last-dose conclusion already asks for it
            return self.say("block-last-dose-not-known" if asked else "block-last-dose-unknown", block_hours=needed)
        if since < low:
            return self.say("block-too-soon-deficit" if self.case.neurological_deficit else "block-too-soon", hours=since, block_hours=needed)
        if since < high:
            return self.say("block-within-range", hours=since, block_hours=needed)
        return self.say("block-interval-met", hours=since, block_hours=needed)


def _days(hours: float) -> float:
    return hours / HOURS_PER_DAY if hours % HOURS_PER_DAY else int(hours // HOURS_PER_DAY)


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
# The words are the source's phrases (`phrases`); the numbers come from the drug's entry.
def planned_words(g: Guideline, rule: PlannedInterruption, band: CrclBand | None = None, lower: bool = False) -> str:
    """One interruption (for a renal-function band where the rule has them), with the restart."""
    source: Any = band or rule
    if source.last_dose_days_before is not None:
        words = phrase(g, "last-dose-days", days_before=source.last_dose_days_before, days_off=source.days_off)
    elif rule.stop_min_days_before is not None:
        words = phrase(g, "stop-days-range", min_days=rule.stop_min_days_before, days=rule.stop_days_before)
    else:
        words = phrase(g, "stop-days", days=rule.stop_days_before)
    if rule.restart_min_days is not None and rule.restart_max_days is not None:
        words += "; " + phrase(g, "restart-days", low=rule.restart_min_days, high=rule.restart_max_days)
    else:
        words += "; " + phrase(g, "no-restart-interval")
    return wording.capitalised(words) if band is None and not lower else words


def planned_summary(g: Guideline, rule: PlannedInterruption) -> str:
    """The whole rule: every renal-function band, or the single interval."""
    if not rule.by_crcl:
        return planned_words(g, rule)
    return "; ".join(f"{_crcl_label(g, b, rule.by_crcl)}: {planned_words(g, rule, b)}" for b in rule.by_crcl)


def neuraxial_summary(g: Guideline, rule: NeuraxialInterval) -> str:
    """Before a neuraxial block: the source's own wording where it has one, else the numbers."""
    unverified = f" ({g.labels.verification['unverified']})"
    if rule.by_crcl:
        return "; ".join(
            (wording.clause(b.text) if b.text else f"{_crcl_label(g, b, rule.by_crcl)}: {_band_words(g, b)}")
            + (unverified if b.verification == "unverified" else "")
            for b in rule.by_crcl
        )
    return rule.text or _interval_words(g, rule.hours, rule.min_days, rule.max_days)


def _band(bands: tuple[CrclBand, ...], crcl: float | None) -> CrclBand | None:
    """The first band (ordered from high to low) whose lower bound the clearance reaches."""
    if crcl is None:
        return None
    return next((b for b in bands if crcl >= b.crcl_min), None)


def _crcl_label(g: Guideline, band: CrclBand, bands: tuple[CrclBand, ...]) -> str:
    index = bands.index(band)
    if index == 0:
        return phrase(g, "crcl-at-least", crcl=band.crcl_min)
    upper = bands[index - 1].crcl_min
    if band.crcl_min == 0:
        return phrase(g, "crcl-below", crcl=upper)
    return phrase(g, "crcl-between", low=band.crcl_min, high=upper - 1)


def _band_words(g: Guideline, band: CrclBand) -> str:
    if band.avoid:
        return band.text or phrase(g, "avoid-block")
    return _interval_words(g, band.hours, None, None)


def _interval_words(g: Guideline, hours: int | None, min_days: int | None, max_days: int | None) -> str:
    if hours is not None:
        return phrase(g, "block-hours", hours=hours)
    if min_days is None:
        raise ValueError("a neuraxial rule needs hours, days or its own text")  # the source validation prevents this
    if max_days is None:
        return phrase(g, "block-days-about", min_days=min_days)
    return phrase(g, "block-days-range", min_days=min_days, max_days=max_days)

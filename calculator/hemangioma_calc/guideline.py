"""The guideline as a typed model: the one structured source, read by pages and engine.

The dataclass annotations are the structural schema; `validation.load_guideline` builds the model
from plain data and adds the rules no annotation can say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, get_args

Pathway = Literal["observation", "surveillance", "conservative", "second_line", "confirm_diagnosis", "surgery"]
PATHWAYS: tuple[str, ...] = get_args(Pathway)
Verification = Literal["verified", "secondary", "unverified"]
Severity = Literal["info", "warning", "critical"]
# Where a conclusion stands in a plan, in this order (a critical drug conclusion moves up to "danger").
ConclusionGroup = Literal["gate", "urgency", "proposal", "danger", "pitfall", "procedure", "drug", "population", "follow_up", "outcomes"]
CONCLUSION_GROUPS: tuple[str, ...] = get_args(ConclusionGroup)


@dataclass(frozen=True)
class Metadata:
    title: str
    short_title: str
    version: str
    last_reviewed: str
    next_review: str
    authored_by: str
    checked_by: str
    scope: str
    audience: str
    disclaimer: str
    source_article: str
    evidence_summary: str


@dataclass(frozen=True)
class CertaintyLevel:
    id: str
    label: str
    description: str


@dataclass(frozen=True, kw_only=True)
class Publication:
    """Bibliographic data; which fields a reference must have depends on its status."""

    authors: tuple[str, ...] = ()
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    doi: str | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Candidate(Publication):
    """A publication that may be the one an unresolved citation meant (shown as a candidate)."""


@dataclass(frozen=True, kw_only=True)
class Reference(Publication):
    key: str
    number: int
    status: Literal["resolved", "unresolved"]
    confidence: Literal["high", "moderate", "low", "unresolved"]
    candidates: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class Topic:
    id: str
    title: str


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    summary: str
    topics: tuple[Topic, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Reviewed:
    """Sign-off of one item by a clinical reviewer; absent until a real reviewer signs."""

    reviewed_by: str | None = None
    reviewed_on: str | None = None


@dataclass(frozen=True)
class Labels:
    """Reader-facing names of verification levels and warning severities."""

    verification: dict[str, str]
    severity: dict[str, str]


@dataclass(frozen=True)
class Statement(Reviewed):
    id: str
    section: str
    kind: Literal["recommendation", "fact"]
    certainty: str
    text: str
    citations: tuple[str, ...]
    data: dict[str, float] = field(default_factory=dict)
    source_note: str | None = None
    assumptions: tuple[str, ...] = ()
    verification: Verification = "verified"
    topic: str | None = None  # one of its section's topics, where the section has them


@dataclass(frozen=True)
class CrclBand:
    crcl_min: float
    days_off: int | None = None
    last_dose_days_before: int | None = None
    hours: int | None = None
    avoid: bool = False
    verification: Verification | None = None
    text: str | None = None


@dataclass(frozen=True)
class PlannedInterruption:
    verification: Verification
    citations: tuple[str, ...]
    statement: str
    stop_days_before: int | None = None
    stop_min_days_before: int | None = None
    days_off: int | None = None
    last_dose_days_before: int | None = None
    restart_min_days: int | None = None
    restart_max_days: int | None = None
    by_crcl: tuple[CrclBand, ...] = ()
    assumption: str | None = None


@dataclass(frozen=True)
class NeuraxialInterval:
    verification: Verification
    citations: tuple[str, ...]
    hours: int | None = None
    min_days: int | None = None
    max_days: int | None = None
    text: str | None = None
    by_crcl: tuple[CrclBand, ...] = ()


@dataclass(frozen=True)
class DrugClass:
    """What a class of drugs asks of the case and which rules the engine applies to it."""

    id: str
    label: str
    no_drug: bool = False  # the "none" choice: no perioperative plan
    anticoagulant: bool = False
    lab: Literal["inr", "crcl"] | None = None
    asks_thrombotic_risk: bool = False
    bridging: bool = False  # interrupting the drug raises the heparin-bridging question
    asks_last_dose: bool = False
    urgent_fallback: str | None = None
    planned_fallback: str | None = None
    reversal_statement: str | None = None
    planned_check: str | None = None
    urgent_last_dose: str | None = None
    renal_limit: str | None = None
    # The fields every drug of the class must have (urgent_statement, planned, neuraxial): an entry
    # without one would give an empty plan, so it fails the build with its key path.
    requires: tuple[Literal["urgent_statement", "planned", "neuraxial"], ...] = ()
    synonyms: tuple[str, ...] = ()  # the words clinicians search by (DOAC, NOAC): for the site's search


@dataclass(frozen=True)
class RiskReason:
    id: str
    label: str
    risk: Literal["low", "high", "unknown"]
    defer_planned_procedure: bool = False  # a planned high-bleeding-risk procedure waits, where possible
    venous_thromboembolism: bool = False


@dataclass(frozen=True)
class ThromboticRisk:
    citations: tuple[str, ...]
    verification: Verification
    reasons: tuple[RiskReason, ...]


@dataclass(frozen=True)
class Antithrombotic:
    id: str
    label: str
    drug_class: str
    urgent_statement: str | None = None
    planned: PlannedInterruption | None = None
    neuraxial: NeuraxialInterval | None = None
    synonyms: tuple[str, ...] = ()  # other names and brands (Eliquis): for the site's search


@dataclass(frozen=True)
class Assumption(Reviewed):
    id: str
    title: str
    text: str
    rationale: str
    value: float | None = None
    unit: str | None = None
    data: dict[str, float] = field(default_factory=dict)
    citations: tuple[str, ...] = ()  # the sources of the rule that the assumption extends


@dataclass(frozen=True)
class Pitfall(Reviewed):
    id: str
    severity: Severity
    certainty: str
    text: str
    citations: tuple[str, ...]
    data: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome(Reviewed):
    id: str
    group: str
    certainty: str
    pathways: tuple[Pathway, ...]
    text: str
    citations: tuple[str, ...]
    data: dict[str, float] = field(default_factory=dict)
    source_note: str | None = None


@dataclass(frozen=True)
class ConclusionTemplate(Reviewed):
    """What a plan says to the patient for one rule: a sentence with {slots}, and its evidence."""

    id: str
    group: ConclusionGroup
    text: str
    severity: Severity = "info"
    evidence: tuple[str, ...] = ()  # items it always rests on
    # The items whose plain conclusion this is, when the engine has nothing case-specific to say.
    speaks_for: tuple[str, ...] = ()
    hazard: str | None = None


@dataclass(frozen=True)
class Phrase:
    """Words the engine joins into a longer line (a drug's intervals): a text with {slots}."""

    id: str
    text: str


@dataclass(frozen=True)
class AlgorithmBranch:
    pathway: Pathway
    presentation: str
    label: str
    summary: str
    steps: tuple[str, ...]
    follow_up: tuple[str, ...] = ()
    procedure: str | None = None  # what the perioperative plan prepares for, where there is one


@dataclass(frozen=True)
class ExpectedPlan:
    """What a worked case's plan must conclude: conclusions by template id, evidence by item id."""

    pathway: Pathway
    first: str  # the first conclusion
    critical: tuple[str, ...] = ()  # exactly the critical conclusions
    conclusions_include: tuple[str, ...] = ()
    conclusions_exclude: tuple[str, ...] = ()
    evidence_include: tuple[str, ...] = ()
    evidence_exclude: tuple[str, ...] = ()
    perioperative: bool = False


@dataclass(frozen=True)
class WorkedCase:
    id: str
    title: str
    population: tuple[str, ...]
    narrative: str
    case: dict[str, Any]
    expected: ExpectedPlan
    teaching: str


@dataclass(frozen=True)
class Guideline:
    metadata: Metadata
    certainty_levels: tuple[CertaintyLevel, ...]
    labels: Labels
    references: tuple[Reference, ...]
    sections: tuple[Section, ...]
    statements: tuple[Statement, ...]
    drug_classes: tuple[DrugClass, ...]
    thrombotic_risk: ThromboticRisk
    antithrombotics: tuple[Antithrombotic, ...]
    assumptions: tuple[Assumption, ...]
    pitfalls: tuple[Pitfall, ...]
    outcomes: tuple[Outcome, ...]
    algorithm: tuple[AlgorithmBranch, ...]
    conclusions: tuple[ConclusionTemplate, ...]
    phrases: tuple[Phrase, ...]
    cases: tuple[WorkedCase, ...]

    # Lookups by id, built on first use (not in __post_init__: a source that failed validation is
    # built with None in its failed fields, and must still reach the report of its problems).
    @cached_property
    def _by_id(self) -> dict[str, Any]:
        return {item.id: item for item in self.identified_items()}

    @cached_property
    def _refs(self) -> dict[str, Reference]:
        return {r.key: r for r in self.references}

    @cached_property
    def _templates(self) -> dict[str, ConclusionTemplate]:
        return {t.id: t for t in self.conclusions}

    @cached_property
    def _plain(self) -> dict[str, ConclusionTemplate]:
        return {i: t for t in reversed(self.conclusions) for i in t.speaks_for}

    @cached_property
    def _phrases(self) -> dict[str, Phrase]:
        return {p.id: p for p in self.phrases}

    def phrase(self, phrase_id: str) -> Phrase:
        return self._phrases[phrase_id]

    def template(self, template_id: str) -> ConclusionTemplate:
        return self._templates[template_id]

    def plain_conclusion(self, item_id: str) -> ConclusionTemplate | None:
        """The conclusion a plan draws from an item when nothing case-specific is said of it."""
        return self._plain.get(item_id)

    def identified_items(self) -> list[Any]:
        return [*self.statements, *self.assumptions, *self.pitfalls, *self.outcomes]

    def item(self, item_id: str) -> Any:
        return self._by_id[item_id]

    def reference(self, key: str) -> Reference:
        return self._refs[key]

    def drug(self, drug_id: str) -> Antithrombotic:
        return next(d for d in self.antithrombotics if d.id == drug_id)

    def drug_class(self, drug: Antithrombotic) -> DrugClass:
        return next(c for c in self.drug_classes if c.id == drug.drug_class)

    def drugs_where(self, test: Any) -> list[str]:
        """Ids of the drugs whose class passes `test` (a predicate on DrugClass)."""
        return [d.id for d in self.antithrombotics if test(self.drug_class(d))]

    def risk_reason(self, reason_id: str) -> RiskReason:
        return next(r for r in self.thrombotic_risk.reasons if r.id == reason_id)

    def branch(self, pathway: str) -> AlgorithmBranch:
        return next(b for b in self.algorithm if b.pathway == pathway)

    def assumption_value(self, assumption_id: str, key: str | None = None) -> float:
        assumption: Assumption = self.item(assumption_id)
        value = assumption.value if key is None else assumption.data[key]
        if value is None:
            raise KeyError(f"assumption {assumption_id!r} has no value")  # the registry check prevents this
        return value

"""The guideline as a validated, typed model: the one structured source, read by pages and engine.

`load_guideline` takes the plain data of `content/guideline.yaml` (or its JSON export packaged with
the engine) and returns a `Guideline`, or raises `InvalidData` listing every problem with its key
path. Structural rules come from the dataclass annotations; the cross-reference rules below them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from .typed_data import InvalidData, Problem, build, join

Pathway = Literal["observation", "surveillance", "conservative", "second_line", "surgery"]
PATHWAYS: tuple[str, ...] = ("observation", "surveillance", "conservative", "second_line", "surgery")
Verification = Literal["verified", "secondary", "unverified"]
Severity = Literal["info", "warning", "critical"]


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
    confidence: Literal["high", "moderate", "unresolved"]
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


@dataclass(frozen=True)
class Statement:
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
class Antithrombotic:
    id: str
    label: str
    drug_class: Literal["none", "antiplatelet", "vka", "doac", "lmwh"]
    needs_inr: bool = False
    needs_crcl: bool = False
    urgent_statement: str | None = None
    planned: PlannedInterruption | None = None
    neuraxial: NeuraxialInterval | None = None


@dataclass(frozen=True)
class Assumption:
    id: str
    title: str
    text: str
    rationale: str
    value: float | None = None
    unit: str | None = None
    data: dict[str, float] = field(default_factory=dict)
    citations: tuple[str, ...] = ()  # the sources of the rule that the assumption extends


@dataclass(frozen=True)
class Pitfall:
    id: str
    severity: Severity
    certainty: str
    text: str
    citations: tuple[str, ...]
    data: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    id: str
    group: str
    certainty: str
    pathways: tuple[Pathway, ...]
    text: str
    citations: tuple[str, ...]
    data: dict[str, float] = field(default_factory=dict)
    source_note: str | None = None


@dataclass(frozen=True)
class AlgorithmBranch:
    pathway: Pathway
    presentation: str
    label: str
    summary: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class ExpectedPlan:
    pathway: Pathway
    steps_include: tuple[str, ...] = ()
    steps_exclude: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    considerations: tuple[str, ...] = ()
    perioperative: bool = False
    perioperative_include: tuple[str, ...] = ()


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
    references: tuple[Reference, ...]
    sections: tuple[Section, ...]
    statements: tuple[Statement, ...]
    antithrombotics: tuple[Antithrombotic, ...]
    assumptions: tuple[Assumption, ...]
    pitfalls: tuple[Pitfall, ...]
    outcomes: tuple[Outcome, ...]
    algorithm: tuple[AlgorithmBranch, ...]
    cases: tuple[WorkedCase, ...]

    # Lookups by id, built once; the tuples above stay the ordered truth.
    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {item.id: item for item in self.identified_items()})
        object.__setattr__(self, "_refs", {r.key: r for r in self.references})

    def identified_items(self) -> list[Any]:
        return [*self.statements, *self.assumptions, *self.pitfalls, *self.outcomes]

    def item(self, item_id: str) -> Any:
        return self._by_id[item_id]  # type: ignore[attr-defined]

    def reference(self, key: str) -> Reference:
        return self._refs[key]  # type: ignore[attr-defined]

    def drug(self, drug_id: str) -> Antithrombotic:
        return next(d for d in self.antithrombotics if d.id == drug_id)

    def branch(self, pathway: str) -> AlgorithmBranch:
        return next(b for b in self.algorithm if b.pathway == pathway)

    def assumption_value(self, assumption_id: str, key: str | None = None) -> float:
        assumption: Assumption = self.item(assumption_id)
        value = assumption.value if key is None else assumption.data[key]
        assert value is not None, assumption_id
        return value


def format_number(value: float) -> list[str]:
    """The ways a number may be written in the text: 2600, 2.0, 118,000, 0.25."""
    forms = {repr(value)}
    if isinstance(value, float) and value.is_integer():
        forms.add(str(int(value)))
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        forms.add(f"{int(value):,}")
    return sorted(forms)


def _number_in_text(value: float, text: str) -> bool:
    for form in format_number(value):
        if re.search(rf"(?<![\d.]){re.escape(form)}(?![\d]|\.\d)", text):
            return True
    return False


_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _cross_check(g: Guideline, problems: list[Problem]) -> None:
    """Rules no annotation can say: ids unique, keys resolve, numbers match their text."""
    ref_keys = [r.key for r in g.references]
    _unique(ref_keys, "references", "key", problems)
    _unique([r.number for r in g.references], "references", "number", problems)
    _unique([i.id for i in g.identified_items()], "statements/assumptions/pitfalls/outcomes", "id", problems)
    known_refs = set(ref_keys)
    cited: set[str] = set()
    sections = {s.id for s in g.sections}
    topics = {s.id: [t.id for t in s.topics] for s in g.sections}
    certainties = {c.id for c in g.certainty_levels}
    assumptions = {a.id for a in g.assumptions}
    statements = {s.id for s in g.statements}

    def check_citations(path: str, citations: tuple[str, ...]) -> None:
        if not citations:
            problems.append(Problem(path, "must cite at least one reference"))
        for i, key in enumerate(citations):
            cited.add(key)
            if key not in known_refs:
                problems.append(Problem(join(path, i), f"unknown citation key {key!r}"))

    def check_data(path: str, data: dict[str, float], text: str) -> None:
        for name, value in data.items():
            if value is not None and not _number_in_text(value, text):
                problems.append(Problem(join(join(path, "data"), name), f"{value} does not appear in the text"))

    for field_name in ("last_reviewed", "next_review"):
        value = getattr(g.metadata, field_name)
        if not _DATE.match(value):
            problems.append(Problem(f"metadata.{field_name}", f"must be a date YYYY-MM-DD (got {value!r})"))
    for ref in g.references:
        path = f"references[{ref.key}]"
        if ref.status == "resolved":
            _check_publication(path, ref, problems)
        elif not ref.candidates:
            problems.append(Problem(path, "an unresolved reference needs at least one candidate"))
        for j, candidate in enumerate(ref.candidates):
            _check_publication(join(f"{path}.candidates", j), candidate, problems)
    for s in g.statements:
        path = f"statements[{s.id}]"
        if not _ID.match(s.id):
            problems.append(Problem(f"{path}.id", "must be lower-case letters, digits, '-' or '_'"))
        if s.section not in sections:
            problems.append(Problem(f"{path}.section", f"unknown section {s.section!r}"))
        elif (s.topic is None) != (not topics[s.section]) or (s.topic is not None and s.topic not in topics[s.section]):
            allowed = ", ".join(topics[s.section]) or "none (the section has no topics)"
            problems.append(Problem(f"{path}.topic", f"must be one of the section's topics: {allowed} (got {s.topic!r})"))
        if s.certainty not in certainties:
            problems.append(Problem(f"{path}.certainty", f"unknown certainty {s.certainty!r}"))
        for j, a in enumerate(s.assumptions):
            if a not in assumptions:
                problems.append(Problem(join(f"{path}.assumptions", j), f"unknown assumption {a!r}"))
        check_citations(f"{path}.citations", s.citations)
        check_data(path, s.data, s.text)
    for a in g.assumptions:
        check_data(f"assumptions[{a.id}]", a.data, a.text)
        for j, key in enumerate(a.citations):
            cited.add(key)
            if key not in known_refs:
                problems.append(Problem(join(f"assumptions[{a.id}].citations", j), f"unknown citation key {key!r}"))
    for kind, items in (("pitfalls", g.pitfalls), ("outcomes", g.outcomes)):
        for item in items:
            if item.certainty not in certainties:
                problems.append(Problem(f"{kind}[{item.id}].certainty", f"unknown certainty {item.certainty!r}"))
    for p in g.pitfalls:
        check_citations(f"pitfalls[{p.id}].citations", p.citations)
        check_data(f"pitfalls[{p.id}]", p.data, p.text)
    for o in g.outcomes:
        check_citations(f"outcomes[{o.id}].citations", o.citations)
        check_data(f"outcomes[{o.id}]", o.data, o.text)
    for d in g.antithrombotics:
        path = f"antithrombotics[{d.id}]"
        if d.urgent_statement is not None and d.urgent_statement not in statements:
            problems.append(Problem(f"{path}.urgent_statement", f"unknown statement {d.urgent_statement!r}"))
        if d.planned is not None:
            check_citations(f"{path}.planned.citations", d.planned.citations)
            if d.planned.statement not in statements:
                problems.append(Problem(f"{path}.planned.statement", f"unknown statement {d.planned.statement!r}"))
            if d.planned.assumption is not None and d.planned.assumption not in assumptions:
                problems.append(Problem(f"{path}.planned.assumption", f"unknown assumption {d.planned.assumption!r}"))
        if d.neuraxial is not None:
            check_citations(f"{path}.neuraxial.citations", d.neuraxial.citations)
    _unique([d.id for d in g.antithrombotics], "antithrombotics", "id", problems)
    pathways = [b.pathway for b in g.algorithm]
    if sorted(pathways) != sorted(PATHWAYS):
        problems.append(Problem("algorithm", f"must have one branch for each pathway {', '.join(PATHWAYS)}"))
    for b in g.algorithm:
        for j, step in enumerate(b.steps):
            if step not in statements:
                problems.append(Problem(join(f"algorithm[{b.pathway}].steps", j), f"unknown statement {step!r}"))
    _unique([c.id for c in g.cases], "cases", "id", problems)
    known_ids = set(g._by_id)  # type: ignore[attr-defined]
    for c in g.cases:
        for name in ("steps_include", "steps_exclude", "warnings", "considerations", "perioperative_include"):
            for j, ref in enumerate(getattr(c.expected, name)):
                if ref not in known_ids:
                    problems.append(Problem(join(f"cases[{c.id}].expected.{name}", j), f"unknown id {ref!r}"))
    for ref in g.references:
        if ref.key not in cited:
            problems.append(Problem(f"references[{ref.key}]", "is never cited"))


def _check_publication(path: str, publication: Publication, problems: list[Problem]) -> None:
    if not (publication.authors and publication.journal and publication.year):
        problems.append(Problem(path, "a publication needs authors, journal and year"))
    if publication.pmid is not None and not publication.pmid.isdigit():
        problems.append(Problem(f"{path}.pmid", f"must be digits (got {publication.pmid!r})"))
    if publication.doi is not None and not publication.doi.startswith("10."):
        problems.append(Problem(f"{path}.doi", f"must start with '10.' (got {publication.doi!r})"))


def _unique(values: list[Any], where: str, what: str, problems: list[Problem]) -> None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            problems.append(Problem(where, f"duplicate {what} {value!r}"))
        seen.add(value)


def load_guideline(data: Any) -> Guideline:
    """Validate plain data and return the model; raise InvalidData with every problem found."""
    problems: list[Problem] = []
    guideline = build(Guideline, data, "", problems)
    if not problems:
        assert guideline is not None
        _cross_check(guideline, problems)
    if problems:
        raise InvalidData(problems)
    assert guideline is not None
    return guideline


__all__ = ["Guideline", "InvalidData", "PATHWAYS", "Problem", "load_guideline", "format_number"]

"""Plan assembly: a validated case in, the whole cited management plan out (plain JSON data)."""

from __future__ import annotations

import json
from typing import Any

from . import ENGINE_VERSION
from .alerts import plan_warnings
from .case import Case, parse_case
from .guideline import Guideline, Reference
from .items import PlanItem, item
from .packaged import PackagedSource, packaged_source
from .pathway import plan_pathway
from .perioperative import plan_perioperative
from .risk import assess_risk

PLAN_KEYS = (
    "case", "pathway", "pathway_label", "presentation", "summary", "steps", "warnings", "perioperative",
    "considerations", "outcomes", "assumptions", "references", "disclaimer", "provenance",
)  # fmt: skip
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


def evaluate(data: Any, source: PackagedSource | None = None) -> dict[str, Any]:
    """Validate `data` (raises InvalidData) and return the plan as plain data."""
    source = source or packaged_source()
    case = parse_case(data, source.guideline)
    return build_plan(case, source)


def build_plan(case: Case, source: PackagedSource) -> dict[str, Any]:
    g = source.guideline
    risk = assess_risk(case, g)
    choice = plan_pathway(case, risk, g)
    branch = g.branch(choice.pathway)
    steps = [item(g, step_id) for step_id in choice.steps]
    warnings = plan_warnings(case, choice.pathway, g)
    periop = plan_perioperative(case, choice.pathway, g)
    if periop is not None:
        warnings.extend(periop.warnings)
    warnings.sort(key=lambda w: SEVERITY_ORDER[w.severity or "info"])
    considerations = [item(g, i) for i in considerations_for(case, choice.pathway, g)]
    outcomes = [item(g, o.id) for o in g.outcomes if choice.pathway in o.pathways]
    listed: list[PlanItem] = [*steps, *warnings, *(periop.items if periop else ()), *considerations, *outcomes]
    assumption_ids = list(choice.assumptions) + (list(periop.assumptions) if periop else [])
    for line in listed:
        assumption_ids.extend(line.assumptions)
    assumptions = [g.item(a) for a in dict.fromkeys(assumption_ids)]
    cited = {key for line in listed for key in line.citations}
    return {
        "case": case.to_json(),
        "pathway": choice.pathway,
        "pathway_label": branch.label,
        "presentation": branch.presentation,
        "summary": branch.summary,
        "steps": [s.to_json() for s in steps],
        "warnings": [w.to_json() for w in warnings],
        "perioperative": periop.to_json() if periop else None,
        "considerations": [c.to_json() for c in considerations],
        "outcomes": [o.to_json() for o in outcomes],
        "assumptions": [
            {"id": a.id, "title": a.title, "text": a.text, "rationale": a.rationale, "section": "assumptions"}
            for a in assumptions
        ],
        "references": [_reference_json(r) for r in sorted((g.reference(k) for k in cited), key=lambda r: r.number)],
        "disclaimer": g.metadata.disclaimer,
        "provenance": provenance(source),
    }


def considerations_for(case: Case, pathway: str, g: Guideline) -> list[str]:
    """Special populations: cancer history [6] and osteoporosis [3, 4]."""
    ids = []
    if case.cancer_history:
        ids += ["cancer-confirm-diagnosis", "cancer-no-contraindication"]
        if g.drug(case.antithrombotic).drug_class in ("vka", "doac", "lmwh"):
            ids.append("cancer-vte-anticoagulation")
    if case.osteoporosis:
        if case.compression_fracture or pathway == "second_line":
            ids.append("osteoporosis-vertebroplasty")
        if pathway == "surgery":
            ids.append("osteoporosis-fixation")
    return ids


def _reference_json(ref: Reference) -> dict[str, Any]:
    if ref.status == "unresolved":
        label = "Not identified in the source article (candidates listed on the references page)"
    else:
        authors = ", ".join(ref.authors[:3]) + (", et al" if len(ref.authors) > 3 else "")
        title = f" {ref.title}." if ref.title else ""
        label = f"{authors.removesuffix('.')}.{title} {ref.journal}. {ref.year}."
    url = f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/" if ref.pmid else f"https://doi.org/{ref.doi}" if ref.doi else None
    return {"key": ref.key, "number": ref.number, "status": ref.status, "label": label, "url": url}


def provenance(source: PackagedSource) -> dict[str, str]:
    meta = source.guideline.metadata
    return {
        "source_title": meta.title,
        "content_version": meta.version,
        "last_reviewed": meta.last_reviewed,
        "source_sha256": source.source_sha256,
        "engine_version": ENGINE_VERSION,
    }


def plan_json(plan: dict[str, Any]) -> str:
    """Canonical serialisation: the same case always gives the same bytes."""
    return json.dumps(plan, ensure_ascii=False, indent=2) + "\n"

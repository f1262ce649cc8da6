"""Plan assembly: a validated case in, the whole cited management plan out (plain JSON data)."""

from __future__ import annotations

import json
from typing import Any

from . import ENGINE_VERSION, wording
from .alerts import plan_warnings
from .case import Case, parse_case
from .guideline import Guideline, Reference
from .items import PlanItem, guidance_href, item
from .packaged import PackagedSource, packaged_source
from .pathway import plan_pathway
from .perioperative import plan_perioperative
from .risk import assess_risk
from .source_ids import (
    ATYPICAL_IMAGING,
    CANCER_CONFIRM_DIAGNOSIS,
    CANCER_NO_CONTRAINDICATION,
    CANCER_VTE,
    INSTABILITY_WITHOUT_DEFICIT,
    OSTEOPOROSIS_FIXATION,
    OSTEOPOROSIS_VERTEBROPLASTY,
    PAINFUL_FOLLOW_UP,
    SACRAL_LEVEL,
    YOUNG_AGE,
)

PLAN_KEYS = (
    "case", "case_summary", "pathway", "pathway_label", "presentation", "summary", "next_actions", "steps",
    "follow_up", "warnings", "perioperative", "considerations", "outcomes", "assumptions", "references",
    "disclaimer", "provenance",
)  # fmt: skip
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
MAX_NEXT_ACTIONS = 5
# Kinds of perioperative line that say what to do (the others give context or options).
ACTION_KINDS = ("measure", "interval", "rule")


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
    gate, gate_warning = diagnosis_gate(case, g)
    steps = [*gate, *(item(g, step_id) for step_id in choice.steps)]
    if choice.pathway == "observation" and risk.woman_thoracic:
        # Only the assumed bound for "young" kept this woman out of annual monitoring: say so.
        bound = g.assumption_value(YOUNG_AGE)
        steps[len(gate)] = steps[len(gate)].with_(detail=wording.above_young_bound(case.age, bound), assumptions=(YOUNG_AGE,))
    follow_up = [_follow_up_item(g, f, case, risk.young_woman_thoracic) for f in choice.follow_up]
    warnings = [*gate_warning, *plan_warnings(case, choice.pathway, g)]
    periop = plan_perioperative(case, choice.pathway, g)
    if periop is not None:
        warnings.extend(periop.warnings)
    warnings.sort(key=lambda w: SEVERITY_ORDER[w.severity or "info"])
    considerations = considerations_for(case, choice.pathway, g)
    outcomes = [item(g, o.id) for o in g.outcomes if choice.pathway in o.pathways]
    periop_items = list(periop.items) if periop else []
    listed: list[PlanItem] = [*steps, *follow_up, *warnings, *periop_items, *considerations, *outcomes]
    assumption_ids = list(choice.assumptions) + (list(periop.assumptions) if periop else [])
    for line in listed:
        assumption_ids.extend(line.assumptions)
    assumptions = [g.item(a) for a in dict.fromkeys(assumption_ids)]
    cited = {key for line in listed for key in line.citations} | {k for a in assumptions for k in a.citations}
    case_json = case.to_json()
    reason = g.risk_reason(case.anticoagulation_reason).label if case.anticoagulation_reason else None
    return {
        "case": case_json,
        "case_summary": wording.case_line(case_json, g.drug(case.antithrombotic).label, reason),
        "pathway": choice.pathway,
        "pathway_label": branch.label,
        "presentation": branch.presentation,
        "summary": branch.summary,
        "next_actions": next_actions(case, steps, periop_items, follow_up),
        "steps": [s.to_json(g) for s in steps],
        "follow_up": [f.to_json(g) for f in follow_up],
        "warnings": [w.to_json(g) for w in warnings],
        "perioperative": periop.to_json(g) if periop else None,
        "considerations": [c.to_json(g) for c in considerations],
        "outcomes": [o.to_json(g) for o in outcomes],
        "assumptions": [
            {
                "id": a.id,
                "title": a.title,
                "text": a.text,
                "rationale": a.rationale,
                "section": "assumptions",
                "href": guidance_href("assumptions", a.id),
            }
            for a in assumptions
        ],  # fmt: skip
        "references": [_reference_json(r) for r in sorted((g.reference(k) for k in cited), key=lambda r: r.number)],
        "disclaimer": g.metadata.disclaimer,
        "provenance": provenance(source),
    }


def diagnosis_gate(case: Case, g: Guideline) -> tuple[list[PlanItem], list[PlanItem]]:
    """Is the lesion a hemangioma? With a cancer history, only typical imaging says so (evidence
    §3); an atypical lesion is worked up in anyone (an assumption). Returns (first step, warning)."""
    if case.cancer_history and case.imaging_typical != "typical":
        rule, severity = CANCER_CONFIRM_DIAGNOSIS, "critical"
    elif case.imaging_typical == "atypical":
        rule, severity = ATYPICAL_IMAGING, "warning"
    else:
        return [], []
    imaging, deficit = case.imaging_typical, case.neurological_deficit
    step = item(g, rule, kind="gate", detail=wording.confirm_diagnosis(imaging))
    return [step], [item(g, rule, severity=severity, detail=wording.pathway_after_diagnosis(imaging, deficit))]


def _follow_up_item(g: Guideline, item_id: str, case: Case, young_woman_thoracic: bool) -> PlanItem:
    stressed = item_id == PAINFUL_FOLLOW_UP and young_woman_thoracic  # the group Fox and Onofrio name
    detail = wording.YOUNG_WOMAN_THORACIC_PAIN if stressed else None
    return item(g, item_id, kind="follow_up", detail=detail)


def considerations_for(case: Case, pathway: str, g: Guideline) -> list[PlanItem]:
    """Special populations: cancer history [6] and osteoporosis [3, 4]; where the evidence stops
    (the sacrum, instability without a deficit)."""
    lines = []
    if case.cancer_history:
        if case.imaging_typical == "typical":
            lines.append(item(g, CANCER_CONFIRM_DIAGNOSIS, detail=wording.IMAGING_TYPICAL))
        lines.append(item(g, CANCER_NO_CONTRAINDICATION))
        reason = g.risk_reason(case.anticoagulation_reason) if case.anticoagulation_reason else None
        treats = g.drug_class(g.drug(case.antithrombotic)).asks_thrombotic_risk  # a treatment dose, not prophylaxis
        if treats and (reason is None or reason.venous_thromboembolism):
            lines.append(item(g, CANCER_VTE))
    if case.region == "sacral" and g.branch(pathway).procedure is not None:  # a procedure is on the pathway
        lines.append(item(g, SACRAL_LEVEL))
    if case.instability and not case.neurological_deficit:  # the evidence names instability only in Step 2 of surgery
        lines.append(item(g, INSTABILITY_WITHOUT_DEFICIT))
    if case.osteoporosis:
        if case.pain != "none" and (case.compression_fracture or pathway == "second_line"):  # a pain treatment [4]
            lines.append(item(g, OSTEOPOROSIS_VERTEBROPLASTY))
        if pathway == "surgery":
            lines.append(item(g, OSTEOPOROSIS_FIXATION))
    return lines


def next_actions(case: Case, steps: list[PlanItem], periop: list[PlanItem], follow_up: list[PlanItem]) -> list[dict[str, Any]]:
    """The few lines to act on first: the diagnosis gate and the first steps, the first
    perioperative action (and the block's interval when a neuraxial block is planned: it can be the
    longer one), the first follow-up line. Critical warnings are shown beside them."""
    block = [i for i in periop if i.kind == "neuraxial"][:1] if case.anesthesia == "neuraxial" else []
    others = [i for i in periop if i.kind in ACTION_KINDS][:1] + block + follow_up[:1]
    # The first three steps; further steps (the chosen approach) fill the lines left, unless the
    # diagnosis is still to be confirmed (then treatment details can wait).
    gated = any(i.kind == "gate" for i in steps)
    chosen = steps[: 3 if gated else max(3, MAX_NEXT_ACTIONS - len(others))] + others
    return [
        {"id": i.id, "text": _action_text(i), "citations": list(i.citations), "href": guidance_href(i.section, i.id)}
        for i in chosen[:MAX_NEXT_ACTIONS]
    ]


def _action_text(line: PlanItem) -> str:
    """The case-specific words where a line has them, otherwise its rule (naming the drug it is applied to)."""
    if line.subject is not None:
        return wording.applied_to(line.subject, line.text)
    if line.kind in ACTION_KINDS + ("gate", "neuraxial") and line.detail:
        return line.detail
    return line.text


def _reference_json(ref: Reference) -> dict[str, Any]:
    if ref.status == "unresolved":
        label = wording.unresolved_reference(len(ref.candidates))
    elif not ref.authors:
        label = wording.unattributed_publication(ref.year, ref.pmcid)
    else:
        authors = ", ".join(ref.authors[:3]) + (", et al" if len(ref.authors) > 3 else "")
        title = f" {ref.title}." if ref.title else ""
        label = f"{authors.removesuffix('.')}.{title} {ref.journal}. {ref.year}."
    url = _reference_url(ref)
    return {"key": ref.key, "number": ref.number, "status": ref.status, "label": label, "url": url}


def _reference_url(ref: Reference) -> str | None:
    if ref.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/"
    if ref.doi:
        return f"https://doi.org/{ref.doi}"
    if ref.pmcid:
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{ref.pmcid}/"
    return None


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

"""Plan assembly: a validated case in, the whole cited management plan out (plain JSON data)."""

from __future__ import annotations

import json
from typing import Any

from . import ENGINE_VERSION, wording
from .alerts import plan_warnings
from .case import Case, parse_case
from .case_line import case_line
from .conclusions import card, conclusions_json, draw_conclusions
from .considerations import firing
from .guideline import Guideline, Reference
from .items import PlanItem, guidance_href, item
from .packaged import PackagedSource, packaged_source
from .pathway import GATE, PathwayChoice, diagnosis_unconfirmed, plan_pathway
from .perioperative import plan_perioperative
from .risk import RiskAssessment, assess_risk
from .saying import say
from .source_ids import (
    AGGRESSIVE_IMAGING,
    ANNUAL_EXCEPTION,
    CANCER_CONFIRM_DIAGNOSIS,
    CANCER_NO_CONTRAINDICATION,
    CANCER_VTE,
    CORPECTOMY,
    DEFICIT_SURGERY,
    DOAC_MECHANICAL_VALVE,
    LAMINECTOMY,
    MECHANICAL_VALVE,
    NO_PROCEDURE_DRUG,
    OSTEOPOROSIS_FIXATION,
    OSTEOPOROSIS_VERTEBROPLASTY,
    PAIN_VERTEBROPLASTY,
    PAINFUL_FOLLOW_UP,
    POSTOP_RADIATION,
    PROCEDURE_BLEEDING_RISK,
    SACRAL_LEVEL,
    TYPICAL_IMAGING,
    YOUNG_AGE,
    YOUNG_AGE_WINDOW,
)

PLAN_KEYS = (
    "case", "case_summary", "pathway", "pathway_label", "presentation", "summary", "card", "conclusions",
    "evidence", "perioperative", "assumptions", "references", "disclaimer", "provenance",
)  # fmt: skip
LOWER_LEVELS = ("L3", "L4", "L5")  # below the spinal cord (an assumption); the sacrum has its own


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
    periop = plan_perioperative(case, choice.pathway, g)
    lines: list[PlanItem] = [
        *diagnosis_gate(case, choice, g),
        *pathway_steps(case, choice, risk, g),
        *plan_warnings(case, choice.pathway, g),
        *drug_procedure_line(case, choice.pathway, g, has_procedure=periop is not None),
        *(periop.items if periop else ()),
        *considerations_for(case, choice.pathway, g, periop is not None, LAMINECTOMY not in choice.steps),
        *(_follow_up_item(g, f, risk.young_woman_thoracic) for f in choice.follow_up),
        *(item(g, o.id) for o in g.outcomes if choice.pathway in o.pathways),
    ]
    conclusions, evidence = conclusions_json(draw_conclusions(lines, g), g)
    assumption_ids = [*choice.assumptions, *(periop.assumptions if periop else ())]
    for line in lines:
        assumption_ids.extend(line.assumptions)
    for c in conclusions:  # the assumptions a conclusion rests on are listed with their text
        assumption_ids.extend(c["assumptions"])
    assumptions = [g.item(a) for a in dict.fromkeys(assumption_ids)]
    cited = {key for e in evidence for key in e["citations"]} | {k for a in assumptions for k in a.citations}
    case_json = case.to_json()
    reason = g.risk_reason(case.anticoagulation_reason).label if case.anticoagulation_reason else None
    return {
        "case": case_json,
        "case_summary": case_line(case_json, g, reason),
        "pathway": choice.pathway,
        "pathway_label": branch.label,
        "presentation": branch.presentation,
        "summary": branch.summary,
        "card": card(conclusions),
        "conclusions": conclusions,
        "evidence": evidence,
        "perioperative": periop.to_json() if periop else None,
        "assumptions": [
            {
                "id": a.id,
                "title": a.title,
                "text": a.text,
                "rationale": a.rationale,
                "citations": list(a.citations),
                "section": "assumptions",
                "href": guidance_href("assumptions", a.id),
            }
            for a in assumptions
        ],  # fmt: skip
        "references": [_reference_json(r) for r in sorted((g.reference(k) for k in cited), key=lambda r: r.number)],
        "disclaimer": g.metadata.disclaimer,
        "provenance": provenance(source),
    }


def diagnosis_gate(case: Case, choice: PathwayChoice, g: Guideline) -> list[PlanItem]:
    """Is the lesion a hemangioma? Behind the gate the work-up is the action, and the pathway that
    would follow shows only as what applies once a typical hemangioma is confirmed. With a deficit,
    decompression does not wait for the diagnosis."""
    if not diagnosis_unconfirmed(case):
        return []
    if case.neurological_deficit:
        return []  # said after the call to operate (pathway_steps): decompression does not wait
    if case.imaging_typical == "atypical":
        gate = say("gate-work-up", level=case.level)
    else:
        gate = say("gate-judge-imaging", imaging=wording.imaging_state(case.imaging_typical), level=case.level)
    assert choice.if_confirmed is not None
    then = g.branch(choice.if_confirmed)
    confirmed = say("gate-if-confirmed", pathway=wording.clause(then.label), presentation=then.presentation.lower())
    return [*(item(g, step, says=gate) for step in choice.steps), *(item(g, step, says=confirmed) for step in then.steps)]


def pathway_steps(case: Case, choice: PathwayChoice, risk: RiskAssessment, g: Guideline) -> list[PlanItem]:
    """The chosen pathway's steps, in the words that fit this case."""
    if choice.pathway == GATE:
        return []  # the gate speaks for its own steps
    steps = []
    for step in choice.steps:
        says = None
        if step == DEFICIT_SURGERY and (case.level in LOWER_LEVELS or case.region == "sacral"):
            says = say("surgery-now-below-cord", level=case.level)
        elif step == CORPECTOMY:
            says = say(CORPECTOMY, reason=_corpectomy_reason(case))  # the approach's template has the statement's id
        elif step == POSTOP_RADIATION and case.planned_resection == "subtotal":
            says = say("surgery-postop-radiation-subtotal")
        elif choice.pathway == "second_line" and case.compression_fracture:
            says = say("second-line-fracture")
        elif step == ANNUAL_EXCEPTION and case.aggressive_features:  # both high-risk features [1, 3, 4], said together
            features = ", ".join(wording.VALUE_LABELS[f].lower() for f in case.aggressive_features)
            says = say("annual-exception-aggressive", features=features)
        steps.append(item(g, step, says=says))
        if step == LAMINECTOMY and choice.pathway == "surgery" and case.compression_fracture:
            # Laminectomy is for a level without instability [2, 4]: a fracture's stability is
            # assessed before the approach is chosen; said beside it.
            steps.append(item(g, LAMINECTOMY, says=say("fracture-assess-stability", level=case.level)))
        if step == DEFICIT_SURGERY and diagnosis_unconfirmed(case):
            imaging = wording.imaging_state(case.imaging_typical)
            steps.append(item(g, CANCER_CONFIRM_DIAGNOSIS, says=say("gate-with-deficit", imaging=imaging)))
    if choice.pathway == "conservative" and case.compression_fracture and not case.osteoporosis:
        # The second line that suits a fracture [4, 2], should the pain prove refractory; with
        # osteoporosis its own line says so (considerations_for).
        steps.append(item(g, PAIN_VERTEBROPLASTY, says=say("conservative-fracture")))
    if choice.pathway == "observation" and risk.woman_thoracic:
        # Only the assumed bound for "young" kept this woman out of annual monitoring: near it, say so.
        bound = g.assumption_value(YOUNG_AGE)
        if case.age - bound < g.assumption_value(YOUNG_AGE_WINDOW):
            steps.append(item(g, ANNUAL_EXCEPTION, says=say("young-bound-near", age_phrase=wording.age_phrase(case.age), bound=bound)))
    return steps


def _corpectomy_reason(case: Case) -> str:
    """What in this case calls for a corpectomy [3, 4]: the extension entered, the cervical level."""
    reasons = []
    if "extraosseous_extension" in case.aggressive_features:
        reasons.append("the extraosseous extension")
    elif "epidural_extension" in case.aggressive_features:
        reasons.append("the epidural extension (taken as extraosseous)")
    if case.region == "cervical":
        reasons.append(f"the cervical level ({case.level})")
    if case.instability:  # it rules out laminectomy alone too [4, 3]: said, not only implied
        reasons.append("the instability")
    return " and ".join([", ".join(reasons[:-1]), reasons[-1]] if len(reasons) > 2 else reasons)


def drug_procedure_line(case: Case, pathway: str, g: Guideline, has_procedure: bool) -> list[PlanItem]:
    """An entered drug is never dropped: with no procedure, the plan says it changes nothing; behind
    the diagnosis gate a biopsy may be the procedure, and the drug's lines are for it."""
    drug = g.drug(case.antithrombotic)
    if g.drug_class(drug).no_drug or (has_procedure and pathway != GATE):
        return []
    if pathway == GATE:  # the biopsy is handled as a high-bleeding-risk procedure (an assumption)
        return [item(g, PROCEDURE_BLEEDING_RISK, says=say("drug-before-biopsy", drug=drug.label))]
    return [item(g, NO_PROCEDURE_DRUG, says=say("drug-no-procedure", drug=drug.label))]


def _follow_up_item(g: Guideline, item_id: str, young_woman_thoracic: bool) -> PlanItem:
    stressed = item_id == PAINFUL_FOLLOW_UP and young_woman_thoracic  # the group Fox and Onofrio name
    return item(g, item_id, says=say("annual-follow-up-young-woman") if stressed else None)


def considerations_for(case: Case, pathway: str, g: Guideline, procedure: bool, reconstruction: bool) -> list[PlanItem]:
    """Special populations: cancer history [6] and osteoporosis [3, 4]; where the evidence stops
    (the sacrum, instability without a deficit); a drug that does not fit its indication."""
    lines = []
    drug = g.drug(case.antithrombotic)
    drug_class = g.drug_class(drug)
    reason = g.risk_reason(case.anticoagulation_reason) if case.anticoagulation_reason else None
    if case.cancer_history:
        if case.imaging_typical == "typical":  # nothing is said of the cancer history until then
            lines.append(item(g, CANCER_NO_CONTRAINDICATION))
        treats = drug_class.asks_thrombotic_risk  # a treatment dose, not prophylaxis
        if procedure and treats and (reason is None or reason.venous_thromboembolism):
            # Without the reason entered, the thrombosis is a possibility, not a fact of the case.
            lines.append(item(g, CANCER_VTE, says=None if reason else say("cancer-vte-if", drug=drug.label)))
    if drug_class.lab == "crcl" and case.anticoagulation_reason == MECHANICAL_VALVE:
        lines.append(item(g, DOAC_MECHANICAL_VALVE, says=say("doac-with-mechanical-valve", drug=drug.label)))
    if not case.cancer_history and case.imaging_typical == "not_assessed":
        # Without a cancer history only atypical imaging opens the gate; imaging not yet judged is said.
        lines.append(item(g, TYPICAL_IMAGING, says=say("imaging-not-assessed", level=case.level)))
    if case.region == "sacral" and g.branch(pathway).procedure is not None:  # a procedure is on the pathway
        lines.append(item(g, SACRAL_LEVEL))
    lines.extend(item(g, registered) for registered in firing(case))
    if case.aggressive_features and case.pain != "none" and pathway != "surgery":  # pain decides the pathway; the features still count [3, 4]
        features = ", ".join(wording.VALUE_LABELS[f].lower() for f in case.aggressive_features)
        lines.append(item(g, AGGRESSIVE_IMAGING, says=say("aggressive-with-pain", features=features)))
    if case.osteoporosis:  # an entered osteoporosis is never dropped: its advice, or that none applies
        # A pain treatment where a compression fracture coexists [4]: not with a deficit
        # (decompression is mandatory), not behind the gate.
        if case.pain != "none" and case.compression_fracture and pathway not in ("surgery", GATE):
            # Said once: on the second line the step itself names vertebroplasty for the fracture;
            # before it, vertebroplasty waits for the pain to prove refractory.
            says = say("osteoporosis-fracture-second-line") if pathway == "second_line" else None
            lines.append(item(g, OSTEOPOROSIS_VERTEBROPLASTY, says=says))
        elif pathway == "surgery" and reconstruction:  # the approach chosen reconstructs
            lines.append(item(g, OSTEOPOROSIS_FIXATION))
        elif pathway == "surgery":  # the stability check, or the operation, may lead to one
            lines.append(item(g, OSTEOPOROSIS_FIXATION, says=say("osteoporosis-fixation-if")))
        elif pathway == GATE:  # both steps are for a hemangioma: they wait for the diagnosis
            lines.append(item(g, OSTEOPOROSIS_VERTEBROPLASTY, says=say("osteoporosis-after-diagnosis")))
        else:
            lines.append(item(g, OSTEOPOROSIS_VERTEBROPLASTY, says=say("osteoporosis-not-applicable")))
    return lines


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
        "next_review": meta.next_review,
        "source_sha256": source.source_sha256,
        "engine_version": ENGINE_VERSION,
    }


def plan_json(plan: dict[str, Any]) -> str:
    """Canonical serialisation: the same case always gives the same bytes."""
    return json.dumps(plan, ensure_ascii=False, indent=2) + "\n"

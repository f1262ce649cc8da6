"""Conclusions: what a plan says to this patient, each said once, action first, evidence below.

The rules (pathway, alerts, perioperative, plan) decide what fires and fill a template's slots; the
words are the source's (`conclusions` in the guideline). This module turns the fired plan lines into
the ordered, distinct conclusions and the card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .guideline import CONCLUSION_GROUPS, ConclusionTemplate, Guideline
from .items import PlanItem, guidance_href, item
from .saying import Saying

CARD_ITEMS = 5
CARD_WORDS = 90


@dataclass
class Conclusion:
    template: ConclusionTemplate
    headline: str
    evidence: list[PlanItem] = field(default_factory=list)

    @property
    def severity(self) -> str:
        return self.template.severity

    @property
    def group(self) -> str:
        # What is dangerous now comes before the procedure.
        if self.template.group == "drug" and self.severity == "critical":
            return "danger"
        return self.template.group


def draw_conclusions(lines: list[PlanItem], guideline: Guideline) -> list[Conclusion]:
    """One conclusion per distinct thing said, in plan order; a line with nothing of its own to say
    and no plain conclusion in the source is evidence of the conclusion before it."""
    drawn: dict[tuple[str, str], Conclusion] = {}
    last: Conclusion | None = None
    for line in lines:
        saying = line.says
        if saying is None:
            plain = guideline.plain_conclusion(line.id)
            if plain is None:
                if last is not None:
                    _add_evidence(last, line)
                continue
            saying = Saying(plain.id)
        template = guideline.template(saying.template)
        headline = saying.render(guideline)
        key = (template.id, headline)
        conclusion = drawn.get(key)
        if conclusion is None:
            conclusion = drawn[key] = Conclusion(template, headline)
        _add_evidence(conclusion, line)
        for evidence_id in template.evidence:
            _add_evidence(conclusion, item(guideline, evidence_id))
        last = conclusion
    ordered = list(drawn.values())
    ordered.sort(key=lambda c: CONCLUSION_GROUPS.index(c.group))  # stable: the rules' order within a group
    return ordered


def _add_evidence(conclusion: Conclusion, line: PlanItem) -> None:
    if all(e.id != line.id for e in conclusion.evidence):
        conclusion.evidence.append(line)


def conclusions_json(conclusions: list[Conclusion], guideline: Guideline) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(conclusions, evidence): each conclusion names its evidence by id; each item is listed once.
    An assumption it rests on is named among its assumptions (the plan lists them apart)."""
    evidence: dict[str, dict[str, Any]] = {}
    out = []
    for c in conclusions:
        items = [line for line in c.evidence if line.section != "assumptions"]
        for line in items:
            evidence.setdefault(line.id, line.to_json(guideline))
        citations = list(dict.fromkeys(k for line in c.evidence for k in line.citations))
        out.append(
            {
                "id": c.template.id,
                "headline": c.headline,
                "severity": c.severity,
                "severity_label": guideline.labels.severity[c.severity],
                # Evidence short of verified is named beside the headline, the weakest first: a
                # clinician acts on the headline, not on the detail below it.
                "verification_label": _weakest_verification(items, guideline),
                "group": c.group,
                "citations": citations,
                "evidence": [line.id for line in items],
                "assumptions": list(dict.fromkeys(a for line in c.evidence for a in line.assumptions)),
                "href": guidance_href(c.evidence[0].section, c.evidence[0].id) if c.evidence else None,
            }
        )
    return out, list(evidence.values())


def _weakest_verification(items: list[PlanItem], guideline: Guideline) -> str | None:
    for level in ("unverified", "secondary"):
        if any(i.verification == level for i in items):
            return guideline.labels.verification[level]
    return None


def card(conclusions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What to act on at a glance: the plan's first conclusions, through its last critical one (a
    critical conclusion is never left below the card, however long), then more while the card holds
    at most five and 90 words of headlines."""
    last_critical = max((i for i, c in enumerate(conclusions) if c["severity"] == "critical"), default=-1)
    shown = max(1, last_critical + 1)
    words = sum(len(c["headline"].split()) for c in conclusions[:shown])
    for c in conclusions[shown:CARD_ITEMS]:
        words += len(c["headline"].split())
        if words > CARD_WORDS:
            break
        shown += 1
    return [{"id": c["id"], "headline": c["headline"], "severity": c["severity"], "citations": c["citations"]} for c in conclusions[:shown]]

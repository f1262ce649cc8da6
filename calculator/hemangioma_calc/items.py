"""One line of a plan (a step, a warning, a consideration...): source text plus its provenance."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .guideline import Assumption, Guideline, Outcome, Pitfall, Statement
from .saying import Saying
from .wording import PAGE_TITLES

# Pages that hold the items which have no section of their own.
PAGE_OF_KIND = {Pitfall: "pitfalls", Outcome: "outcomes", Assumption: "assumptions"}


@dataclass(frozen=True)
class PlanItem:
    id: str
    text: str
    citations: tuple[str, ...]
    certainty: str | None
    section: str
    source_note: str | None = None
    verification: str = "verified"
    assumptions: tuple[str, ...] = ()
    # What the plan concludes from this line for the case; None: the item's plain conclusion.
    says: Saying | None = None

    def with_(self, **changes: Any) -> PlanItem:
        return replace(self, **changes)

    def to_json(self, guideline: Guideline) -> dict[str, Any]:
        """Plain data, with the labels and the guidance link a reader needs (no maps in the browser)."""
        data: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "citations": list(self.citations),
            "certainty": self.certainty,
            "verification": self.verification,
            "source_note": self.source_note,
            "assumptions": list(self.assumptions),
            "section": self.section,
            "href": guidance_href(self.section, self.id),
            "page_title": page_title(guideline, self.section),
            "certainty_label": certainty_label(guideline, self.certainty),
            "verification_label": None if self.verification == "verified" else guideline.labels.verification[self.verification],
        }
        return data


def guidance_href(section: str, anchor: str) -> str:
    """Site-root-relative link to an item on the guidance pages (the overview is the home page)."""
    page = "" if section == "overview" else f"{section}/"
    return f"{page}#{anchor}"


def page_title(guideline: Guideline, section: str) -> str:
    return next((s.title for s in guideline.sections if s.id == section), None) or PAGE_TITLES[section]


def certainty_label(guideline: Guideline, certainty: str | None) -> str | None:
    return next((c.label for c in guideline.certainty_levels if c.id == certainty), None)


def item(guideline: Guideline, item_id: str, **changes: Any) -> PlanItem:
    """The plan line for a source item, with its citations, certainty and notes."""
    source = guideline.item(item_id)
    if isinstance(source, Statement):
        base = PlanItem(
            id=source.id,
            text=source.text,
            citations=source.citations,
            certainty=source.certainty,
            section=source.section,
            source_note=source.source_note,
            verification=source.verification,
            assumptions=source.assumptions,
        )
    elif isinstance(source, Assumption):
        base = PlanItem(
            id=source.id,
            text=source.text,
            citations=source.citations,
            certainty=None,
            section="assumptions",
            assumptions=(source.id,),
        )
    else:
        base = PlanItem(
            id=source.id,
            text=source.text,
            citations=source.citations,
            certainty=source.certainty,
            section=PAGE_OF_KIND[type(source)],
            source_note=getattr(source, "source_note", None),
        )
    return base.with_(**changes) if changes else base

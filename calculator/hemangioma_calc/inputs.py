"""What an input of the case is, declared once beside its field (`case.Case`).

A declaration holds everything the schema, the form, the command line, the case line and the
exhaustive input space read: label, one short help, unit, form group, the source's range keys,
when the input applies, and how the case line says it. Presentation only: every clinical fact an
input depends on (which drugs take an INR, the plausible ranges) comes from the source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from .guideline import DrugClass, Guideline

# The form's groups, in the order it asks them (each group's fields in the order of the case's fields):
# what decides the pathway first.
Group = Literal[
    "What decides the pathway",
    "Patient and lesion",
    "Antithrombotic therapy and anaesthesia",
    "Planned treatment (optional, for pitfall checks)",
]
GROUPS: tuple[Group, ...] = get_args(Group)
# Where the exhaustive input space (tests/exhaustive_space.py) varies an input: "presentations" varies
# a yes/no input both ways with every presentation; "listed" means a part of the space names the
# input's values itself (the diagnoses, treatments and drug parts, and the presentation's core).
SpacePart = Literal["presentations", "listed"]


@dataclass(frozen=True)
class CaseWords:
    """What a case-line phrase is built from: the case as echoed in the plan, and source labels."""

    case: Mapping[str, Any]
    drug_label: str
    reason_label: str | None
    drug_details: tuple[str, ...] = ()  # the drug's own phrases, said in brackets after it


@dataclass(frozen=True)
class Input:
    label: str
    help: str  # one short sentence; the drugs a field applies to are shown by the form, not repeated here
    group: Group
    unit: str | None = None
    range_keys: tuple[str, str] | None = None  # data keys of the minimum and maximum in the input-ranges assumption
    # The other fields' values this input applies with, from the source ({"antithrombotic": [drug ids]}).
    applies_when: Callable[[Guideline], dict[str, list[str]]] | None = None
    # The input in the case line (None: said with another input, or not said).
    says: Callable[[CaseWords], str | None] | None = None
    drug_detail: bool = False  # said in brackets after the drug, not as a part of its own
    decides: bool = False  # decides the pathway: the form shows no plan until it is answered
    # The form shows no plan until it is answered (where it applies), without a default that could
    # read as "no"; `waits_when`: only while other fields hold these values (as the form gives them).
    waits: bool = False
    waits_when: Callable[[Guideline], dict[str, list[str]]] | None = None
    unknown: str | None = None  # the words of an explicit "not known" answer the form offers (sent as null); the form waits for it
    space: SpacePart = "listed"


def drugs_where(test: Callable[[DrugClass], bool]) -> Callable[[Guideline], dict[str, list[str]]]:
    """Applies only with the drugs whose class passes `test` (so a drug added to the source is covered)."""
    return lambda g: {"antithrombotic": g.drugs_where(test)}


def when(field: str, *values: str) -> Callable[[Guideline], dict[str, list[str]]]:
    """Applies only when another field has one of these values."""
    return lambda _g: {field: list(values)}


def said_yes_no(words: str, field: str) -> Callable[[CaseWords], str | None]:
    """Said when yes; when not answered (null), said as not entered, so that it never reads as no."""
    return lambda w: words if w.case[field] else f"{words} not entered" if w.case[field] is None else None


def input_of(metadata: Mapping[str, Any]) -> Input:
    declared = metadata["input"]
    assert isinstance(declared, Input), "every case field is declared with inputs.Input"
    return declared

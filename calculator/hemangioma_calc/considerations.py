"""Considerations that each live in one registered rule: the source item it draws, the case fields it
reads, and when it fires.

A rule is registered with `@consideration(...)`, which is the one place its source id is spelt (as
source_ids.py is for the rules that are not registered here). Loading the source checks every
registration (`validation`): the item exists, and each field it reads is a field of the case. The
item's conclusion is the plain one of the source (a template that `speaks_for` it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .case import Case, declarations


@dataclass(frozen=True)
class Consideration:
    item: str  # a statement or assumption id of the source
    reads: tuple[str, ...]  # the case fields the rule reads
    fires: Callable[[Case], bool]


REGISTERED: list[Consideration] = []


def consideration(item: str, reads: tuple[str, ...]) -> Callable[[Callable[[Case], bool]], Callable[[Case], bool]]:
    """Register the decorated rule (the case in; whether the item's conclusion is drawn out)."""

    def register(fires: Callable[[Case], bool]) -> Callable[[Case], bool]:
        unknown = sorted(set(reads) - set(declarations()))
        assert not unknown, f"consideration {item} reads fields the case does not have: {unknown}"
        REGISTERED.append(Consideration(item, reads, fires))
        return fires

    return register


def firing(case: Case) -> list[str]:
    """The items of the registered considerations that fire for the case, in registration order."""
    return [c.item for c in REGISTERED if c.fires(case)]


# --- the rules ----------------------------------------------------------------------------------
@consideration("instability-without-deficit", reads=("instability", "neurological_deficit"))
def instability_without_deficit(case: Case) -> bool:
    """The evidence names instability only in Step 2 of surgery, for a deficit."""
    return case.instability is True and not case.neurological_deficit

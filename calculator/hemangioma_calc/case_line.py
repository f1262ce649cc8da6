"""The case in one line a clinician reads at a glance, said by each input's declaration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .case import applies_when, declarations
from .guideline import Guideline
from .inputs import CaseWords


def case_line(case: Mapping[str, Any], guideline: Guideline, reason_label: str | None) -> str:
    """The case as evaluated (`Case.to_json`): each input's phrase in the order of the case's fields,
    a drug's own details in brackets after it; a field that does not apply to this case is not said."""
    drug_label = guideline.drug(case["antithrombotic"]).label
    words = CaseWords(case, drug_label, reason_label)
    conditions = applies_when(guideline)
    applies = {name: all(case[other] in values for other, values in conditions.get(name, {}).items()) for name in declarations()}
    said = {name: d.says(words) if d.says and applies[name] else None for name, d in declarations().items()}
    details = tuple(s for name, s in said.items() if s and declarations()[name].drug_detail)
    words = CaseWords(case, drug_label, reason_label, details)
    parts = [d.says(words) for d in declarations().values() if d.says and not d.drug_detail]
    return "; ".join(p for p in parts if p) + "."

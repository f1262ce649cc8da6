"""The case in one line a clinician reads at a glance, said by each input's declaration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .case import declarations
from .inputs import CaseWords


def case_line(case: Mapping[str, Any], drug_label: str, reason_label: str | None) -> str:
    """The case as evaluated (`Case.to_json`): each input's phrase in the order of the case's fields,
    a drug's own details in brackets after it."""
    words = CaseWords(case, drug_label, reason_label)
    said = {name: d.says(words) if d.says else None for name, d in declarations().items()}
    details = tuple(s for name, s in said.items() if s and declarations()[name].drug_detail)
    words = CaseWords(case, drug_label, reason_label, details)
    parts = [d.says(words) for d in declarations().values() if d.says and not d.drug_detail]
    return "; ".join(p for p in parts if p) + "."

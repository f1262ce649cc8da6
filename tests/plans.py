"""Helpers for engine tests: evaluate a case from keyword arguments, pick ids and citations."""

from __future__ import annotations

from typing import Any

from hemangioma_calc.plan import evaluate


def plan_for(**case: Any) -> dict[str, Any]:
    """Evaluate a case given as keyword arguments (defaults: an adult man, no symptoms)."""
    base: dict[str, Any] = {"age": 50, "sex": "male", "level": "L3", "pain": "none", "neurological_deficit": False}
    base.update(case)
    return evaluate(base)


def ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["id"] for e in entries]


def entry(entries: list[dict[str, Any]], entry_id: str) -> dict[str, Any]:
    return next(e for e in entries if e["id"] == entry_id)


def cites(entry: dict[str, Any], *keys: str) -> bool:
    return set(keys) <= set(entry["citations"])


# --- the plan of conclusions ---------------------------------------------------------------------
def conclusion(plan: dict[str, Any], template_id: str) -> dict[str, Any]:
    """The conclusion drawn from a template of the source (its id), which must be in the plan."""
    found = [c for c in plan["conclusions"] if c["id"] == template_id]
    assert found, f"no conclusion {template_id!r} in {[c['id'] for c in plan['conclusions']]}"
    return found[0]


def drawn(plan: dict[str, Any]) -> list[str]:
    """The ids of the plan's conclusions, in order."""
    return [c["id"] for c in plan["conclusions"]]


def resting_on(plan: dict[str, Any], item_id: str) -> list[dict[str, Any]]:
    """The conclusions whose evidence (or assumptions) include a source item."""
    return [c for c in plan["conclusions"] if item_id in c["evidence"] or item_id in c["assumptions"]]


def said_of(plan: dict[str, Any], item_id: str) -> str:
    """The headlines the plan draws from a source item, joined (to search for words in them)."""
    found = resting_on(plan, item_id)
    assert found, f"no conclusion rests on {item_id!r}"
    return " ".join(c["headline"] for c in found)


def evidence(plan: dict[str, Any], item_id: str) -> dict[str, Any]:
    """An item of the plan's evidence (text, citations, certainty, notes)."""
    return entry(plan["evidence"], item_id)


def critical(plan: dict[str, Any]) -> list[str]:
    return [c["id"] for c in plan["conclusions"] if c["severity"] == "critical"]


def severity_of(plan: dict[str, Any], template_id: str) -> str:
    return str(conclusion(plan, template_id)["severity"])

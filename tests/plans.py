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

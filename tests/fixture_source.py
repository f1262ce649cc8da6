"""A small, complete source for the page generator's golden files: the real source
(content/guideline.yaml) cut down, by id, to the items named here, under fixture metadata (so that
the golden files show no real version or review date). Nothing is copied by hand: a kept item reads
as the real source says it; every kind of item, page and pathway is still present.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from build_scripts.source_files import DEFAULT_SOURCE

KEEP: dict[str, list[str]] = {
    "antithrombotics": ["none", "aspirin", "warfarin", "apixaban", "dabigatran", "lmwh_prophylactic"],
    "reasons": ["af_low_risk", "mechanical_valve", "vte_recent", "other_or_unknown"],
    "outcomes": ["outcome-decompression-recovery"],
    "cases": ["incidental-lumbar", "deficit-warfarin-high-inr", "cancer-imaging-not-assessed"],
}  # fmt: skip
METADATA = {
    "title": "Mini guideline", "short_title": "Mini", "version": "0.0.1", "last_reviewed": "2026-01-01",
    "next_review": "2027-01-01", "authored_by": "Test author", "checked_by": "Test checker", "scope": "Fixture scope.",
    "audience": "Fixture audience.", "disclaimer": "Fixture disclaimer.", "source_article": "Fixture source article.",
    "evidence_summary": "Fixture evidence summary.",
}  # fmt: skip


def _kept(entries: list[dict[str, Any]], ids: list[str]) -> list[dict[str, Any]]:
    by_id = {e["id"]: e for e in entries}
    missing = [i for i in ids if i not in by_id]
    assert not missing, f"the fixture keeps ids the real source no longer has: {missing}"
    return [by_id[i] for i in ids]


def fixture_source(source: Path = DEFAULT_SOURCE) -> dict[str, Any]:
    raw = copy.deepcopy(yaml.safe_load(source.read_text(encoding="utf-8")))
    raw["metadata"] = {**raw["metadata"], **METADATA}
    for part in ("antithrombotics", "outcomes", "cases"):
        raw[part] = _kept(raw[part], KEEP[part])
    raw["thrombotic_risk"]["reasons"] = _kept(raw["thrombotic_risk"]["reasons"], KEEP["reasons"])
    return raw


def write_fixture_source(path: Path) -> Path:
    path.write_text(yaml.safe_dump(fixture_source(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path

"""A small, complete source for the page generator's golden files: the real source
(content/guideline.yaml) cut down, by id, to the items named here and the references they cite,
under fixture metadata (so that the golden files show no real version or review date). Nothing is
copied by hand: a kept item reads as the real source says it, and an item added to the source (a
drug, a statement) is not in the fixture. Every kind of item, page and pathway is still present.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from build_scripts.source_files import DEFAULT_SOURCE
from hemangioma_calc import source_ids

KEEP: dict[str, list[str]] = {
    "statements": [
        "observe-incidental", "risk-pain-warning-sign", "asymptomatic-no-treatment", "asymptomatic-annual-exception",
        "painful-annual-follow-up", "pain-conservative-first", "pain-embolization", "pain-radiation", "pain-vertebroplasty",
        "deficit-surgery", "surgery-angiography", "surgery-preop-embolization", "surgery-laminectomy", "surgery-corpectomy",
        "surgery-instability", "surgery-avoid-en-bloc", "surgery-intraop-vertebroplasty", "surgery-postop-radiation",
        "radiation-dose-response", "cancer-no-contraindication", "cancer-confirm-diagnosis", "cancer-vte-anticoagulation",
        "osteoporosis-vertebroplasty", "osteoporosis-fixation", "anticoag-no-delay-antiplatelet", "anticoag-warfarin-inr",
        "anticoag-doac-timing", "anticoag-neuraxial-risk", "anticoag-general-anaesthesia", "anticoag-doac-planned",
        "anticoag-dabigatran-planned", "anticoag-warfarin-planned", "bridging-low-risk", "bridging-high-risk",
        "vte-defer-procedure", "anticoag-vka-reversal", "anticoag-neuraxial-intervals",
    ],
    "assumptions": [
        "young-age-cutoff", "aggressive-features-surveillance", "epidural-as-extraosseous", "instability-approach",
        "procedure-bleeding-risk", "doac-treatment-dose", "no-urgent-rule", "lmwh-surgical-interval", "planned-inr-target",
        "urgent-doac-last-dose", "renal-function-outside-evidence", "atypical-imaging-confirm", "open-surgery-general-anaesthesia",
        "input-ranges", "one-antithrombotic-drug", "urgent-without-deficit", "instability-without-deficit", "sacral-level-evidence",
        "antiplatelet-no-planned-interval",
    ],
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


def _kept(entries: list[dict[str, Any]], ids: list[str], needed: set[str] = frozenset()) -> list[dict[str, Any]]:
    """The entries named here, then any other the rest of the fixture needs, in the source's order."""
    by_id = {e["id"]: e for e in entries}
    missing = [i for i in ids if i not in by_id]
    assert not missing, f"the fixture keeps ids the real source no longer has: {missing}"
    return [by_id[i] for i in ids] + [e for e in entries if e["id"] in needed and e["id"] not in ids]


def _needed(raw: dict[str, Any]) -> set[str]:
    """Items the engine reads by name and those the algorithm and the conclusions rest on."""
    needed = set(source_ids.REQUIRED)
    needed |= {step for b in raw["algorithm"] for step in (*b.get("steps", ()), *b.get("follow_up", ()))}
    needed |= {i for t in raw["conclusions"] for i in (*t.get("evidence", ()), *t.get("speaks_for", ()))}
    return needed


def fixture_source(source: Path = DEFAULT_SOURCE) -> dict[str, Any]:
    raw = copy.deepcopy(yaml.safe_load(source.read_text(encoding="utf-8")))
    raw["metadata"] = {**raw["metadata"], **METADATA}
    needed = _needed(raw)
    for part in ("statements", "assumptions", "antithrombotics", "outcomes", "cases"):
        raw[part] = _kept(raw[part], KEEP[part], needed if part in ("statements", "assumptions", "outcomes") else set())
    raw["thrombotic_risk"]["reasons"] = _kept(raw["thrombotic_risk"]["reasons"], KEEP["reasons"])
    cited = set(_citations(raw))
    raw["references"] = [r for r in raw["references"] if r["key"] in cited]  # an uncited reference is an error
    return raw


def _citations(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from value if key == "citations" else _citations(value)
    elif isinstance(data, list):
        for value in data:
            yield from _citations(value)


def write_fixture_source(path: Path) -> Path:
    path.write_text(yaml.safe_dump(fixture_source(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path

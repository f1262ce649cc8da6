"""The plan as plain text for a person (the CLI's --format text): the card first, then the other
conclusions, then the evidence of each, every sentence once."""

from __future__ import annotations

import datetime
from typing import Any


def _marks(citations: list[str], refs: dict[str, int]) -> str:
    marks = "".join(f"[{n}]" for n in sorted(refs[k] for k in citations))
    return f" {marks}" if marks else ""


def _conclusion(c: dict[str, Any], refs: dict[str, int]) -> str:
    flag = "" if c["severity"] == "info" else f"{c['severity'].upper()}: "
    checked = f" ({c['verification_label']})" if c["verification_label"] else ""
    return f"{flag}{c['headline']}{_marks(c['citations'], refs)}{checked}"


def _evidence(entry: dict[str, Any], refs: dict[str, int]) -> list[str]:
    lines = [f"    - {entry['text']}{_marks(entry['citations'], refs)}"]
    if entry.get("source_note"):
        lines.append(f"      Source note: {entry['source_note']}")
    if entry.get("verification") not in (None, "verified"):
        lines.append(f"      Verification: {entry['verification_label']}")
    return lines


def render_text(plan: dict[str, Any], today: datetime.date | None = None) -> str:
    """The plan for a person; `today` (the reader's date by default) decides the review notice."""
    refs = {r["key"]: r["number"] for r in plan["references"]}
    out = []
    due = plan["provenance"]["next_review"]
    if (today or datetime.date.today()).isoformat() > due:
        out += [f"NOTICE: this content was due for review on {due}: check each conclusion against current guidance and local protocol.", ""]
    out += [f"Case: {plan['case_summary']}", f"Pathway: {plan['pathway_label']} ({plan['pathway']})", ""]
    ordered = plan["conclusions"]  # the card is their first few
    rest = ordered[len(plan["card"]) :]
    out.append("Plan")  # numbered by position: two conclusions may share a template
    out.extend(f"  {n}. {_conclusion(c, refs)}" for n, c in enumerate(ordered[: len(plan["card"])], 1))
    if rest:
        out += ["", "Next steps"]
        out.extend(f"  {n}. {_conclusion(c, refs)}" for n, c in enumerate(rest, len(plan["card"]) + 1))
    evidence = {e["id"]: e for e in plan["evidence"]}
    shown: set[str] = set()
    out += ["", "Details and evidence"]
    titles = {a["id"]: a["title"] for a in plan["assumptions"]}
    for n, c in enumerate(ordered, 1):
        new = [i for i in c["evidence"] if i not in shown]
        if not new and not c["assumptions"]:
            continue
        shown.update(new)
        out.append(f"  For {n}:")
        for i in new:
            out.extend(_evidence(evidence[i], refs))
        if c["assumptions"]:
            out.append("    Assumptions: " + "; ".join(titles[a] for a in c["assumptions"]))
    if plan["assumptions"]:
        out += ["", "Assumptions used"]
        out.extend(f"  - {a['title']}: {a['text']}{_marks(a['citations'], refs)}" for a in plan["assumptions"])
    out += ["", "References"]
    out.extend(f"  [{r['number']}] {r['label']}" + (f" {r['url']}" if r["url"] else "") for r in plan["references"])
    prov = plan["provenance"]
    out += [
        "",
        f"{prov['source_title']}, content version {prov['content_version']}, last reviewed {prov['last_reviewed']}; "
        f"source sha256 {prov['source_sha256']}; engine {prov['engine_version']}.",
        plan["disclaimer"],
    ]
    return "\n".join(out) + "\n"


def record_note(plan: dict[str, Any]) -> str:
    """What a clinician pastes into the patient's record: the case, the card and every other
    critical conclusion with their references, and the content it came from (the page adds the
    link and the time it was copied)."""
    refs = {r["key"]: r["number"] for r in plan["references"]}
    card = plan["conclusions"][: len(plan["card"])]
    chosen = card + [c for c in plan["conclusions"][len(card) :] if c["severity"] == "critical"]
    prov = plan["provenance"]
    cited = sorted({refs[k] for c in chosen for k in c["citations"]})
    labels = {r["number"]: r["label"] for r in plan["references"]}
    out = [
        f"{prov['source_title']}: plan for this case (content version {prov['content_version']}, last reviewed {prov['last_reviewed']}).",
        f"Case: {plan['case_summary']}",
        f"Pathway: {plan['pathway_label']}.",
        *(f"{n}. {_conclusion(c, refs)}" for n, c in enumerate(chosen, 1)),
        "References:",
        *(f"[{n}] {labels[n]}" for n in cited),
        plan["disclaimer"],
    ]
    return "\n".join(out) + "\n"

"""The plan as plain text for a person (the CLI's --format text)."""

from __future__ import annotations

from typing import Any


def _line(entry: dict[str, Any], refs: dict[str, int]) -> str:
    marks = "".join(f"[{n}]" for n in sorted(refs[k] for k in entry["citations"]))
    text = entry["text"] + (f" {marks}" if marks else "")
    if entry.get("detail"):
        text += f"\n     -> {entry['detail']}"
    if entry.get("source_note"):
        text += f"\n     Source note: {entry['source_note']}"
    if entry.get("verification") not in (None, "verified"):
        text += f"\n     Verification: {entry['verification']}"
    return text


def render_text(plan: dict[str, Any]) -> str:
    refs = {r["key"]: r["number"] for r in plan["references"]}
    out = [
        f"Case: {plan['case_summary']}",
        f"Pathway: {plan['pathway_label']} ({plan['pathway']})",
        f"Presentation: {plan['presentation']}",
        "",
    ]
    critical = [w for w in plan["warnings"] if w.get("severity") == "critical"]
    if critical:
        out.append("CRITICAL")
        out.extend(f"  ! {w['text']}" for w in critical)
        out.append("")
    out.append("Next actions")
    out.extend(f"  - {a['text']}" for a in plan["next_actions"])
    out.append("")

    def section(title: str, entries: list[dict[str, Any]], prefix: Any = None) -> None:
        if not entries:
            return
        out.append(title)
        for n, entry in enumerate(entries, 1):
            label = prefix(entry) if prefix else f"{n}."
            out.append(f"  {label} {_line(entry, refs)}")
        out.append("")

    section("Steps", plan["steps"])
    section("Follow-up", plan["follow_up"], lambda _: "-")
    section("Warnings", plan["warnings"], lambda w: f"[{w['severity'].upper()}]")
    if plan["perioperative"]:
        p = plan["perioperative"]
        section(
            f"Perioperative plan ({p['agent_label']}, {p['timing']} {p['procedure']}, anaesthesia {p['anesthesia']})",
            p["items"],
            lambda i: f"({i['kind']})",
        )
    section("Considerations", plan["considerations"], lambda _: "-")
    section("Expected outcomes", plan["outcomes"], lambda _: "-")
    if plan["assumptions"]:
        out.append("Assumptions used")
        out.extend(f"  - {a['title']}: {a['text']}" for a in plan["assumptions"])
        out.append("")
    out.append("References")
    out.extend(f"  [{r['number']}] {r['label']}" + (f" {r['url']}" if r["url"] else "") for r in plan["references"])
    prov = plan["provenance"]
    out += [
        "",
        f"{prov['source_title']}, content version {prov['content_version']}, last reviewed {prov['last_reviewed']}; "
        f"source sha256 {prov['source_sha256']}; engine {prov['engine_version']}.",
        plan["disclaimer"],
    ]
    return "\n".join(out) + "\n"

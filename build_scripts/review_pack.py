"""Write the clinical review pack: one self-contained, printable HTML file for item-by-item sign-off.

Usage: python build_scripts/review_pack.py [SOURCE] [--out HTML]

Every statement, recommendation, pitfall, outcome and assumption of the source, grouped by the
page that shows it, with its citations, certainty, verification, notes, the engine rules, source
entries, tests and worked cases that use it, its review state and an empty sign-off box.
No script, no external request (links only to PubMed, DOI and PMC in the references); the same
source gives the same bytes (the only dates are the source's own).
Exit 1 with one line per problem (file: key path: reason) when the source is broken.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from hemangioma_calc import source_ids
from hemangioma_calc.guideline import Assumption, ConclusionTemplate, Guideline, Outcome, Pitfall, Reference, Statement
from hemangioma_calc.items import PAGE_OF_KIND, page_title
from hemangioma_calc.saying import slot_names

from .generate_pages import _short, page_of_section, reference_line
from .review_uses import Uses, all_uses
from .source_files import DEFAULT_SOURCE, ROOT, SourceError, _display, load_source

OUT = ROOT / "build" / "review" / "review-pack.html"
ENGINE = ROOT / "calculator" / "hemangioma_calc"
TESTS = ROOT / "tests"
HAZARD_LOG = TESTS / "hazard_log.yaml"
NOT_REVIEWED = "Not reviewed"

STYLE = """
body { font: 11pt/1.4 system-ui, sans-serif; color: #111; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #333; margin-top: 2rem; } h3 { margin-top: 1.5rem; }
table { border-collapse: collapse; } th, td { text-align: left; vertical-align: top; padding: .2rem .5rem; }
.meta th { width: 12rem; } .meta td, .meta th { border-bottom: 1px solid #ccc; }
code { font-size: .95em; word-break: break-all; }
.item { border: 1px solid #777; border-radius: 4px; padding: .6rem .8rem; margin: 1rem 0; break-inside: avoid; }
.item h4 { margin: 0 0 .4rem; font-size: 1rem; } .kind { font-weight: normal; color: #444; }
.text { font-size: 1.05rem; margin: .3rem 0 .6rem; }
.facts { width: 100%; } .facts th { width: 10rem; font-weight: 600; color: #333; } .facts td, .facts th { border-top: 1px solid #e3e3e3; font-size: .92rem; }
.facts ul { margin: 0; padding-left: 1.1rem; } .references > li { margin-bottom: .5rem; }
.pending { font-weight: 700; } .reviewed { font-weight: 700; color: #05551e; }
.signoff { width: 100%; margin-top: .6rem; } .signoff td, .signoff th { border: 1px solid #333; height: 1.8rem; }
.signoff th { width: 9rem; background: #f2f2f2; } .signoff .comment { height: 4.5rem; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } a { color: inherit; text-decoration: none; } h2 { break-before: page; } }
"""


@dataclass(frozen=True)
class Group:
    """A page of the site (and, within it, a topic or outcome group) with the items it shows."""

    page: str
    title: str
    heading: str | None
    items: tuple[Any, ...]


# --- what goes where ------------------------------------------------------------------------------
def page_of(item: Any) -> str:
    return item.section if isinstance(item, Statement) else PAGE_OF_KIND[type(item)]


def groups(guideline: Guideline) -> list[Group]:
    """Items by page in the site's order (then topic or outcome group, in source order)."""
    items = guideline.identified_items()
    pages = [s.id for s in guideline.sections]
    pages += sorted({page_of(i) for i in items} - set(pages))
    topics = {s.id: s.topics for s in guideline.sections}
    result = []
    for page in pages:
        on_page = [i for i in items if page_of(i) == page]
        title = page_title(guideline, page)
        headings: list[tuple[str | None, list[Any]]] = [(None, [i for i in on_page if not _subgroup(i)])]
        headings += [(t.title, [i for i in on_page if _subgroup(i) == t.id]) for t in topics.get(page, ())]
        headings += [
            (g, [i for i in on_page if isinstance(i, Outcome) and i.group == g])
            for g in dict.fromkeys(i.group for i in on_page if isinstance(i, Outcome))
        ]
        result += [Group(page, title, heading, tuple(members)) for heading, members in headings if members]
    return result


def _subgroup(item: Any) -> str | None:
    return item.topic if isinstance(item, Statement) else item.group if isinstance(item, Outcome) else None


def kind_of(item: Any) -> str:
    return item.kind if isinstance(item, Statement) else {Pitfall: "pitfall", Outcome: "outcome", Assumption: "assumption"}[type(item)]


def review_state(item: Any) -> str:
    return f"Reviewed by {item.reviewed_by} on {item.reviewed_on}" if item.reviewed_by else NOT_REVIEWED


# --- HTML pieces ----------------------------------------------------------------------------------
def _list(lines: list[str] | tuple[str, ...], empty: str = "none") -> str:
    if not lines:
        return f"<em>{escape(empty)}</em>"
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def _codes(lines: tuple[str, ...]) -> list[str]:
    return [f"<code>{escape(line)}</code>" for line in lines]


def citation(ref: Reference) -> str:
    head = f'<a href="#ref-{escape(ref.key)}">[{ref.number}]</a> {escape(_short(ref))}'
    if ref.status == "unresolved":
        candidates = "; ".join(f"candidate: {escape(_candidate_label(c))}" for c in ref.candidates)
        return f"{head}{f' ({candidates})' if candidates else ''}"
    return f"{head} (status: {escape(ref.status)}; confidence: {escape(ref.confidence)})"


def _candidate_label(candidate: Any) -> str:
    first = candidate.authors[0].split(" ")[0] if candidate.authors else "?"
    return f"{first}{' et al.' if len(candidate.authors) > 1 else ''} {candidate.journal} {candidate.year}"


def verification(guideline: Guideline, item: Any) -> str:
    if isinstance(item, Statement):
        return escape(guideline.labels.verification[item.verification])
    if isinstance(item, Assumption):
        return "<em>a named assumption of this project, not a value from a reference</em>"
    return "<em>not recorded in the source for this kind of item</em>"


def certainty(guideline: Guideline, item: Any) -> str:
    level = getattr(item, "certainty", None)
    if level is None:
        return "<em>none (an assumption)</em>"
    label = next((c.label for c in guideline.certainty_levels if c.id == level), level)
    return escape(label)


def item_html(guideline: Guideline, item: Any, uses: Uses) -> str:
    rows: list[tuple[str, str]] = []
    if isinstance(item, Assumption):
        rows.append(("Title", escape(item.title)))
        if item.value is not None:
            rows.append(("Value", escape(f"{item.value:g} {item.unit or ''}".strip())))
    if isinstance(item, Pitfall):
        rows.append(("Severity", escape(guideline.labels.severity[item.severity])))
    refs = sorted((guideline.reference(k) for k in item.citations), key=lambda r: r.number)
    rows += [
        ("Citations", _list([citation(r) for r in refs], "no citation")),
        ("Certainty", certainty(guideline, item)),
        ("Verification", verification(guideline, item)),
    ]
    note = item.rationale if isinstance(item, Assumption) else getattr(item, "source_note", None)
    rows.append(("Rationale" if isinstance(item, Assumption) else "Source note", escape(note) if note else "<em>none</em>"))
    if isinstance(item, Statement):
        relied = [f'<a href="#{escape(a)}"><code>{escape(a)}</code></a> {escape(guideline.item(a).title)}' for a in item.assumptions]
        rows.append(("Relies on assumptions", _list(relied)))
    engine = _codes(uses.engine) + ([f"reads data: <code>{escape(', '.join(uses.data_keys))}</code>"] if uses.data_keys else [])
    rows += [
        ("Engine rules", _list(engine, "not read by name by the engine")),
        ("Named in the source by", _list(_codes(uses.source))),
        ("Tests", _list(_codes(uses.tests), "no test mentions this id")),
        ("Worked cases", _list(_codes(uses.cases), "no worked case names it")),
    ]
    state_class = "reviewed" if item.reviewed_by else "pending"
    rows.append(("Review state", f'<span class="{state_class}">{escape(review_state(item))}</span>'))
    facts = "".join(f'<tr><th scope="row">{name}</th><td>{value}</td></tr>' for name, value in rows)
    return (
        f'<article class="item" id="{escape(item.id)}">\n'
        f'<h4><code>{escape(item.id)}</code> <span class="kind">· {escape(kind_of(item))}</span></h4>\n'
        f'<p class="text">{escape(item.text)}</p>\n'
        f'<table class="facts">{facts}</table>\n'
        f"{signoff_box(item.id)}\n"
        "</article>"
    )


def conclusion_html(guideline: Guideline, template: ConclusionTemplate, uses: Uses) -> str:
    """A conclusion template: its words, slots, evidence, the rule that draws it, its tests."""
    slots = sorted(slot_names(template.text))
    slot_lines = [f"<code>{{{escape(s)}}}</code>: {escape(source_ids.SLOTS.get(s, 'unknown slot'))}" for s in slots]
    evidence = [f'<a href="#{escape(i)}"><code>{escape(i)}</code></a>' for i in (*template.speaks_for, *template.evidence)]
    rows = [
        ("Group", escape(template.group)),
        ("Severity", escape(guideline.labels.severity[template.severity])),
        ("Slots", _list(slot_lines)),
        ("Evidence", _list(evidence, "the drug's own interval statement, added by the rule")),
        ("Plain conclusion of", _list([f"<code>{escape(i)}</code>" for i in template.speaks_for])),
        ("Engine rule", _list(_codes(uses.engine), "not drawn by the engine")),
        ("Hazard", escape(template.hazard) if template.hazard else "<em>none named</em>"),
        ("Tests", _list(_codes(uses.tests), "no test mentions this id")),
        ("Worked cases", _list(_codes(uses.cases), "no worked case names it")),
        ("Review state", f'<span class="{"reviewed" if template.reviewed_by else "pending"}">{escape(review_state(template))}</span>'),
    ]
    facts = "".join(f'<tr><th scope="row">{name}</th><td>{value}</td></tr>' for name, value in rows)
    anchor = f"conclusion-{template.id}"
    return (
        f'<article class="item template" id="{escape(anchor)}">\n'
        f'<h4><code>{escape(template.id)}</code> <span class="kind">· conclusion template</span></h4>\n'
        f'<p class="text">{escape(template.text)}</p>\n'
        f'<table class="facts">{facts}</table>\n'
        f"{signoff_box(anchor)}\n"
        "</article>"
    )


def signoff_box(item_id: str) -> str:
    return (
        f'<table class="signoff" aria-label="Sign-off for {escape(item_id)}">'
        '<tr><th scope="row">Reviewer</th><td></td><th scope="row">Date</th><td></td></tr>'
        '<tr><th scope="row">Decision</th><td colspan="3">☐ Agree &nbsp;&nbsp; ☐ Change requested</td></tr>'
        '<tr><th scope="row">Comment</th><td colspan="3" class="comment"></td></tr></table>'
    )


def reference_html(ref: Reference) -> str:
    text = _reference_text(ref) if ref.status == "resolved" else escape(_short(ref)) + "."
    links = _links(ref)
    parts = [
        f'<li id="ref-{escape(ref.key)}"><strong>[{ref.number}]</strong> {text}{links} Status: {escape(ref.status)}; confidence: {escape(ref.confidence)}.'
    ]
    if ref.note:
        parts.append(f" {escape(ref.note)}")
    if ref.candidates:
        candidates = "".join(
            f"<li>Candidate (unverified): {_reference_text(c)}{_links(c)}{' ' + escape(c.note) if c.note else ''}</li>" for c in ref.candidates
        )
        parts.append(f"<ul>{candidates}</ul>")
    return "".join(parts) + "</li>"


def _reference_text(publication: Any) -> str:
    """The site's reference line, its Markdown emphasis (the journal) as HTML."""
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", escape(reference_line(publication)))


def _links(publication: Any) -> str:
    links = []
    if publication.pmid:
        links.append(f'<a href="https://pubmed.ncbi.nlm.nih.gov/{escape(publication.pmid)}/">PubMed {escape(publication.pmid)}</a>')
    if publication.doi:
        links.append(f'<a href="https://doi.org/{escape(publication.doi)}">doi:{escape(publication.doi)}</a>')
    if publication.pmcid:
        links.append(f'<a href="https://pmc.ncbi.nlm.nih.gov/articles/{escape(publication.pmcid)}/">PubMed Central {escape(publication.pmcid)}</a>')
    return (" " + " ".join(links) + ".") if links else ""


def header_html(guideline: Guideline, sha256: str, source_name: str) -> str:
    meta = guideline.metadata
    items = guideline.identified_items()
    reviewed = sum(1 for i in items if i.reviewed_by)
    rows = [
        ("Content version", meta.version),
        ("Last reviewed", meta.last_reviewed),
        ("Next review", meta.next_review),
        ("Authored by", meta.authored_by),
        ("Checked by", meta.checked_by),
        ("Source file", source_name),
        ("Source sha256", sha256),
        ("Items", str(len(items))),
        ("Reviewed", str(reviewed)),
        ("Not reviewed", str(len(items) - reviewed)),
    ]
    table = "".join(f'<tr><th scope="row">{escape(name)}</th><td>{escape(value)}</td></tr>' for name, value in rows)
    return (
        f"<h1>Review pack: {escape(meta.title)}</h1>\n"
        f'<table class="meta">{table}</table>\n'
        '<h2 id="how-to-sign-off" style="break-before: auto">How to record a sign-off</h2>\n'
        "<ol>"
        "<li>Review each item below: its text, its citations and the evidence behind them. Fill in the sign-off box "
        "(reviewer, date, agree or change requested, comment) on paper or in the PDF.</li>"
        f"<li>For an item you agree with, an editor adds to that item in <code>{escape(source_name)}</code> "
        "(found by its id) the two fields <code>reviewed_by: Your Name</code> and <code>reviewed_on: YYYY-MM-DD</code>; "
        "both go together. A requested change is made to the item first, then reviewed again.</li>"
        "<li>Run <code>make review</code> to regenerate this pack and <code>make test</code>; the site shows the review state of each item.</li>"
        f"<li><em>Checked by</em> stays “{escape(meta.checked_by)}” until a real reviewer has signed.</li>"
        "</ol>"
    )


def contents_html(sections: list[Group]) -> str:
    entries = []
    for page in dict.fromkeys(g.page for g in sections):
        count = sum(len(g.items) for g in sections if g.page == page)
        title = next(g.title for g in sections if g.page == page)
        entries.append(f'<li><a href="#page-{escape(page)}">{escape(title)}</a> ({count})</li>')
    return f'<nav aria-label="Contents"><h2 style="break-before: auto">Contents</h2><ol>{"".join(entries)}<li><a href="#page-conclusions">Conclusion templates</a></li><li><a href="#page-phrases">Phrases</a></li><li><a href="#references">References</a></li></ol></nav>'


def render(guideline: Guideline, uses: dict[str, Uses], sha256: str, source_name: str) -> str:
    body = [header_html(guideline, sha256, source_name), contents_html(groups(guideline))]
    page = None
    for group in groups(guideline):
        if group.page != page:
            page = group.page
            body.append(
                f'<h2 id="page-{escape(page)}">{escape(group.title)} <small>(site page <code>{escape(page_of_section(page))}</code>)</small></h2>'
            )
        if group.heading:
            body.append(f"<h3>{escape(group.heading)}</h3>")
        body += [item_html(guideline, item, uses[item.id]) for item in group.items]
    body.append('<h2 id="page-conclusions">Conclusion templates <small>(what a plan says; <code>conclusions</code> in the source)</small></h2>')
    body += [conclusion_html(guideline, t, uses[f"conclusion:{t.id}"]) for t in guideline.conclusions]
    body.append(
        "<h2 id=\"page-phrases\">Phrases <small>(the words of a drug's intervals; <code>phrases</code> in the source, numbers from the drug's entry)</small></h2>"
    )
    body.append(
        '<dl class="phrases">' + "".join(f"<dt><code>{escape(p.id)}</code></dt><dd>{escape(p.text)}</dd>" for p in guideline.phrases) + "</dl>"
    )
    body.append('<h2 id="references">References</h2>')
    body.append(
        '<ol class="references" style="list-style: none; padding-left: 0">' + "".join(reference_html(r) for r in guideline.references) + "</ol>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Review pack: {escape(guideline.metadata.short_title)} {escape(guideline.metadata.version)}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def build(source: Path = DEFAULT_SOURCE, out: Path = OUT) -> Path:
    """Read and validate the source, then write the pack; raises SourceError on a broken source."""
    loaded = load_source(source)
    uses = all_uses(loaded.guideline, ENGINE, TESTS, HAZARD_LOG)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(loaded.guideline, uses, loaded.sha256, _display(source)), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        out = build(args.source, args.out)
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"wrote {_display(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Generate the guidance pages (Markdown for MkDocs) from the structured source.

Usage: python -m build_scripts.generate_pages [--source YAML] [--docs DIR]

Thin glue: read and validate the source, build plain view data (grouping and lookups happen here,
in Python), render one Jinja2 template per page. Templates hold presentation only.
Output is deterministic: the same source gives byte-identical pages.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from hemangioma_calc.case import case_json_schema, parse_case
from hemangioma_calc.guideline import Guideline, Reference, Statement
from hemangioma_calc.items import PAGE_OF_KIND
from hemangioma_calc.packaged import PackagedSource
from hemangioma_calc.plan import build_plan

from .calculator_page import readable_case, write_calculator_page
from .drug_intervals import interval_lists
from .flowchart import algorithm_svg, algorithm_svg_narrow
from .source_files import DEFAULT_SOURCE, ROOT, Source, SourceError, load_source

TEMPLATES = ROOT / "templates"
DOCS = ROOT / "docs"
BENCHMARK = ROOT / "benchmarks" / "latest.json"  # written by `make bench`
# Page file -> template. Statement sections map to their own page (slug = section id).
PAGES = {
    "index.md": "index.md.j2",
    "assessment.md": "section.md.j2",
    "natural-history.md": "section.md.j2",
    "algorithm.md": "algorithm.md.j2",
    "special-populations.md": "special-populations.md.j2",
    "outcomes.md": "outcomes.md.j2",
    "pitfalls.md": "pitfalls.md.j2",
    "cases.md": "cases.md.j2",
    "assumptions.md": "assumptions.md.j2",
    "references.md": "references.md.j2",
    "about.md": "about.md.j2",
}
PAGE_OF_SECTION = {"overview": "index.md"}
ARTICLE_REFERENCES = 7  # reference numbers 1-7 are the source article's own citation numbers
ROOT_LABEL = "Adult with a vertebral hemangioma"
NO_INTERVAL = "No interval in our sources"
ADMONITION_OF_SEVERITY = {"critical": "danger", "warning": "warning", "info": "info"}


def page_of_section(section: str) -> str:
    return PAGE_OF_SECTION.get(section, f"{section}.md")


def make_environment(guideline: Guideline) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    certainty = {c.id: c for c in guideline.certainty_levels}
    items = {i.id: i for i in guideline.identified_items()}
    schema = case_json_schema(guideline)

    def cite(keys: tuple[str, ...]) -> str:
        refs = sorted((guideline.reference(k) for k in keys), key=lambda r: r.number)
        # The visible "[1]" is read out with the reference it stands for (attr_list sets the name).
        return " ".join(f'[\\[{r.number}\\]](references.md#ref-{r.key} "{_short(r)}"){{: .hg-cite aria-label="{citation_name(r)}" }}' for r in refs)

    def link(item_id: str) -> str:
        """A Markdown link to an item's anchor on its page (the page the engine's plans name too)."""
        item = items[item_id]
        section = item.section if isinstance(item, Statement) else PAGE_OF_KIND[type(item)]
        return f"{page_of_section(section)}#{item_id}"

    def cite_numbers(keys: tuple[str, ...]) -> str:
        """The reference numbers as text: a page of many plans stays a short walk for the keyboard."""
        return "".join(f"\\[{n}\\]" for n in sorted(guideline.reference(k).number for k in keys))

    env.filters.update(
        cite=cite,
        cite_numbers=cite_numbers,
        link=link,
        certainty_label=lambda cid: certainty[cid].label,
        verification_words=lambda v: guideline.labels.verification[v],
        severity_label=lambda severity: guideline.labels.severity[severity],
        admonition=lambda severity: (ADMONITION_OF_SEVERITY[severity], guideline.labels.severity[severity]),
        short_ref=_short,
        reference_line=reference_line,
        sentence=lambda text: text[:1].upper() + text[1:],
        case_fragment=lambda case: quote(json.dumps(case, sort_keys=True, separators=(",", ":"))),
        item=lambda item_id: items[item_id],
        attribute=lambda text: text.replace('"', "&quot;"),  # inside an attr_list value in quotes
        readable_case=lambda case: readable_case(schema, case),
    )
    env.globals.update(g=guideline, meta=guideline.metadata)
    return env


def _authors(ref: Reference) -> str | None:
    """Authors as cited: "Fox and Onofrio", "Vasudeva et al.", or None when the source names none."""
    surnames = [a.split(" ")[0] for a in ref.authors if a != "et al."]
    if not surnames:
        return None
    if len(ref.authors) == 2 and len(surnames) == 2:
        return " and ".join(surnames)
    return surnames[0] + (" et al." if len(ref.authors) > 1 else "")


def _short(ref: Reference) -> str:
    if ref.status == "unresolved":
        where = " in the source article" if ref.number <= ARTICLE_REFERENCES else ""
        return f"Reference {ref.number}: not identified{where}"
    return " ".join(str(part) for part in (_authors(ref) or "Open-access review", ref.journal, ref.year) if part)


def citation_name(ref: Reference) -> str:
    """A citation link's accessible name: "Reference 1: Fox and Onofrio 1993"."""
    if ref.status == "unresolved":
        return _short(ref)
    who = _authors(ref) or f"open-access review {ref.pmcid or ref.pmid or ref.doi},"
    return f"Reference {ref.number}: {who} {ref.year}"


def reference_line(ref: Any) -> str:
    """Authors. Title. Journal. Year;Volume(Issue):Pages."""
    if not ref.authors:
        return f"Open-access review, {ref.year} (title and authors not verified)."
    authors = ", ".join(ref.authors).removesuffix(".")
    where = f"{ref.year}"
    if ref.volume:
        where += f";{ref.volume}"
        if ref.issue:
            where += f"({ref.issue})"
        if ref.pages:
            where += f":{ref.pages}"
    title = f" {ref.title.rstrip('.')}." if ref.title else ""
    return f"{authors}.{title} *{ref.journal}*. {where}."


def page_context(guideline: Guideline) -> dict[str, Any]:
    """Plain view data shared by the templates."""
    by_section: dict[str, list[Statement]] = {}
    for statement in guideline.statements:
        by_section.setdefault(statement.section, []).append(statement)
    sections = {s.id: s for s in guideline.sections}
    algorithm_statements = {s.id for s in by_section.get("algorithm", [])}
    branch_steps = {step for b in guideline.algorithm for step in (*b.steps, *b.follow_up)}
    used_by: dict[str, list[str]] = {}
    for statement in guideline.statements:
        for assumption in statement.assumptions:
            used_by.setdefault(assumption, []).append(statement.id)
    outcome_groups: dict[str, list[Any]] = {}
    for outcome in guideline.outcomes:
        outcome_groups.setdefault(outcome.group, []).append(outcome)
    drug_rows = [d for d in guideline.antithrombotics if not guideline.drug_class(d).no_drug]
    topics = {s.id: [(t, [st for st in by_section.get(s.id, []) if st.topic == t.id]) for t in s.topics] for s in guideline.sections}
    return {
        "sections": sections,
        "by_section": by_section,
        "topics": topics,
        # Algorithm statements rendered in full under their first branch; later mentions link.
        "home_branch": {step: b.pathway for b in reversed(guideline.algorithm) for step in (*b.steps, *b.follow_up)},
        "algorithm_other": [s for s in by_section.get("algorithm", []) if s.id not in branch_steps],
        "algorithm_statements": algorithm_statements,
        "flowchart": algorithm_svg(guideline.algorithm, ROOT_LABEL),
        "flowchart_narrow": algorithm_svg_narrow(guideline.algorithm, ROOT_LABEL),
        "assumption_used_by": used_by,
        "outcome_groups": outcome_groups,
        "article_refs": [r for r in guideline.references if r.number <= ARTICLE_REFERENCES],
        "added_refs": [r for r in guideline.references if r.number > ARTICLE_REFERENCES],
        "drug_rows": drug_rows,
        "intervals": interval_lists(guideline, drug_rows, NO_INTERVAL),
        "drugs_by_class": [(c, [d for d in drug_rows if d.drug_class == c.id]) for c in guideline.drug_classes if not c.no_drug],
        # Each worked case's card as the engine gives it (the provenance is not shown on the page).
        "case_cards": {c.id: build_plan(parse_case(dict(c.case), guideline), PackagedSource(guideline, ""))["card"] for c in guideline.cases},
    }


def generate(source: Path = DEFAULT_SOURCE, docs: Path = DOCS, benchmark: Path | None = BENCHMARK) -> list[Path]:
    return write_pages(load_source(source), docs, benchmark)


def write_pages(source: Source, docs: Path = DOCS, benchmark: Path | None = BENCHMARK) -> list[Path]:
    """Every page of the guidance, the calculator's and the performance page, from the loaded source."""
    guideline = source.guideline
    env = make_environment(guideline)
    context = page_context(guideline)
    written = []
    for page, template in PAGES.items():
        section_id = "overview" if page == "index.md" else page.removesuffix(".md")
        text = env.get_template(template).render(page=page, section=context["sections"].get(section_id), **context)
        written.append(_write(docs / page, text + review_date(guideline)))
    written.append(write_calculator_page(env, guideline, docs))
    if benchmark is not None and benchmark.exists():
        bench = json.loads(benchmark.read_text())
        written.append(_write(docs / "performance.md", env.get_template("performance.md.j2").render(bench=bench) + review_date(guideline)))
    return written


def review_date(guideline: Guideline) -> str:
    """The date the content is due for review, for docs/assets/review_due.js, which compares it with the reader's day."""
    return f'\n<div class="hg-review-date" data-next-review="{guideline.metadata.next_review}" hidden></div>\n'


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")  # untouched files keep their mtime: no needless rebuilds
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--docs", type=Path, default=DOCS)
    args = parser.parse_args(argv)
    try:
        generate(args.source, args.docs)
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

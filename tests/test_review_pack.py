"""The review pack (`make review`) lets a clinician review and sign off every item of the source,
item by item, on paper or PDF: one self-contained HTML file, the same bytes for the same source."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
import yaml

from build_scripts.review_pack import NOT_REVIEWED, build
from build_scripts.source_files import DEFAULT_SOURCE, load_source
from hemangioma_calc import source_ids
from hemangioma_calc.saying import slot_names

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ["-m", "build_scripts.review_pack"]
ALLOWED_LINKS = ("https://pubmed.ncbi.nlm.nih.gov/", "https://doi.org/", "https://pmc.ncbi.nlm.nih.gov/")


@pytest.fixture(scope="module")
def guideline():
    return load_source(DEFAULT_SOURCE).guideline


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> str:
    return build(DEFAULT_SOURCE, tmp_path_factory.mktemp("review") / "review-pack.html").read_text(encoding="utf-8")


def items_in(pack: str, kind: str = "item") -> dict[str, str]:
    """Item id (or conclusion-<template id>) -> the HTML of its entry."""
    parts = re.split(rf'(?=<article class="{kind}" id=")', pack)
    return {re.match(rf'<article class="{kind}" id="([^"]+)"', p).group(1): p.split("</article>")[0] for p in parts[1:]}


def row(entry: str, name: str) -> str:
    return re.search(rf'<th scope="row">{name}</th><td>(.*?)</td></tr>', entry).group(1)


def with_source(tmp_path: Path, edit) -> Path:
    raw = yaml.safe_load(DEFAULT_SOURCE.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "guideline.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_every_statement_recommendation_pitfall_outcome_and_assumption_is_listed_once(pack, guideline):
    source_ids_in_order = [item.id for item in guideline.identified_items()]
    assert len(re.findall(r'<article class="item"', pack)) == len(source_ids_in_order)
    entries = items_in(pack)
    assert set(entries) == set(source_ids_in_order)
    for item in guideline.identified_items():
        assert escape(item.text) in entries[item.id], item.id
        assert "Reviewer" in entries[item.id] and "☐ Agree" in entries[item.id] and "☐ Change requested" in entries[item.id]


def test_items_are_grouped_by_the_page_that_shows_them(pack, guideline):
    for section in guideline.sections:
        heading = pack.index(f'id="page-{section.id}"')
        first = next((s for s in guideline.statements if s.section == section.id), None)
        if first is not None:
            assert heading < pack.index(f'id="{first.id}"')
    assert pack.index('id="page-assumptions"') < pack.index(f'id="{guideline.assumptions[0].id}"')


def test_citations_resolve_to_their_numbered_references_and_unresolved_ones_show_candidates(pack, guideline):
    entries = items_in(pack)
    for item in guideline.identified_items():
        citations = row(entries[item.id], "Citations")
        for key in item.citations:
            ref = guideline.reference(key)
            assert f'<a href="#ref-{key}">[{ref.number}]</a>' in citations, (item.id, key)
            if ref.status == "unresolved":
                assert "not identified" in citations
                assert citations.count("candidate:") >= len(ref.candidates)
            else:
                assert f"confidence: {ref.confidence}" in citations
    for ref in guideline.references:
        assert f'<li id="ref-{ref.key}"><strong>[{ref.number}]</strong>' in pack


def test_certainty_and_verification_use_the_source_labels(pack, guideline):
    entries = items_in(pack)
    certainty = {c.id: c.label for c in guideline.certainty_levels}
    for item in [*guideline.statements, *guideline.pitfalls, *guideline.outcomes]:
        assert row(entries[item.id], "Certainty") == escape(certainty[item.certainty]), item.id
    for statement in guideline.statements:
        assert row(entries[statement.id], "Verification") == escape(guideline.labels.verification[statement.verification])
        for assumption in statement.assumptions:
            assert f'href="#{assumption}"' in row(entries[statement.id], "Relies on assumptions")


def test_unreviewed_items_say_not_reviewed_and_checked_by_stays_pending(pack, guideline):
    entries = items_in(pack)
    unreviewed = [i for i in guideline.identified_items() if not i.reviewed_by]
    for item in unreviewed:
        assert NOT_REVIEWED in row(entries[item.id], "Review state")
    assert f'<th scope="row">Not reviewed</th><td>{len(unreviewed)}</td>' in pack
    assert f'<th scope="row">Checked by</th><td>{escape(guideline.metadata.checked_by)}</td>' in pack
    assert "reviewed_by" in pack and "reviewed_on" in pack  # how to record a sign-off


def test_a_signed_item_shows_its_reviewer_and_date_and_the_counts_follow(tmp_path, guideline):
    signed = guideline.statements[0].id

    def sign(raw):
        next(s for s in raw["statements"] if s["id"] == signed).update(reviewed_by="Dr A Reviewer", reviewed_on="2026-12-01")

    pack = build(with_source(tmp_path, sign), tmp_path / "pack.html").read_text(encoding="utf-8")
    assert "Reviewed by Dr A Reviewer on 2026-12-01" in row(items_in(pack)[signed], "Review state")
    total = len(guideline.identified_items())
    assert '<th scope="row">Reviewed</th><td>1</td>' in pack
    assert f'<th scope="row">Not reviewed</th><td>{total - 1}</td>' in pack


def test_the_header_names_the_content_version_dates_authors_and_source_hash(pack, guideline):
    meta = guideline.metadata
    for value in (meta.title, meta.version, meta.last_reviewed, meta.next_review, meta.authored_by, load_source(DEFAULT_SOURCE).sha256):
        assert escape(value) in pack.split('<nav aria-label="Contents">')[0], value
    assert f'<th scope="row">Items</th><td>{len(guideline.identified_items())}</td>' in pack


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_id_the_engine_reads_names_an_engine_rule_and_an_existing_test(pack):
    entries = items_in(pack)
    for item_id in source_ids.REQUIRED:
        assert "<code>" in row(entries[item_id], "Engine rules"), item_id
        tests = re.findall(r"<code>([\w.]+\.py)::(\w+)</code>", row(entries[item_id], "Tests"))
        assert tests, f"{item_id}: no test mentions this id the engine reads"
        for file, name in tests:
            assert name in _test_names(ROOT / "tests" / file), (item_id, file, name)


def test_ids_named_by_the_algorithm_drugs_and_worked_cases_show_who_names_them(pack, guideline):
    entries = items_in(pack)
    for branch in guideline.algorithm:
        for index, step in enumerate(branch.steps):
            assert f"algorithm branch {branch.pathway}: steps[{index}]" in row(entries[step], "Named in the source by")
    for drug in guideline.antithrombotics:
        if drug.urgent_statement:
            assert f"drug {drug.id}: urgent_statement" in row(entries[drug.urgent_statement], "Named in the source by")
    for case in guideline.cases:
        for step in case.expected.evidence_include:
            assert f"{case.id}: evidence_include" in row(entries[step], "Worked cases")


def test_every_conclusion_template_is_listed_with_its_rule_slots_and_evidence(pack, guideline):
    entries = items_in(pack, "item template")
    for template in guideline.conclusions:
        entry = entries[f"conclusion-{template.id}"]
        assert escape(template.text) in entry
        assert "<code>" in row(entry, "Engine rule"), f"{template.id}: no engine rule draws it"
        for slot in slot_names(template.text):
            assert f"<code>{{{slot}}}</code>" in row(entry, "Slots")
        for item_id in (*template.speaks_for, *template.evidence):
            assert f'href="#{item_id}"' in row(entry, "Evidence")


def test_every_phrase_of_a_drugs_intervals_is_listed_with_its_words(pack, guideline):
    phrases = pack.split('id="page-phrases"', 1)[1].split('id="references"', 1)[0]
    for p in guideline.phrases:
        assert f"<dt><code>{escape(p.id)}</code></dt><dd>{escape(p.text)}</dd>" in phrases


def test_same_source_gives_the_same_bytes_and_no_date_but_the_sources_own(tmp_path, pack):
    again = build(DEFAULT_SOURCE, tmp_path / "again.html").read_text(encoding="utf-8")
    assert again == pack
    source_dates = set(re.findall(r"\d{4}-\d{2}-\d{2}", DEFAULT_SOURCE.read_text(encoding="utf-8")))
    assert set(re.findall(r"\d{4}-\d{2}-\d{2}", pack)) <= source_dates
    assert not re.search(r"\d{2}:\d{2}:\d{2}", pack)


def test_self_contained_no_script_and_links_only_to_pubmed_doi_or_pmc_in_the_references(pack):
    assert not re.search(r"<script|<link|<img|<iframe|\ssrc=|@import|url\(", pack, re.IGNORECASE)
    head, references = pack.split('<h2 id="references">')
    assert not re.search(r"https?://", head)
    for url in re.findall(r"https?://[^\s\"'<>]+", references):
        assert url.startswith(ALLOWED_LINKS), url
    assert re.search(r'href="https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/"', references)


@pytest.mark.processes
@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda raw: next(s for s in raw["statements"] if s["id"] == "pain-radiation")["citations"].append("nobody2099"),
            "guideline.yaml: statements[pain-radiation].citations[2]: unknown citation key 'nobody2099'",
        ),
        (
            lambda raw: next(s for s in raw["statements"] if s["id"] == "pain-radiation").update(reviewed_by="Dr A Reviewer"),
            "reviewed_by and reviewed_on go together",
        ),
    ],
    ids=["unknown citation", "reviewer without date"],
)
def test_a_broken_source_fails_with_file_key_path_and_reason_not_a_traceback(tmp_path, edit, message):
    out = tmp_path / "pack.html"
    result = subprocess.run([sys.executable, *SCRIPT, str(with_source(tmp_path, edit)), "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and message in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
    assert all(line.startswith(str(tmp_path / "guideline.yaml") + ": ") for line in result.stderr.splitlines())


@pytest.mark.processes
def test_make_review_script_writes_the_pack_and_says_where(tmp_path):
    out = tmp_path / "review" / "review-pack.html"
    result = subprocess.run([sys.executable, *SCRIPT, "--out", str(out)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.exists() and result.stdout == f"wrote {out}\n"

"""The generated guidance: golden files for a fixture source, determinism, and fidelity to every
statement, number and citation of the source article."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from fixture_source import write_fixture_source
from site_html import html_pages, parse_page

from build_scripts.generate_pages import generate

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
ARTICLE = ROOT.parent / "shared" / "evidence" / "source-article.md"


def test_generated_markdown_matches_golden_files(tmp_path):
    generate(write_fixture_source(tmp_path / "fixture.yaml"), tmp_path / "docs", benchmark=None)
    produced = {p.name: p.read_text() for p in sorted((tmp_path / "docs").glob("*.md"))}
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob("*.md"):
            old.unlink()
        for name, text in produced.items():
            (GOLDEN / name).write_text(text)
    expected = {p.name: p.read_text() for p in sorted(GOLDEN.glob("*.md"))}
    assert sorted(produced) == sorted(expected), "set UPDATE_GOLDEN=1 to accept a deliberate change"
    for name in expected:
        assert produced[name] == expected[name], f"{name} differs from tests/golden/{name} (UPDATE_GOLDEN=1 accepts it)"


def test_two_generations_give_identical_pages(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    generate(docs=first)
    generate(docs=second)
    names = sorted(p.name for p in first.glob("*.md"))
    assert names and names == sorted(p.name for p in second.glob("*.md"))
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


# --- fidelity to the source article ---------------------------------------------------------
# Each cited line of the article must appear on the site as a cited block that contains all of
# the line's numbers, carries all of its citation numbers, and says what the line claims (keyword).
CLAIMS = {
    "observation alone is appropriate": "no routine follow-up",
    "Young females with thoracic lesions have the highest risk": "highest risk",
    "most critical warning sign": "warning sign",
    "Aggressive features on imaging": "epidural",
    "Progression from asymptomatic": "neurological symptoms",
    "thoracic myelopathy": "myelopathy",
    "No treatment or routine follow-up required": "no treatment and no routine follow-up",
    "Exception: Young females": "annual",
    "First-line: Conservative": "conservative pain management",
    "Transarterial embolization alone is effective": "embolization alone",
    "Radiation therapy (dose": "radiation therapy",
    "Percutaneous vertebroplasty provides": "percutaneous vertebroplasty",
    "Definitive treatment requires surgery": "surgery is the definitive treatment",
    "Obtain catheter-based angiography": "catheter-based angiography",
    "Perform preoperative transarterial embolization": "blood loss",
    "Decompressive laminectomy": "laminectomy",
    "Corpectomy/vertebrectomy": "corpectomy",
    "Avoid en bloc spondylectomy": "en bloc",
    "Intraoperative vertebroplasty": "intraoperative vertebroplasty",
    "Postoperative radiation therapy": "postoperative radiation",
    "Note: Radiation doses": "inadequate",
    "No specific contraindications": "contraindication",
    "cancer-associated VTE": "venous thromboembolism",
    "Vertebroplasty is particularly useful": "compression fracture",
    "augmented fixation": "augmented fixation",
    "Surgery should not be delayed": "aspirin or clopidogrel",
    "For warfarin": "inr below 2.0",
    "For DOACs": "half-life",
    "vertebral canal hematoma": "haematoma",
    "Consider general anesthesia": "general anaesthesia",
    "Full neurological recovery": "full neurological recovery",
    "No recurrence with adequate resection": "no recurrence",
    "7 of 9 patients": "7 of 9",
    "Embolization alone: 75%": "embolization alone",
    "Vertebroplasty alone: 50%": "vertebroplasty alone",
    "Do not perform routine surveillance": "do not follow an asymptomatic lesion routinely",
    "Do not use radiation doses": "do not give 1000 cgy or less",
    "Do not pursue en bloc": "do not attempt en bloc",
    "Do not delay surgery for progressive": "do not delay surgery",
    "Do not rely on vertebroplasty alone": "do not rely on vertebroplasty alone",
}
CITED_LINE = re.compile(r"^(?P<text>.*?\S)\s+(?P<refs>\d(?:,\s*\d)*)\s*$")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def article_lines() -> list[tuple[str, list[str], set[int]]]:
    if not ARTICLE.exists() and os.environ.get("GITHUB_ACTIONS"):
        pytest.skip("the source article lives in shared/ beside the repository, not in it (absent on GitHub's runners)")
    assert ARTICLE.exists(), f"the source article is expected at {ARTICLE} (shared/ beside the repository)"
    body = ARTICLE.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    lines = []
    for raw in body.splitlines():
        match = CITED_LINE.match(raw.strip().lstrip("•").strip())
        if match:
            numbers = [n for n in NUMBER.findall(match.group("text"))]
            lines.append((match.group("text"), numbers, {int(r) for r in match.group("refs").split(",")}))
    return lines


def _has_number(text: str, number: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", text) is not None


@pytest.fixture(scope="module")
def cited_blocks(site_dir):
    return [block for page in html_pages(site_dir) for block in parse_page(page, site_dir).blocks]


def test_article_has_the_expected_number_of_cited_lines():
    assert len(article_lines()) == 40


def test_every_article_statement_number_and_citation_is_on_the_site(cited_blocks):
    misses = []
    for text, numbers, refs in article_lines():
        claim = next((keyword for fragment, keyword in CLAIMS.items() if fragment in text), None)
        if claim is None:
            misses.append(f"no claim keyword for article line: {text}")
            continue
        found = [
            b for b in cited_blocks
            if refs <= b.citations and claim in b.text.lower() and all(_has_number(b.text, n) for n in numbers)
        ]  # fmt: skip
        if not found:
            misses.append(f"{text!r}: needs numbers {numbers}, citations {sorted(refs)}, claim {claim!r}")
    assert not misses, "\n".join(misses)

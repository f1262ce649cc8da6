"""Search finds clinicians' words: a drug class (DOAC) or a brand (Eliquis) finds the drug guidance
first, by the synonyms the source gives its drug entries; the calculator's form (its option lists)
is not indexed as text."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.browser
DRUG_GUIDANCE = "special-populations/"
WORDS = [
    "DOAC",
    "NOAC",
    "Eliquis",
    "LMWH",
    "VKA",
    "Xarelto",
    "Pradaxa",
    "Lixiana",
    "Savaysa",
    "Coumadin",
    "Plavix",
    "Brilinta",
    "Efient",
    "Clexane",
    "Lovenox",
]


def _first_result(page, query: str) -> str:
    """The first result's address for the whole query. Typed key by key, again until the index is
    ready (at most 60 s): Material reads the query on keyup, so the list shown first may answer only
    the first letters ("L" finds the worked cases); the list answers the word once a result's
    highlight (`?h=`) names it."""
    highlight = "h=" + query.casefold()
    for _ in range(12):
        page.fill(".md-search__input", "")
        page.locator(".md-search__input").press_sequentially(query)
        try:
            page.wait_for_function(
                """h => [...document.querySelectorAll(".md-search-result__item a")]
                          .some(a => a.href.toLowerCase().includes(h))""",
                arg=highlight,
                timeout=5_000,
            )
        except PlaywrightTimeoutError:
            continue
        return page.get_attribute(".md-search-result__item >> nth=0 >> a", "href") or ""
    raise AssertionError(f"search found nothing for {query!r} in 60 s")


def test_drug_classes_and_brands_find_the_drug_guidance_first(chromium, site, source):
    synonyms = {w.casefold() for d in source.guideline.antithrombotics for w in d.synonyms}
    synonyms |= {w.casefold() for c in source.guideline.drug_classes for w in c.synonyms}
    assert {w.casefold() for w in WORDS} <= synonyms, "every word searched is a synonym in the source"
    context = chromium.new_context()
    page = context.new_page()
    page.goto(site.url + "algorithm/")
    missed = {}
    for word in WORDS:
        first = _first_result(page, word)
        if DRUG_GUIDANCE not in first:
            missed[word] = first
    context.close()
    assert not missed, missed


def test_the_calculator_form_is_not_indexed(site_dir):
    html = (site_dir / "calculator" / "index.html").read_text(encoding="utf-8")
    options = {unescape(o).strip() for o in re.findall(r"<option[^>]*>([^<]+)</option>", html)}
    options = {o for o in options if len(o) > 12}  # long labels, not words any page may hold
    assert options, "the form has option lists"
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    calculator_text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("calculator/"))
    assert not [o for o in options if o in calculator_text]

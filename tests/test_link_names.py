"""Links a screen reader can tell apart (issue 12), read from Chromium's accessibility tree: a
citation names its reference, not only its number, and two links of one page that go to different
places never share a name, on every page and in the calculator's plans."""

from __future__ import annotations

import pytest
from accessibility_tree import Link, links, site_pages
from calculator_ui import DONE, READY

from hemangioma_calc.packaged import packaged_source

pytestmark = pytest.mark.browser
GUIDELINE = packaged_source().guideline
REFERENCE_ANCHOR = "/references/#ref-"


def _what_names_the_reference(key: str) -> list[str]:
    """Words a citation's name must hold: the first author's surname or the title; for a source
    without either, its identifier; for a reference the source could not identify, that it is not."""
    ref = GUIDELINE.reference(key)
    if ref.status == "unresolved":
        return ["not identified"]
    named = [w for w in (ref.authors[0].split(" ")[0] if ref.authors else None, ref.title) if w]
    return named or [w for w in (ref.pmcid, ref.pmid, ref.doi) if w]


def _unnamed_citations(found: list[Link]) -> list[str]:
    bad = []
    for link in found:
        if REFERENCE_ANCHOR not in link.url:
            continue
        key = link.url.split(REFERENCE_ANCHOR, 1)[1]
        if not any(word.lower() in link.name.lower() for word in _what_names_the_reference(key)):
            bad.append(f"{link.name!r} -> ref {key}")
    return bad


def _shared_names(found: list[Link]) -> list[str]:
    targets: dict[str, set[str]] = {}
    for link in found:
        targets.setdefault(link.name.lower(), set()).add(link.url)
    return [f"{name!r} -> {sorted(urls)}" for name, urls in targets.items() if len(urls) > 1]


@pytest.fixture(scope="module")
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def every_page(page, site, site_dir) -> dict[str, list[Link]]:
    found = {}
    for path in site_pages(site_dir):
        page.goto(site.url + path)
        found[path or "home"] = links(page)
    return found


@pytest.fixture(scope="module")
def every_worked_plan(page, site) -> dict[str, list[Link]]:
    """Each worked case's plan on the calculator page, every group opened."""
    page.goto(site.url + "calculator/")
    page.wait_for_selector(READY, timeout=60_000)
    found = {}
    for case_id in page.eval_on_selector_all("#worked-case option", "os => os.map(o => o.value).filter(Boolean)"):
        page.select_option("#worked-case", case_id)
        page.click("#load-example")
        page.wait_for_selector(DONE)
        page.evaluate("document.querySelectorAll('#result details').forEach(d => d.open = true)")
        found[case_id] = links(page)
    return found


def test_every_citation_on_every_page_names_its_reference(every_page):
    assert any(REFERENCE_ANCHOR in link.url for found in every_page.values() for link in found)
    unnamed = {path: bad for path, found in every_page.items() if (bad := _unnamed_citations(found))}
    assert unnamed == {}


def test_every_citation_in_every_worked_plan_names_its_reference(every_worked_plan):
    assert any(REFERENCE_ANCHOR in link.url for found in every_worked_plan.values() for link in found)
    unnamed = {case: bad for case, found in every_worked_plan.items() if (bad := _unnamed_citations(found))}
    assert unnamed == {}


def test_no_two_links_of_a_page_share_a_name_but_not_a_target(every_page):
    shared = {path: bad for path, found in every_page.items() if (bad := _shared_names(found))}
    assert shared == {}


def test_no_two_links_of_a_worked_plan_share_a_name_but_not_a_target(every_worked_plan):
    shared = {case: bad for case, found in every_worked_plan.items() if (bad := _shared_names(found))}
    assert shared == {}

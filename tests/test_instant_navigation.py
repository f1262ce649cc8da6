"""One document across pages (issue 22): Material's instant navigation keeps the document a reader
arrived in, so the calculator's engine, started on a guidance page once it is idle and served from
the offline copy, survives the click to the calculator and back. Each visit of the calculator page
attaches to its own elements; the policy, search, the offline copy and the focus hold throughout.
A document that cannot keep itself (no offline copy yet, no sitemap) follows links as before."""

from __future__ import annotations

import re

import pytest
from calculator_ui import DONE, READY, assert_same_plan, rendered_plan
from search_ui import search_finds
from site_html import html_pages

from hemangioma_calc.plan import evaluate

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
OFFLINE_READY = "html[data-offline='ready']"
ENGINE_STARTED = "html[data-engine-started='true']"
ATTACHED = "#calculator[data-scripts='running']"
CALCULATOR_LINK = "a.md-nav__link[href$='/calculator/']"
OVERVIEW_LINK = "a.md-header__button.md-logo"  # in the header of every page, the calculator's too
# The calculator's page modules requested since a moment (performance.now()).
MODULES_FETCHED_SINCE = """(since) => performance.getEntriesByType("resource")
  .filter((e) => e.startTime > since && /\\/assets\\/calculator\\/[^/?]+\\.js/.test(e.name)).map((e) => e.name)"""
# What would show a fault the reader does not see: policy violations and script errors, kept in the
# document (which instant navigation keeps) and again in any new one.
WATCH = """
window.hgFaults = window.hgFaults || [];
document.addEventListener("securitypolicyviolation", (e) => hgFaults.push(`CSP ${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
addEventListener("error", (e) => hgFaults.push(`error ${e.message}`));
"""


@pytest.fixture
def returning(chromium, site):
    """A reader who has been here before (the offline copy is made), on a guidance page."""
    context = chromium.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site.url)
    page.wait_for_selector(OFFLINE_READY, timeout=180_000)
    page.goto(site.url + "assessment/")
    yield page
    assert page.evaluate("window.hgFaults") == []
    assert errors == []
    context.close()


def _worked_case(source, index: int) -> dict:
    return source.guideline.cases[index % len(source.guideline.cases)]


def _shows_the_engines_plan(page, case) -> None:
    # The new page's elements are in place a moment before its scripts attach to them (the module
    # loads after the swap on a first visit of the calculator); a reader's choice comes after.
    page.wait_for_selector(ATTACHED)
    page.select_option("#worked-case", case.id)
    page.click("#load-example")
    page.wait_for_selector(f"{DONE}[data-pathway]:not([data-pathway=''])", timeout=30_000)
    assert_same_plan(rendered_plan(page), evaluate(case.case))


def _leave_the_calculator(page) -> None:
    page.click(OVERVIEW_LINK)
    page.wait_for_selector("#calculator", state="detached")


def test_the_calculator_opened_from_a_guidance_page_takes_over_the_engine_that_page_started(returning, source):
    page = returning
    page.wait_for_selector(ENGINE_STARTED, timeout=30_000)  # started once the page was idle
    # With it the calculator's page module runs, waiting to attach the moment the page is swapped in.
    page.wait_for_function("Boolean(window.hgCalculatorModule)", timeout=30_000)
    document = page.evaluate("performance.timeOrigin")
    clicked = page.evaluate("performance.now()")
    page.click(CALCULATOR_LINK)
    page.wait_for_selector(READY, timeout=60_000)
    engine = page.get_attribute("#calculator", "data-engine-id")
    assert engine and page.evaluate("performance.timeOrigin") == document, "one document: the click loaded no new page"
    assert page.evaluate(MODULES_FETCHED_SINCE, clicked) == [], "the page's modules were fetched ahead, with the engine"
    _shows_the_engines_plan(page, _worked_case(source, 0))
    # Five rounds away and back: by a link, then by Back and Forward.
    for round_ in range(5):
        _leave_the_calculator(page)
        if round_ % 2:
            page.go_back()
        else:
            page.click(CALCULATOR_LINK)
        page.wait_for_selector(READY, timeout=60_000)
        assert page.get_attribute("#calculator", "data-engine-id") == engine, f"round {round_}: the same worker"
        _shows_the_engines_plan(page, _worked_case(source, round_ + 1))
        if round_ % 2:
            page.go_back()
            page.wait_for_selector("#calculator", state="detached")
            page.go_forward()
            page.wait_for_selector(READY, timeout=60_000)
    assert page.evaluate("performance.timeOrigin") == document
    search_finds(page, "hemangioma")  # search works in the document kept across pages


def test_back_to_the_calculator_brings_back_the_case_the_reader_left(returning, source):
    page = returning
    page.click(CALCULATOR_LINK)
    case = _worked_case(source, 2)
    _shows_the_engines_plan(page, case)
    page.click("#f-osteoporosis")  # edited by hand: now the reader's own case
    page.wait_for_selector(DONE)
    before = rendered_plan(page)
    page.locator("#result a.hg-cite").first.click()  # a citation: the references page, same tab
    page.wait_for_selector("#calculator", state="detached")
    page.go_back()
    page.wait_for_selector(f"{DONE}[data-pathway]:not([data-pathway=''])", timeout=30_000)
    assert rendered_plan(page) == before
    assert page.is_checked("#f-osteoporosis")
    _leave_the_calculator(page)
    page.click(CALCULATOR_LINK)  # a link followed anew opens an empty form
    page.wait_for_selector(READY)
    assert page.locator("#plan-summary").count() == 0


HOLD_LIMIT_MS = 3000  # boot.js releases the held scripts after three seconds, whatever happens
BUNDLE_STARTED = """() => performance.getEntriesByType("resource")
  .filter((e) => /\\/javascripts\\/bundle\\.[0-9a-f]+\\.min\\.js/.test(e.name)).map((e) => e.startTime)"""


def test_a_warm_calculator_page_loads_material_after_its_first_plan_and_then_keeps_its_document(returning, source):
    """Material's bundle and the scripts after it wait on the calculator page, on a warm start, until
    the first plan is shown (their start-up and Material's search index held back the engine's
    thread), or for three seconds at most on a machine slower than that; then the page is a Material page like any other: search, and one document across pages."""
    page = returning
    page.goto(page.url.replace("assessment/", "calculator/"))  # a new document, served from the offline copy
    page.wait_for_selector(DONE, timeout=60_000)
    page.wait_for_function("Boolean(window.document$)")
    first_plan = float(page.get_attribute("#result", "data-first-result-ms") or "nan")
    (bundle,) = page.evaluate(BUNDLE_STARTED)
    assert bundle >= min(first_plan, HOLD_LIMIT_MS), "Material's bundle was requested before the first plan"
    assert page.locator('script[type="text/x-hg-held"]').count() == 0, "every held script was loaded"
    search_finds(page, "hemangioma")
    page.keyboard.press("Escape")
    document = page.evaluate("performance.timeOrigin")
    _leave_the_calculator(page)
    page.click(CALCULATOR_LINK)
    _shows_the_engines_plan(page, _worked_case(source, 1))
    assert page.evaluate("performance.timeOrigin") == document, "one document: Material's navigation kept it"


def test_offline_the_kept_document_still_moves_between_pages_and_plans(returning, source):
    page = returning
    page.context.set_offline(True)
    page.click(CALCULATOR_LINK)
    page.wait_for_selector(READY, timeout=60_000)
    _leave_the_calculator(page)
    page.click(CALCULATOR_LINK)
    page.wait_for_selector(READY, timeout=60_000)
    _shows_the_engines_plan(page, _worked_case(source, 3))


def test_after_a_navigation_the_focus_is_on_the_new_pages_heading(returning):
    page = returning
    page.focus(CALCULATOR_LINK)
    page.keyboard.press("Enter")
    page.wait_for_selector(READY, timeout=60_000)
    assert page.evaluate("document.activeElement.tagName") == "H1"
    page.keyboard.press("Tab")  # the reader goes on from the top of the new page's content
    assert page.evaluate("!!document.activeElement.closest('.md-content')")


def test_a_document_made_before_the_offline_copy_follows_links_as_before(chromium, site):
    """No offline copy yet (service workers blocked): Material's sitemap of a build without a site
    URL lists no page, so a click loads the calculator page as a new document, which starts its own
    engine."""
    context = chromium.new_context(service_workers="block")
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(site.url + "assessment/")
    page.wait_for_load_state("load")
    assert page.get_attribute("html", "data-engine-started") is None, "no engine without the offline copy"
    document = page.evaluate("performance.timeOrigin")
    page.click(CALCULATOR_LINK)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(DONE)
    assert page.evaluate("performance.timeOrigin") != document
    assert page.evaluate("window.hgFaults") == []
    context.close()


def test_one_policy_on_every_page(site_dir):
    """Instant navigation runs each page's scripts under the policy the reader arrived with, and adds
    a page's different policy to it: every page carries the same one."""
    policies = {POLICY.search(page.read_text(encoding="utf-8")).group(1) for page in html_pages(site_dir)}
    assert len(policies) == 1, policies

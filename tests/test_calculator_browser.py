"""The calculator in real headless Chromium on the built site, running the real engine on Pyodide."""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit

import pytest
from calculator_ui import DONE, answers_every_waiting_question, assert_same_plan, fill_case, open_calculator, rendered_plan
from exhaustive_space import whole_space

from hemangioma_calc import ENGINE_VERSION
from hemangioma_calc.case import case_json_schema
from hemangioma_calc.packaged import packaged_source
from hemangioma_calc.plan import evaluate, plan_json

VERSION = packaged_source().guideline.metadata.version  # the content version every plan and page shows

pytestmark = pytest.mark.browser
WORKED = packaged_source().guideline.cases
# About 16 cases spread over the enumerated space, each one the form can give.
SAMPLE = [c for c in list(whole_space())[::3000] if answers_every_waiting_question(c, case_json_schema(packaged_source().guideline))]


def cli_plan(case: dict) -> dict:
    """The plan the CLI prints (cli.py writes plan_json(evaluate(case))), evaluated in this process."""
    return json.loads(plan_json(evaluate(case)))


@pytest.fixture(scope="module")
def page(chromium, site):
    context = chromium.new_context()
    page = context.new_page()
    page.problems = []  # console errors, CSP violations, page errors, foreign requests
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site.url))
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))
    page.on("request", lambda r: not r.url.startswith((origin, "data:", "blob:")) and page.problems.append(f"request: {r.url}"))
    open_calculator(page, site.url)
    yield page
    context.close()


def test_a_plan_carries_its_provenance(page):
    """Content version, last review, the hash of the source the engine loaded (its own file, fetched
    beside the runtime) and the engine's version."""
    fill_case(page, dict(WORKED[0].case))
    assert page.get_attribute("#result", "data-pathway") == WORKED[0].expected.pathway
    text = page.inner_text("#result")
    source = packaged_source()
    assert f"Content version {VERSION}, last reviewed {source.guideline.metadata.last_reviewed}" in text
    assert f"source SHA-256 {source.source_sha256[:12]}" in text and f"engine {ENGINE_VERSION}" in text
    assert page.problems == []


@pytest.mark.parametrize("worked", WORKED, ids=[c.id for c in WORKED])
def test_worked_case_through_the_form_matches_the_cli(page, worked):
    fill_case(page, dict(worked.case))
    assert_same_plan(rendered_plan(page), cli_plan(dict(worked.case)))
    assert page.get_attribute("#result", "data-pathway") == worked.expected.pathway


@pytest.mark.parametrize("case", SAMPLE, ids=[f"sample{i}" for i in range(len(SAMPLE))])
def test_sampled_case_through_the_form_matches_the_cli(page, case):
    fill_case(page, case)
    assert_same_plan(rendered_plan(page), cli_plan(case))


def test_bad_input_shows_field_errors_and_no_traceback(page):
    fill_case(page, {"age": 10, "sex": "male", "level": "L2", "pain": "none"})
    page.click("#show-plan")
    error = page.locator("#e-age")
    assert error.is_visible() and "adults" in error.inner_text()
    assert page.get_attribute("#f-age", "aria-invalid") == "true"
    assert page.get_attribute("#result", "data-pathway") == ""
    page.fill("#f-age", "40.5")
    page.keyboard.press("Tab")
    page.wait_for_selector(DONE)
    assert "whole number" in page.inner_text("#e-age")
    assert "Traceback" not in page.content()


def test_inr_shown_only_for_warfarin_and_creatinine_clearance_only_for_doacs(page):
    fill_case(page, {"age": 60, "sex": "male", "level": "L2", "pain": "none", "antithrombotic": "warfarin"})
    assert page.is_visible("#f-inr") and not page.is_visible("#f-creatinine_clearance")
    page.select_option("#f-antithrombotic", "dabigatran")
    assert page.is_visible("#f-creatinine_clearance") and not page.is_visible("#f-inr")
    page.select_option("#f-antithrombotic", "aspirin")
    assert not page.is_visible("#f-inr") and not page.is_visible("#f-creatinine_clearance")


def test_case_round_trips_through_copy_link_and_reload(page, chromium, site):
    """Typing puts nothing in the address; "Copy link" puts the case there (replaceState) and on the
    clipboard; the link, reloaded or opened elsewhere, gives the case back."""
    case = {"age": 66, "sex": "male", "level": "T6", "pain": "present", "neurological_deficit": True,
            "antithrombotic": "warfarin", "inr": 2.8}  # fmt: skip
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    entries = page.evaluate("history.length")
    fill_case(page, case)
    assert "#" not in page.url, "typing a case puts nothing in the address"
    page.click("#copy-link")
    page.wait_for_selector("#copy-link-status:has-text('Link copied')")
    url = page.url
    assert "#v1&" in url and page.evaluate("navigator.clipboard.readText()") == url
    assert page.evaluate("history.length") == entries, "no history entry is added"
    page.reload()
    page.wait_for_selector("#calculator[data-state='ready']", timeout=60_000)
    page.wait_for_selector(DONE)
    assert page.input_value("#f-inr") == "2.8" and page.get_attribute("#result", "data-pathway") == "surgery"
    other = chromium.new_page()
    open_calculator(other, site.url, "#case=" + quote(json.dumps(case)))
    assert other.get_attribute("#result", "data-pathway") == "surgery"
    assert other.input_value("#f-level") == "T6"
    other.close()


def test_fragment_is_never_sent_to_the_server(page, site):
    assert not any("case=" in path or "v1&" in path or "neurological_deficit" in path for path in site.requests)


def test_every_item_links_to_its_guidance_and_references(page):
    fill_case(page, dict(WORKED[11].case))
    for link in page.locator("#result .hg-guidance-link").all()[:5]:
        assert link.get_attribute("href").startswith("../")
    assert page.locator("#result a.hg-cite[href^='../references/#ref-']").count() > 5


def test_no_console_error_no_csp_violation_no_foreign_request(page):
    assert page.problems == []


def test_without_javascript_the_calculator_says_so_and_guidance_reads_normally(chromium, site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "calculator/")
    assert "The calculator needs JavaScript" in page.inner_text("body")
    assert page.locator("a[href='../algorithm/#decision-table']").first.is_visible()
    page.goto(site.url + "algorithm/")
    assert page.inner_text("h1").startswith("Treatment algorithm")
    assert page.locator("#decision-table").is_visible() and page.locator("table").count() >= 1
    assert page.locator("svg.hg-flowchart").is_visible()
    context.close()


def _fallback_reason(chromium, site, path: str, break_loading) -> str:
    """Open the calculator in a context whose loading is broken; return the reason it shows."""
    context = chromium.new_context()
    break_loading(context)
    page = context.new_page()
    page.goto(site.url + path)
    page.wait_for_selector("#calc-fallback:not([hidden])", timeout=30_000)
    assert page.locator("#calc-fallback a[href$='/algorithm/#decision-table']").is_visible()
    assert page.get_attribute("#calculator", "data-state") == "failed"
    reason = page.inner_text("#calc-fallback-reason")
    context.close()
    return reason


def test_without_webassembly_the_calculator_points_to_the_decision_table(chromium, site):
    reason = _fallback_reason(chromium, site, "calculator/", lambda c: c.add_init_script("delete globalThis.WebAssembly;"))
    assert "WebAssembly" in reason


def test_a_blocked_runtime_file_gives_plain_words_not_a_blank_panel(chromium, site):
    # A failed fetch may surface as an error or as a stall: either way, plain words.
    reason = _fallback_reason(chromium, site, "calculator/?stall=8000", lambda c: c.route("**/pyodide.asm.wasm*", lambda r: r.abort()))
    assert reason and "Traceback" not in reason


def test_a_link_pasted_into_an_open_calculator_replaces_the_case_and_its_plan(page, site):
    """hashchange: the second case's form and plan, from an old #case= JSON link and a v1 link alike."""
    first = {"age": 50, "sex": "male", "level": "L3", "pain": "none", "neurological_deficit": False}
    page.goto("about:blank")  # a fresh document: the module's page holds an earlier test's case
    open_calculator(page, site.url, "#case=" + quote(json.dumps(first)))
    assert page.get_attribute("#result", "data-pathway") == "observation"
    second = "#v1&age=70&sex=female&level=T8&pain=refractory&neurological_deficit=true&antithrombotic=apixaban&creatinine_clearance=35"
    page.evaluate("(hash) => { location.hash = hash; }", second)
    page.wait_for_selector("#result[data-pathway='surgery']")
    page.wait_for_selector(DONE)
    assert page.input_value("#f-level") == "T8" and page.input_value("#f-creatinine_clearance") == "35"


def test_copy_for_the_record_holds_the_case_line_critical_conclusions_version_and_link(page, site):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    case = {
        "age": 70,
        "sex": "female",
        "level": "T8",
        "pain": "refractory",
        "neurological_deficit": True,
        "antithrombotic": "apixaban",
        "creatinine_clearance": 35,
    }
    page.goto("about:blank")  # a fresh document: the module's page holds an earlier test's case
    open_calculator(page, site.url, "#case=" + quote(json.dumps(case)))
    page.click("#copy-record")
    page.wait_for_selector("#copy-link-status:has-text('Copied for the record')")
    note = page.evaluate("navigator.clipboard.readText()")
    assert page.inner_text("#plan-summary .hg-pathway") in note or "Surgery" in note
    assert "70-year-old woman, T8" in note and "CRITICAL: Operate for the neurological deficit" in note
    assert "content version" in note and "Link to this plan: " + site.url + "calculator/#v1&" in note
    assert re.search(r"Copied \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC[+-]\d{2}:\d{2}\)", note)


def test_clear_case_can_be_undone(page, site):
    case = {"age": 50, "sex": "male", "level": "L3", "pain": "none", "neurological_deficit": False}
    page.goto("about:blank")  # a fresh document: the module's page holds an earlier test's case
    open_calculator(page, site.url, "#case=" + quote(json.dumps(case)))
    page.click("#clear-case")
    assert page.input_value("#f-age") == "" and page.is_visible("#undo-clear")
    page.click("#undo-clear")
    page.wait_for_selector("#result[data-pathway='observation']")
    assert page.input_value("#f-age") == "50" and not page.is_visible("#undo-clear")


def test_a_pasted_link_asks_before_replacing_a_case_edited_by_hand(page, site):
    open_calculator(
        page, site.url, "#case=" + quote(json.dumps({"age": 50, "sex": "male", "level": "L3", "pain": "none", "neurological_deficit": False}))
    )
    page.fill("#f-age", "51")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.evaluate("() => { location.hash = '#v1&age=70&sex=female&level=T8&pain=refractory&neurological_deficit=true'; }")
    for _ in range(50):  # the question comes from the page's hashchange handler, later on a busy machine
        if asked:
            break
        page.wait_for_timeout(100)
    assert asked and "Replace the case" in asked[0]
    assert page.input_value("#f-age") == "51", "dismissed: the case on screen stays"


def test_back_to_top_never_covers_a_calculator_control(page, site):
    page.goto("about:blank")
    open_calculator(page, site.url)
    page.evaluate("window.scrollTo(0, 600); window.scrollTo(0, 300)")  # Material shows it when scrolling up
    page.wait_for_timeout(400)
    assert not page.is_visible(".md-top")

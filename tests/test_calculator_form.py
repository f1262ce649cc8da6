"""A form that asks what decides and never assumes (issue 20), in real headless Chromium: the
questions that decide the pathway first, explicit answers with none chosen, no plan before them,
the first question in a phone's first screen, and nothing moving when loading ends."""

from __future__ import annotations

import pytest
from calculator_ui import DONE, open_calculator

pytestmark = pytest.mark.browser
# Where the form's first question is, each time the calculator's state changes (loading, ready...).
RECORD_FORM_TOP = """
window.__formTops = [];
addEventListener("DOMContentLoaded", () => {
  const calculator = document.getElementById("calculator");
  const record = () => window.__formTops.push([calculator.dataset.state, Math.round(document.querySelector("#case-form .hg-field").getBoundingClientRect().top)]);
  record();
  new MutationObserver(record).observe(calculator, { attributes: true, attributeFilter: ["data-state"] });
});
"""


def _waits_for(page, name: str) -> bool:
    """Does the empty plan name this question among the missing answers?"""
    page.wait_for_selector(DONE)
    return page.locator("#plan-summary").count() == 0 and name in page.inner_text("#plan-body")


def test_no_plan_appears_before_deficit_pain_cancer_history_and_the_drug_are_answered(phone, site):
    open_calculator(phone, site.url)
    phone.fill("#f-age", "60")
    phone.select_option("#f-sex", "female")
    phone.select_option("#f-level", "T8")
    answers = (
        ("Neurological deficit", lambda: phone.check("#f-neurological_deficit-no")),
        ("Pain", lambda: phone.select_option("#f-pain", "present")),
        ("History of cancer", lambda: phone.check("#f-cancer_history-no")),
        ("Antiplatelet or anticoagulant", lambda: phone.select_option("#f-antithrombotic", "none")),
    )
    for name, answer in answers:
        assert _waits_for(phone, name), f"the plan waits for {name}, and names it"
        answer()
    phone.wait_for_selector("#plan-summary")


def test_imaging_is_asked_for_once_a_cancer_history_is_given(phone, site):
    """With a cancer history, only typical imaging makes it a hemangioma (cancer-confirm-diagnosis):
    the plan waits for the imaging answer; without one, imaging stays optional."""
    open_calculator(
        phone, site.url, "#v1&age=60&sex=female&level=T8&neurological_deficit=false&pain=present&cancer_history=false&antithrombotic=none"
    )
    phone.wait_for_selector("#plan-summary")
    assert not phone.is_visible("[data-field='imaging_typical'] .hg-required")
    phone.check("#f-cancer_history")
    assert _waits_for(phone, "Imaging typical of a hemangioma")
    assert phone.is_visible("[data-field='imaging_typical'] .hg-required")
    phone.select_option("#f-imaging_typical", "not_assessed")
    phone.wait_for_selector("#result[data-pathway='confirm_diagnosis']")


def test_the_last_dose_is_a_time_or_an_explicit_not_known(phone, site):
    """A drug whose plan reads the last dose (a DOAC) waits for its time or for "Not known"; the
    two answers exclude each other, and "Not known" is said in the case line and kept by the link."""
    open_calculator(
        phone,
        site.url,
        "#v1&age=68&sex=male&level=T8&neurological_deficit=true&pain=unknown&cancer_history=false&antithrombotic=apixaban&creatinine_clearance=40",
    )
    assert phone.is_checked("#u-hours_since_last_dose"), "a whole case that leaves it out is the engine's not known"
    phone.wait_for_selector("#plan-summary")
    assert "last dose time not known" in phone.inner_text("#result")
    phone.fill("#f-hours_since_last_dose", "10")
    assert not phone.is_checked("#u-hours_since_last_dose")
    phone.wait_for_selector(DONE)
    assert "last dose 10 h ago" in phone.inner_text("#result")
    phone.fill("#f-hours_since_last_dose", "")
    assert _waits_for(phone, "Time since the last dose"), "neither answer: the plan waits"
    phone.check("#u-hours_since_last_dose")
    phone.wait_for_selector("#plan-summary")
    assert phone.input_value("#f-hours_since_last_dose") == ""


def test_pain_not_known_is_an_answer_only_with_a_deficit(phone, site):
    """With a deficit the deficit decides the pathway (deficit-surgery), so pain may be not known;
    without one, pain decides it, and "not known" is shown as an error under the pain question."""
    open_calculator(phone, site.url, "#v1&age=60&sex=female&level=T8&neurological_deficit=true&pain=unknown&cancer_history=false&antithrombotic=none")
    phone.wait_for_selector("#result[data-pathway='surgery']")
    assert "pain not known" in phone.inner_text("#result")
    phone.check("#f-neurological_deficit-no")
    phone.wait_for_selector("#e-pain:not([hidden])")
    assert "neurological deficit" in phone.inner_text("#e-pain")
    assert phone.get_attribute("#result", "data-plan") == "stale", "the surgery plan is kept, marked out of date"
    assert phone.get_attribute("#result", "data-pathway") == ""


def test_the_first_question_is_in_a_phones_first_screen(phone, site):
    open_calculator(phone, site.url)
    phone.evaluate("scrollTo(0, 0)")
    first = phone.eval_on_selector("#case-form .hg-field", "e => [e.dataset.field, e.getBoundingClientRect().bottom]")
    assert first[0] == "neurological_deficit"
    assert first[1] <= 812, f"the first question ends at {first[1]:.0f} px"


def test_nothing_moves_when_loading_ends(phone, site):
    phone.add_init_script(RECORD_FORM_TOP)
    open_calculator(phone, site.url)
    tops = phone.evaluate("window.__formTops")
    assert tops[0][0] == "loading" and any(state == "ready" for state, _ in tops), tops
    assert len({top for _, top in tops}) == 1, f"the form moved while loading ended: {tops}"


KEYBOARD_CASE = {
    "neurological_deficit": True, "pain": "refractory", "cancer_history": True, "imaging_typical": "atypical",
    "age": 70, "sex": "female", "level": "T8", "osteoporosis": True, "antithrombotic": "apixaban", "creatinine_clearance": 35,
}  # fmt: skip


def _answer_by_keyboard(page, value) -> None:
    """Answer the focused control with keys only: Space or an arrow on a yes/no, arrows on a list, digits in a number."""
    control = page.evaluate("({type: document.activeElement.type, options: [...(document.activeElement.options || [])].map(o => o.value)})")
    if control["type"] == "radio":
        page.keyboard.press("Space" if value else "ArrowRight")  # the group's first choice is Yes
    elif control["type"] == "select-one":
        for _ in range(control["options"].index(value) - page.evaluate("document.activeElement.selectedIndex")):
            page.keyboard.press("ArrowDown")
    else:
        page.keyboard.type(str(value))


@pytest.mark.parametrize("size", [{"width": 1280, "height": 800}, {"width": 375, "height": 812}], ids=["desktop", "phone"])
def test_a_case_entered_with_the_keyboard_alone_gives_its_plan_and_the_focus_moves_to_the_card(chromium, site, size):
    """The keyboard path end to end: Tab through the form in its order, answer each question with keys,
    the last dose "Not known" with Space, then Enter on "Show the plan": the card takes the focus."""
    context = chromium.new_context(viewport=size)
    page = context.new_page()
    open_calculator(page, site.url)
    page.focus("#worked-case")
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("({name: document.activeElement.name, id: document.activeElement.id})")
        if focused["id"] == "show-plan":
            break
        if focused["name"] in KEYBOARD_CASE:
            _answer_by_keyboard(page, KEYBOARD_CASE[focused["name"]])
        elif focused["id"] == "u-hours_since_last_dose":
            page.keyboard.press("Space")
    else:
        raise AssertionError("Tab never reached Show the plan")
    page.keyboard.press("Enter")
    page.wait_for_selector("#result[data-pathway='surgery']")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'plan-summary'")
    line = page.inner_text("#plan-summary .hg-case-line")
    assert "70-year-old woman, T8" in line and "last dose time not known" in line and "creatinine clearance 35" in line
    context.close()

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


def test_no_plan_appears_before_deficit_pain_and_cancer_history_are_answered(phone, site):
    open_calculator(phone, site.url)
    phone.fill("#f-age", "60")
    phone.select_option("#f-sex", "female")
    phone.select_option("#f-level", "T8")
    phone.wait_for_selector(DONE)
    asked = []
    for answer, name in (("#f-neurological_deficit-no", "Neurological deficit"), ("#f-pain", "Pain"), ("#f-cancer_history-no", "History of cancer")):
        assert phone.locator("#plan-summary").count() == 0, f"a plan before {', '.join(asked) or 'any deciding answer'}"
        assert name in phone.inner_text("#plan-body"), f"the empty plan names {name} as missing"
        if answer == "#f-pain":
            phone.select_option(answer, "present")
        else:
            phone.check(answer)
        asked.append(name)
        phone.wait_for_selector(DONE)
    phone.wait_for_selector("#plan-summary")


def test_no_control_starts_with_an_answer_that_means_no(phone, site):
    open_calculator(phone, site.url)
    answered = phone.eval_on_selector_all(
        "#case-form input[type=radio]:checked, #case-form input[type=checkbox]:checked", "els => els.map(e => e.name)"
    )
    assert answered == []
    unanswered_yes_no = phone.eval_on_selector_all("#case-form .hg-yesno", "els => els.map(e => e.dataset.field)")
    assert {"neurological_deficit", "cancer_history", "osteoporosis"} <= set(unanswered_yes_no)


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

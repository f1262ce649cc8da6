"""Each input of the case is one declaration (issue 19), and the form it makes asks what decides
the pathway first and never assumes an answer (issue 20)."""

from __future__ import annotations

import dataclasses

import pytest

from hemangioma_calc.case import Case, case_json_schema, declarations, drug_fields
from hemangioma_calc.inputs import GROUPS
from hemangioma_calc.packaged import packaged_source
from hemangioma_calc.plan import evaluate
from hemangioma_calc.typed_data import InvalidData

CASE = {"age": 60, "sex": "female", "level": "T8", "pain": "present", "neurological_deficit": False}
UNANSWERED_MAY_BE = [
    name for name, d in declarations().items() if "null" in case_json_schema(packaged_source().guideline)["properties"][name].get("type", ())
]


def test_every_case_field_is_declared_once_with_a_group_of_the_form():
    assert [f.name for f in dataclasses.fields(Case)] == list(declarations())
    assert {d.group for d in declarations().values()} <= set(GROUPS)


def test_no_help_text_lists_the_drugs():
    g = packaged_source().guideline
    labels = {d.label.lower() for d in g.antithrombotics if not g.drug_class(d).no_drug}
    wordy = [(name, label) for name, d in declarations().items() for label in labels if label in d.help.lower()]
    assert not wordy, wordy


def test_the_questions_that_decide_the_pathway_come_first():
    schema = case_json_schema(packaged_source().guideline)
    first = [name for name, prop in schema["properties"].items() if prop["x-group"] == GROUPS[0]]
    assert first[:2] == ["neurological_deficit", "pain"]
    assert {"neurological_deficit", "pain", "cancer_history"} <= {n for n, p in schema["properties"].items() if p.get("x-decides-pathway")}


@pytest.mark.parametrize("name", ["compression_fracture", "instability", "osteoporosis", "planned_vertebroplasty_alone"])
def test_a_yes_no_question_left_unanswered_is_said_as_not_entered_never_as_no(name):
    assert name in UNANSWERED_MAY_BE
    unanswered, no = evaluate({**CASE, name: None}), evaluate({**CASE, name: False})
    assert "not entered" in unanswered["case_summary"] and "not entered" not in no["case_summary"]
    assert {k: v for k, v in unanswered.items() if k not in ("case", "case_summary")} == {
        k: v for k, v in no.items() if k not in ("case", "case_summary")
    }


def test_a_value_for_a_field_whose_condition_is_not_met_is_an_error_naming_it():
    with pytest.raises(InvalidData) as raised:
        evaluate({**CASE, "inr": 2.0})
    assert [p.path for p in raised.value.problems] == ["inr"]
    assert "applies only with" in raised.value.problems[0].reason


def test_pain_not_known_is_a_case_only_with_a_deficit_which_decides_the_pathway():
    """deficit-surgery: with a deficit, surgery whatever the pain; the case line says pain is not known."""
    with_deficit = evaluate({**CASE, "neurological_deficit": True, "pain": "unknown"})
    assert with_deficit["pathway"] == "surgery" and "pain not known" in with_deficit["case_summary"]
    same = evaluate({**CASE, "neurological_deficit": True, "pain": "refractory"})
    assert [c["id"] for c in with_deficit["conclusions"]] == [c["id"] for c in same["conclusions"]]
    with pytest.raises(InvalidData) as raised:
        evaluate({**CASE, "pain": "unknown"})
    assert [p.path for p in raised.value.problems] == ["pain"]


def test_a_last_dose_not_known_is_said_in_the_case_line_where_the_drug_asks_for_it():
    guideline = packaged_source().guideline
    asking = drug_fields(guideline)["hours_since_last_dose"]
    for drug in guideline.antithrombotics:
        line = evaluate({**CASE, "antithrombotic": drug.id})["case_summary"]
        assert ("last dose time not known" in line) == (drug.id in asking), drug.id

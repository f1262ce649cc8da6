"""The browser worker's boundary, `json_api.evaluate_json`: JSON text in, JSON text out, and never an
exception, whatever the text (hypothesis over arbitrary JSON values, case-shaped objects with
arbitrary values, and arbitrary text)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hemangioma_calc.case import case_json_schema
from hemangioma_calc.case_input import MAX_PROBLEMS_SHOWN
from hemangioma_calc.json_api import evaluate_json
from hemangioma_calc.packaged import packaged_source
from hemangioma_calc.plan import PLAN_KEYS

CASE_FIELDS = sorted(case_json_schema(packaged_source().guideline)["properties"])
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.sampled_from(["male", "T6", "warfarin", "present", "none"])
)
JSON_VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20
)
CASE_SHAPED = st.dictionaries(st.sampled_from(CASE_FIELDS), JSON_VALUES, max_size=len(CASE_FIELDS))
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _answer(text: str) -> dict:
    answer = json.loads(evaluate_json(text))  # raises nothing, and answers in JSON
    assert answer["ok"] in (True, False)
    if not answer["ok"]:
        assert answer["errors"] and all(isinstance(e["reason"], str) and e["reason"] for e in answer["errors"])
        assert len(answer["errors"]) <= MAX_PROBLEMS_SHOWN + 1
    else:  # the plan of conclusions (issue 19), whole, with its card
        plan = answer["plan"]
        assert tuple(plan) == PLAN_KEYS
        assert plan["conclusions"] and 1 <= len(plan["card"]) <= 5
        assert [c["id"] for c in plan["card"]] == [c["id"] for c in plan["conclusions"][: len(plan["card"])]]
    return answer


@PROPERTY
@given(JSON_VALUES)
def test_any_json_value_gets_an_answer_never_an_exception(value):
    _answer(json.dumps(value))  # NaN and infinities are written as JSON does not allow: refused too


@PROPERTY
@given(CASE_SHAPED)
def test_any_values_in_the_case_fields_get_a_plan_or_field_errors(case):
    answer = _answer(json.dumps(case))
    if not answer["ok"]:
        assert all(e["field"] in CASE_FIELDS or e["field"] == "" for e in answer["errors"]), answer["errors"]


@PROPERTY
@given(st.text())
def test_any_text_gets_an_answer_never_an_exception(text):
    _answer(text)


@PROPERTY
@given(st.text(alphabet='[]{}",:0123456789-.eE truefalsn\\', max_size=200))
def test_json_like_fragments_get_an_answer_never_an_exception(text):
    _answer(text)


def test_the_bounds_hold_at_this_boundary_too():
    deep = evaluate_json("[" * 1000 + "]" * 1000)
    long_number = evaluate_json('{"age": ' + "9" * 4301 + "}")
    duplicate = evaluate_json('{"age": 17, "age": 66}')
    assert "1,000 deep" in json.loads(deep)["errors"][0]["reason"]
    assert "4,301 digits" in json.loads(long_number)["errors"][0]["reason"]
    assert "given more than once" in json.loads(duplicate)["errors"][0]["reason"]


def test_a_valid_case_gets_the_plan_of_conclusions():
    answer = _answer(json.dumps({"age": 66, "sex": "male", "level": "T6", "pain": "refractory", "neurological_deficit": False}))
    assert answer["ok"] and answer["plan"]["pathway"] == "second_line"
    assert all(set(c) >= {"id", "headline", "severity", "evidence"} for c in answer["plan"]["conclusions"])


def test_escaped_quotes_are_answered_at_once_at_this_boundary_too():
    # 40 kB of escaped quotes took this boundary 6.3 s of CPU, 80 kB in a file 27 s, before the scan was linear.
    for quotes in (20_000, 40_000):
        for text in ('"' + '\\"' * quotes, '{"sex": ' + json.dumps('"' * quotes) + "}"):
            start = time.process_time()
            answer = _answer(text)
            cpu_seconds = time.process_time() - start
            assert not answer["ok"] and cpu_seconds < 1, (len(text), cpu_seconds)  # a generous bound: typically 0.01 s


def test_prepare_model_leaves_no_converter_to_a_restored_engines_first_source_and_case():
    """The build's memory snapshot is taken after `prepare_model` (build_scripts/make_snapshot.mjs), so
    that a restored engine's first source load and first plan work out no converter (issue 22: the
    source's load fell from 40-85 to 20-30 ms of a warm start): after it, building the shipped source
    and a plan of every worked case adds none."""
    from hemangioma_calc import typed_data
    from hemangioma_calc.json_api import prepare_model
    from hemangioma_calc.packaged import parse_packaged

    def made() -> tuple[int, int]:
        return typed_data._converter.cache_info().misses, typed_data._field_plan.cache_info().misses

    for cached in (typed_data._converter, typed_data._field_plan, typed_data._fields, typed_data._allowed):
        cached.cache_clear()  # as in a new interpreter: earlier tests have built sources and cases
    prepare_model()
    before = made()
    shipped = Path(__file__).parents[1] / "calculator/hemangioma_calc/data/guideline.json"  # the repository's: Pyodide's wheel has none
    parse_packaged(shipped.read_text(encoding="utf-8"), validated_at_build=True)
    for worked in packaged_source().guideline.cases:
        assert json.loads(evaluate_json(json.dumps(worked.case)))["ok"]
    assert made() == before

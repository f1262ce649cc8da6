"""The plans of the input space's fixed sample, hashed: Pyodide and CPython 3.11 must give the main
CPython's bytes (test_engine_in_pyodide.py and test_engine_on_oldest_python.py pass its digest in)."""

from __future__ import annotations

import hashlib

import pytest
from exhaustive_space import stratified_sample

from hemangioma_calc.packaged import PackagedSource
from hemangioma_calc.plan import evaluate, plan_json


def plans_digest(source: PackagedSource) -> str:
    digest = hashlib.sha256()
    for case in stratified_sample(source.guideline):
        digest.update(plan_json(evaluate(case, source)).encode())
    return digest.hexdigest()


def test_the_sample_gives_the_main_cpython_s_plans(request, source):
    expected = request.config.getoption("--expected-plan-digest")
    if expected is None:
        pytest.skip("compares another interpreter with the main CPython, which passes its digest in")
    assert plans_digest(source) == expected

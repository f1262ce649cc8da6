"""The source's worked cases run through the engine (and its CLI) and match their expected plans."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hemangioma_calc.packaged import packaged_source
from hemangioma_calc.plan import evaluate

CASES = packaged_source().guideline.cases


def test_worked_cases_cover_every_pathway_and_special_population():
    assert len(CASES) >= 26
    assert {c.expected.pathway for c in CASES} == {"observation", "surveillance", "conservative", "second_line", "surgery"}
    assert {p for c in CASES for p in c.population} >= {"cancer", "osteoporosis", "antithrombotic"}


@pytest.mark.parametrize("worked", CASES, ids=[c.id for c in CASES])
def test_worked_case_matches_expected_plan(worked):
    plan = evaluate(dict(worked.case))
    expected = worked.expected
    steps = [s["id"] for s in plan["steps"]]
    assert plan["pathway"] == expected.pathway
    assert set(expected.steps_include) <= set(steps)
    assert not set(expected.steps_exclude) & set(steps)
    if expected.first_step:
        assert steps[0] == expected.first_step
    assert set(expected.follow_up_include) <= {f["id"] for f in plan["follow_up"]}
    assert sorted(w["id"] for w in plan["warnings"]) == sorted(expected.warnings)
    assert sorted(c["id"] for c in plan["considerations"]) == sorted(expected.considerations)
    assert (plan["perioperative"] is not None) == expected.perioperative
    if plan["perioperative"]:
        periop = {i["id"] for i in plan["perioperative"]["items"]}
        assert set(expected.perioperative_include) <= periop
        assert not set(expected.perioperative_exclude) & periop


@pytest.mark.processes
@pytest.mark.parametrize("worked", CASES[:3], ids=[c.id for c in CASES[:3]])
def test_cli_gives_the_same_plan_as_the_library(worked):
    result = subprocess.run(
        [sys.executable, "-m", "hemangioma_calc", "evaluate", "-"],
        input=json.dumps(worked.case), capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(result.stdout) == evaluate(dict(worked.case))

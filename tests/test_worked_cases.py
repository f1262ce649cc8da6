"""The source's worked cases run through the engine (and its CLI) and match their expected plans."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hemangioma_calc.guideline import PATHWAYS
from hemangioma_calc.packaged import packaged_source
from hemangioma_calc.plan import evaluate

CASES = packaged_source().guideline.cases


def test_worked_cases_cover_every_pathway_and_special_population():
    assert len(CASES) >= 26
    assert {c.expected.pathway for c in CASES} == set(PATHWAYS)
    assert {p for c in CASES for p in c.population} >= {"cancer", "osteoporosis", "antithrombotic"}


@pytest.mark.parametrize("worked", CASES, ids=[c.id for c in CASES])
def test_worked_case_matches_expected_plan(worked):
    plan = evaluate(dict(worked.case))
    expected = worked.expected
    drawn = [c["id"] for c in plan["conclusions"]]
    rests_on = {e["id"] for e in plan["evidence"]} | {a["id"] for a in plan["assumptions"]}
    assert plan["pathway"] == expected.pathway
    assert drawn[0] == expected.first
    assert sorted(c["id"] for c in plan["conclusions"] if c["severity"] == "critical") == sorted(expected.critical)
    assert set(expected.conclusions_include) <= set(drawn)
    assert not set(expected.conclusions_exclude) & set(drawn)
    assert set(expected.evidence_include) <= rests_on, set(expected.evidence_include) - rests_on
    assert not set(expected.evidence_exclude) & rests_on
    assert (plan["perioperative"] is not None) == expected.perioperative


@pytest.mark.processes
@pytest.mark.parametrize("worked", CASES[:3], ids=[c.id for c in CASES[:3]])
def test_cli_gives_the_same_plan_as_the_library(worked):
    result = subprocess.run(
        [sys.executable, "-m", "hemangioma_calc", "evaluate", "-"],
        input=json.dumps(worked.case), capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(result.stdout) == evaluate(dict(worked.case))

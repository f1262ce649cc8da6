"""A new input is one declaration (issue 19): in a copy of the repository, a yes/no input with one
cited consideration is added by editing four files (the source, the input's declaration, the rule
and its test), and the schema, the form, the command line, the case line and the input space all
pick it up, and the plan draws the consideration.

The input and its statement are obviously fake (`zz`), so they cannot be read as clinical content.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from repository_copy import copy_repository

pytestmark = pytest.mark.processes

STATEMENT = """  - id: test-consideration-zz
    section: special-populations
    topic: cancer
    kind: recommendation
    certainty: low
    text: A fake statement that exists only for the test of a new input (zz).
    citations: [article-ref-6]
"""
CONCLUSION = """  - id: test-consideration-zz
    group: population
    speaks_for: [test-consideration-zz]
    text: >-
      Zz test flag entered: a fake conclusion for the test of a new input.
"""
DECLARATION = """    zz_test_flag: bool = _declared(
        Input("Zz test flag", "A fake input for the test of a new input.", "Patient and lesion",
              says=said_yes_no("zz test flag", "zz_test_flag"), space="presentations"),
        False,
    )  # fmt: skip
"""
RULE = """

@consideration("test-consideration-zz", reads=("zz_test_flag",))
def zz_test_flag(case: Case) -> bool:
    return case.zz_test_flag
"""
RULE_TEST = """from hemangioma_calc.plan import evaluate

CASE = {"age": 50, "sex": "female", "level": "T6", "pain": "none", "neurological_deficit": False}


def test_the_zz_flag_draws_its_consideration():
    assert "test-consideration-zz" in [c["id"] for c in evaluate({**CASE, "zz_test_flag": True})["conclusions"]]
    assert "test-consideration-zz" not in [c["id"] for c in evaluate(CASE)["conclusions"]]
"""

# Run in the copy, with the copy's engine and build scripts: what each reader of the declarations shows.
PROBE = """
import json, sys
sys.path.insert(0, "tests")
from exhaustive_space import presentations
from build_scripts.calculator_page import render_calculator_page
from build_scripts.generate_pages import make_environment
from hemangioma_calc.case import case_json_schema
from hemangioma_calc.packaged import packaged_source
g = packaged_source().guideline
print(json.dumps({
    "form": 'name="zz_test_flag"' in render_calculator_page(make_environment(g), g),
    "space": sum(1 for c in presentations(g) if c.get("zz_test_flag")) > 0,
    "schema": case_json_schema(g)["properties"].get("zz_test_flag"),
}))
"""


def _insert_before(path: Path, marker: str, text: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.count(marker) == 1, f"{marker!r} is not once in {path.name}"
    path.write_text(source.replace(marker, text + marker), encoding="utf-8")


def _run(copy: Path, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "PYTHONPATH": f"{copy / 'calculator'}{os.pathsep}{copy}"}
    result = subprocess.run([sys.executable, *args], cwd=copy, capture_output=True, text=True, env=env, input=stdin)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _contents(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file() and "node_modules" not in p.parts}


def test_a_new_yes_no_input_with_one_consideration_is_four_files(tmp_path):
    copy = copy_repository(tmp_path)
    before = _contents(copy)
    source = copy / "content" / "guideline.yaml"
    _insert_before(source, "  - id: cancer-confirm-diagnosis\n    section:", STATEMENT)
    _insert_before(source, "  - id: cancer-vte\n    group:", CONCLUSION)
    _insert_before(copy / "calculator" / "hemangioma_calc" / "case.py", "    cancer_history: bool = _declared(", DECLARATION)
    rules = copy / "calculator" / "hemangioma_calc" / "considerations.py"
    rules.write_text(rules.read_text(encoding="utf-8") + RULE, encoding="utf-8")
    (copy / "tests" / "test_zz_consideration.py").write_text(RULE_TEST, encoding="utf-8")
    edited = {name for name, data in _contents(copy).items() if before.get(name) != data}
    assert len(edited) <= 4, sorted(edited)

    _run(copy, "-m", "build_scripts.export_source")  # the build step that packages the source
    _run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_zz_consideration.py")
    probe = json.loads(_run(copy, "-c", PROBE))
    assert probe["form"] and probe["space"]
    assert probe["schema"]["title"] == "Zz test flag" and probe["schema"]["type"] == "boolean"
    assert "zz_test_flag" in json.loads(_run(copy, "-m", "hemangioma_calc", "schema"))["properties"]
    case = {"age": 50, "sex": "female", "level": "T6", "pain": "none", "neurological_deficit": False, "zz_test_flag": True}
    plan = json.loads(_run(copy, "-m", "hemangioma_calc", "evaluate", "-", stdin=json.dumps(case)))
    assert "zz test flag" in plan["case_summary"]
    assert "test-consideration-zz" in [c["id"] for c in plan["conclusions"]]

"""The command line: plans as JSON or text, the case schema, and clear errors with exit status 2."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hemangioma_calc.cli import main

VALID = {"age": 55, "sex": "male", "level": "L2", "pain": "none", "neurological_deficit": False}


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.processes
def test_console_command_is_installed_and_reads_a_file(tmp_path: Path):
    exe = shutil.which("hemangioma-calc", path=str(Path(sys.executable).parent))
    assert exe, "make setup installs the hemangioma-calc console command into .venv"
    case = tmp_path / "case.json"
    case.write_text(json.dumps(VALID))
    result = subprocess.run([exe, "evaluate", str(case)], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["pathway"] == "observation"


def test_text_format_is_for_a_person():
    code, out, _ = run("evaluate", "-", "--format", "text", stdin=json.dumps(VALID))
    assert code == 0 and out.startswith("Case: 55-year-old man, L2") and "Pathway: Observation" in out
    assert "References" in out and "sha256" in out


def test_schema_command_prints_the_case_json_schema():
    code, out, _ = run("schema")
    schema = json.loads(out)
    assert code == 0 and schema["additionalProperties"] is False
    assert set(schema["required"]) == {"age", "sex", "level", "pain", "neurological_deficit"}


@pytest.mark.parametrize(
    ("case", "field", "words"),
    [
        ({**VALID, "age": 17}, "age", "adults"),
        ({**VALID, "age": 130}, "age", "between 18 and 120"),
        ({**VALID, "sex": "x"}, "sex", "one of female, male"),
        ({**VALID, "level": "T13"}, "level", "one of C1"),
        ({**VALID, "colour": "red"}, "colour", "unknown key"),
        ({k: v for k, v in VALID.items() if k != "pain"}, "pain", "required"),
        ({**VALID, "inr": 2.0}, "inr", "applies only with Warfarin"),
        ({**VALID, "antithrombotic": "Warfarin"}, "antithrombotic", "must be one of none, aspirin"),
        ({**VALID, "antithrombotic": "aspirin", "anticoagulation_reason": "af_low_risk"}, "anticoagulation_reason", "applies only with Warfarin, Apixaban"),
        ({**VALID, "antithrombotic": "warfarin", "anticoagulation_reason": "af"}, "anticoagulation_reason", "must be one of af_low_risk"),
        ({**VALID, "antithrombotic": "warfarin", "hours_since_last_dose": 12}, "hours_since_last_dose", "applies only with"),
        ({**VALID, "antithrombotic": "apixaban", "hours_since_last_dose": 1000}, "hours_since_last_dose", "between 0 and 720"),
        ({**VALID, "imaging_typical": "normal"}, "imaging_typical", "one of typical, atypical, not_assessed"),
        ({**VALID, "antithrombotic": "apixaban", "creatinine_clearance": -1}, "creatinine_clearance", "between 0 and 250"),
        ({**VALID, "creatinine_clearance": 60}, "creatinine_clearance", "applies only with Apixaban"),
        ({**VALID, "neurological_deficit": "yes"}, "neurological_deficit", "true or false"),
        ({**VALID, "aggressive_features": ["bony_expansion", "bony_expansion"]}, "aggressive_features", "more than once"),
        ({**VALID, "planned_resection": "subtotal", "planned_vertebroplasty_alone": True}, "planned_vertebroplasty_alone", "resection"),
        ({**VALID, "planned_radiation_dose_cgy": 2600.5}, "planned_radiation_dose_cgy", "whole number"),
    ],
)
def test_bad_case_exits_2_naming_the_field(case, field, words):
    code, out, err = run("evaluate", "-", stdin=json.dumps(case))
    assert code == 2 and out == ""
    assert any(line.startswith(f"error: {field}: ") and words in line for line in err.splitlines()), err
    assert "Traceback" not in err


def test_every_problem_is_reported_at_once():
    code, _, err = run("evaluate", "-", stdin=json.dumps({"age": "old", "sex": "x"}))
    fields = {line.split(":")[1].strip() for line in err.splitlines()}
    assert code == 2 and {"age", "sex", "level", "pain", "neurological_deficit"} <= fields


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", "null", '"case"'])
def test_malformed_json_exits_2(text):
    code, _, err = run("evaluate", "-", stdin=text)
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err


def test_missing_file_exits_2(tmp_path: Path):
    code, _, err = run("evaluate", str(tmp_path / "absent.json"))
    assert code == 2 and "cannot read" in err


@pytest.mark.processes
def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "hemangioma_calc", "evaluate", "-"], input="{}", capture_output=True, text=True)
    assert result.returncode == 2 and "error: age: required field is missing" in result.stderr

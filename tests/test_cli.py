"""The command line: plans as JSON or text, the case schema, and clear errors with exit status 2."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hemangioma_calc.case import drug_fields
from hemangioma_calc.cli import main

# The source as `make setup` exports it (the browser's wheel holds none: read it from the tree).
EXPORTED_SOURCE = Path(__file__).resolve().parent.parent / "calculator" / "hemangioma_calc" / "data" / "guideline.json"
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
        ({**VALID, "inr": 2.0}, "inr", "applies only with"),
        ({**VALID, "antithrombotic": "Warfarin"}, "antithrombotic", "must be one of"),
        ({**VALID, "antithrombotic": "aspirin", "anticoagulation_reason": "af_low_risk"}, "anticoagulation_reason", "applies only with"),
        ({**VALID, "antithrombotic": "warfarin", "anticoagulation_reason": "af"}, "anticoagulation_reason", "must be one of"),
        ({**VALID, "antithrombotic": "warfarin", "hours_since_last_dose": 12}, "hours_since_last_dose", "applies only with"),
        ({**VALID, "antithrombotic": "apixaban", "hours_since_last_dose": 1000}, "hours_since_last_dose", "between 0 and 720"),
        ({**VALID, "imaging_typical": "normal"}, "imaging_typical", "one of typical, atypical, not_assessed"),
        ({**VALID, "antithrombotic": "apixaban", "creatinine_clearance": -1}, "creatinine_clearance", "between 0 and 250"),
        ({**VALID, "creatinine_clearance": 60}, "creatinine_clearance", "applies only with"),
        ({**VALID, "neurological_deficit": "yes"}, "neurological_deficit", "true or false"),
        ({**VALID, "aggressive_features": ["bony_expansion", "bony_expansion"]}, "aggressive_features", "more than once"),
        ({**VALID, "planned_resection": "subtotal", "planned_vertebroplasty_alone": True}, "planned_vertebroplasty_alone", "resection"),
        ({**VALID, "planned_radiation_dose_cgy": 2600.5}, "planned_radiation_dose_cgy", "whole number"),
        ({**VALID, "pain": "unknown"}, "pain", "only with a neurological deficit"),
    ],
)
def test_bad_case_exits_2_naming_the_field(case, field, words):
    code, out, err = run("evaluate", "-", stdin=json.dumps(case))
    assert code == 2 and out == ""
    assert any(line.startswith(f"error: {field}: ") and words in line for line in err.splitlines()), err
    assert "Traceback" not in err


def _error_line(case: dict, field: str) -> str:
    code, _, err = run("evaluate", "-", stdin=json.dumps(case))
    assert code == 2, err
    return next(line for line in err.splitlines() if line.startswith(f"error: {field}: "))


def test_a_drug_field_given_without_its_drug_names_every_drug_it_applies_with(source):
    """Whatever the source's drugs and their order."""
    g = source.guideline
    values = {"anticoagulation_reason": g.thrombotic_risk.reasons[0].id, "inr": 2.0, "creatinine_clearance": 60, "hours_since_last_dose": 12}
    for field, drugs in drug_fields(g).items():
        line = _error_line({**VALID, field: values[field]}, field)
        assert "applies only with" in line and all(g.drug(d).label in line for d in drugs), line


def test_an_unknown_drug_or_reason_lists_every_one_of_the_source(source):
    g = source.guideline
    drug_line = _error_line({**VALID, "antithrombotic": "Warfarin"}, "antithrombotic")
    assert all(d.id in drug_line for d in g.antithrombotics), drug_line
    drug = drug_fields(g)["anticoagulation_reason"][0]
    reason_line = _error_line({**VALID, "antithrombotic": drug, "anticoagulation_reason": "af"}, "anticoagulation_reason")
    assert all(r.id in reason_line for r in g.thrombotic_risk.reasons), reason_line


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


def test_bounds_for_typing_errors_are_the_input_ranges_assumption(source):
    ranges = source.guideline.item("input-ranges").data
    for field, low, high in (("age", "age_min", "age_max"), ("inr", "inr_min", "inr_max")):
        case = {**VALID, "antithrombotic": "warfarin"} if field == "inr" else VALID
        accepted = run("evaluate", "-", stdin=json.dumps({**case, field: ranges[high]}))[0]
        code, _, err = run("evaluate", "-", stdin=json.dumps({**case, field: ranges[high] + 1}))
        assert accepted == 0 and code == 2 and f"{field}: must be between" in err, (field, err)
        assert f"{ranges[low]:g} and {ranges[high]:g}" in err


# --- bounded, strict reading: each hostile input is refused in one line, cheaply ---------------
def _valid_text_with(**fields: str) -> str:
    """The valid case as JSON text with some fields replaced by raw JSON text."""
    parts = [f"{json.dumps(k)}: {fields.pop(k) if k in fields else json.dumps(v)}" for k, v in VALID.items()]
    return "{" + ", ".join(parts + [f"{json.dumps(k)}: {v}" for k, v in fields.items()]) + "}"


BOUNDED_INPUTS = {
    "an age of 4,301 digits": (lambda: _valid_text_with(age="9" * 4301), "error: age: a whole number of 4,301 digits is not read"),
    "lists nested 1,000 deep": (lambda: "[" * 1000 + "]" * 1000, "error: the case nests lists or objects 1,000 deep (at most 16)"),
    "a later duplicate of a key": (lambda: _valid_text_with(age="17")[:-1] + ', "age": 66}', "error: age: the key is given more than once"),
    "30 MB of 5 million invalid items": (lambda: '{"aggressive_features": [' + ",".join(["1"] * 5_000_000) + "]}", "error: the case is larger than 1,000,000 bytes"),
    "150,000 invalid items within 1 MB": (lambda: _valid_text_with(aggressive_features="[" + ",".join(["1"] * 150_000) + "]"), "error: the case holds about 150,00"),
    "a 900 kB string": (lambda: _valid_text_with(sex=json.dumps("x" * 900_000)), "error: sex: must be one of female, male (got 'xxx"),
    "NaN, which JSON does not have": (lambda: _valid_text_with(age="NaN"), "error: the case is not valid JSON: NaN is not a JSON number"),
    # 80 kB: once 27 s of CPU, for a pattern that backtracked over every escaped quote.
    "40,000 escaped quotes in an unclosed string": (lambda: '"' + '\\"' * 40_000, "error: the case is not valid JSON: Unterminated string"),
    "a value of 40,000 escaped quotes": (lambda: _valid_text_with(sex=json.dumps('"' * 40_000)), "error: sex: must be one of female, male"),
}  # fmt: skip


# The CLI in a process of its own that reports its CPU time and its peak memory (VmHWM: this
# process's own, unlike a child's ru_maxrss, which Linux carries over from the forking test runner).
MEASURED_CLI = """
import sys, time
from hemangioma_calc.case import drug_fields
from hemangioma_calc.cli import main
code = main(sys.argv[2:])
peak_kb = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
open(sys.argv[1], "w").write(f"{time.process_time()} {int(peak_kb) // 1024}")
sys.exit(code)
"""


def _run_measured(argv: list[str], stdin_path: Path, figures: Path) -> tuple[int, str, float, int]:
    """Exit status, standard error, CPU seconds and peak memory (MB) of one CLI process."""
    with open(stdin_path, "rb") as stdin:
        result = subprocess.run([sys.executable, "-c", MEASURED_CLI, str(figures), *argv], stdin=stdin, capture_output=True, text=True)
    cpu_seconds, peak_mb = figures.read_text().split()
    return result.returncode, result.stderr, float(cpu_seconds), int(peak_mb)


@pytest.mark.processes
@pytest.mark.parametrize("name", BOUNDED_INPUTS)
def test_hostile_input_exits_2_with_one_clear_line_within_small_bounds(tmp_path: Path, name: str):
    make_text, expected = BOUNDED_INPUTS[name]
    case = tmp_path / "case.json"
    case.write_text(make_text())
    code, err, cpu_seconds, peak_mb = _run_measured(["evaluate", "-"], case, tmp_path / "figures")
    print(f"{name}: exit {code}, {cpu_seconds:.2f} s CPU, {peak_mb} MB peak")
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith(expected), err[:500]
    assert len(err) < 500, "the line is clipped, not the whole value echoed"
    # Loose resource bounds (the 2 s and 200 MB; typical figures are about ten times lower).
    assert cpu_seconds < 2 and peak_mb < 200, (cpu_seconds, peak_mb)


@pytest.mark.processes
def test_an_endless_standard_input_is_read_only_up_to_the_size_cap(tmp_path: Path):
    code, err, cpu_seconds, peak_mb = _run_measured(["evaluate", "-"], Path("/dev/zero"), tmp_path / "figures")
    print(f"/dev/zero: exit {code}, {cpu_seconds:.2f} s CPU, {peak_mb} MB peak")
    assert code == 2 and err == "error: the case is larger than 1,000,000 bytes; a case is a short JSON object\n"
    assert cpu_seconds < 2 and peak_mb < 200, (cpu_seconds, peak_mb)


def test_a_duplicate_key_is_refused_rather_than_the_last_value_kept():
    code, out, err = run("evaluate", "-", stdin=_valid_text_with(age="17")[:-1] + ', "age": 66}')
    assert code == 2 and out == "" and err.startswith("error: age: the key is given more than once")


def test_at_most_twenty_problems_are_listed_then_how_many_more():
    case = {**VALID, **{f"unknown{i}": 0 for i in range(50)}}
    code, _, err = run("evaluate", "-", stdin=json.dumps(case))
    lines = err.splitlines()
    assert code == 2 and len(lines) == 21
    assert all(line.startswith("error: unknown") for line in lines[:20])
    assert lines[20] == "error: and 30 more problems (the first 20 are shown)"


def test_a_whole_number_of_twenty_digits_is_still_read_and_checked_against_its_range():
    code, _, err = run("evaluate", "-", stdin=_valid_text_with(age="1" + "0" * 19))
    assert code == 2 and err.startswith("error: age: ") and "between 18 and 120" in err


# --- paths that are not regular files are refused before anything is read ----------------------
NOT_A_REGULAR_FILE = "not a regular file (give a JSON file, or - for standard input)"


@pytest.mark.processes
def test_a_fifo_is_refused_at_once_rather_than_waited_on_forever(tmp_path: Path):
    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    # Opening a FIFO for reading blocks until a writer comes: the timeout fails the test if it does.
    # (The answer takes about 0.2 s, interpreter start included; the bound leaves room for a loaded machine.)
    result = subprocess.run([sys.executable, "-m", "hemangioma_calc", "evaluate", str(fifo)], capture_output=True, text=True, timeout=10)
    assert result.returncode == 2 and result.stderr == f"error: cannot read {fifo}: {NOT_A_REGULAR_FILE}\n"


@pytest.mark.parametrize("kind", ["a device", "a directory"])
def test_a_device_or_a_directory_is_refused_in_one_line(tmp_path: Path, kind: str):
    path = "/dev/null" if kind == "a device" else str(tmp_path)
    code, out, err = run("evaluate", path)
    assert code == 2 and out == "" and err == f"error: cannot read {path}: {NOT_A_REGULAR_FILE}\n"


# --- --source is read like a case: within bounds, one line, exit 2 ------------------------------
def _source_file(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "source.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return str(path)


BAD_SOURCES = {
    "an empty list (once a TypeError)": (lambda: "[]", "an exported source is a JSON object with guideline and source_sha256"),
    "a list 200,000 deep (once a RecursionError)": (lambda: "[" * 200_000 + "]" * 200_000, "the source nests lists or objects 200,000 deep (at most 25)"),
    "a guideline without its parts": (lambda: '{"guideline": {}, "source_sha256": "0"}', "metadata: required field is missing; "),
    "bytes that are not UTF-8": (lambda: b'{"guideline": "\xff"}', "'utf-8' codec can't decode byte 0xff"),
    "a key given twice": (lambda: '{"guideline": {}, "guideline": {}}', "guideline: the key is given more than once"),
}  # fmt: skip


@pytest.mark.parametrize("name", BAD_SOURCES)
def test_a_bad_source_exits_2_with_one_line(tmp_path: Path, name: str):
    make_text, expected = BAD_SOURCES[name]
    path = _source_file(tmp_path, make_text())
    code, out, err = run("--source", path, "evaluate", "-", stdin=json.dumps(VALID))
    assert code == 2 and out == "" and len(err.splitlines()) == 1, err[:500]
    assert err.startswith(f"error: --source {path}: ") and expected in err, err[:500]


@pytest.mark.processes
def test_an_endless_source_is_refused_before_it_is_read(tmp_path: Path):
    code, err, cpu_seconds, peak_mb = _run_measured(["--source", "/dev/zero", "schema"], Path("/dev/null"), tmp_path / "figures")
    assert code == 2 and err == f"error: --source /dev/zero: cannot read: {NOT_A_REGULAR_FILE}\n"
    assert cpu_seconds < 2 and peak_mb < 200, (cpu_seconds, peak_mb)


def test_a_source_with_hostile_text_is_refused_naming_its_key_path(tmp_path: Path):
    # The engine checks the text of every source it loads, not only the build (source_text).
    exported = json.loads(EXPORTED_SOURCE.read_text(encoding="utf-8"))
    statement = exported["guideline"]["statements"][0]
    statement["text"] = "Stop \u202e01 days before."
    code, out, err = run("--source", _source_file(tmp_path, json.dumps(exported)), "schema")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert f"statements[{statement['id']}].text: U+202E is not allowed: a bidirectional control" in err

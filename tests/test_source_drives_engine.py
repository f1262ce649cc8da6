"""The structured source is the one truth the engine interprets: drugs, thresholds and the ids the
engine reads all come from it, are checked when it loads, and a change in it alone reaches the
schema, the form, the CLI, the guidance pages, the plans and the safety space."""

from __future__ import annotations

import ast
import copy
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from exhaustive_space import antithrombotic_cases
from fixture_source import fixture_source, write_fixture_source
from test_contract import without_content

from build_scripts.calculator_assets import ship_source
from build_scripts.generate_pages import generate
from build_scripts.source_files import DEFAULT_SOURCE, PACKAGED_SOURCE, export_json, load_source
from hemangioma_calc import json_api, packaged, source_ids
from hemangioma_calc.case import case_json_schema
from hemangioma_calc.cli import main
from hemangioma_calc.packaged import PackagedSource, packaged_source
from hemangioma_calc.plan import evaluate
from hemangioma_calc.validation import load_guideline

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "calculator" / "hemangioma_calc"
EXPORT = [sys.executable, "-m", "build_scripts.export_source"]


def _raw(path: Path = DEFAULT_SOURCE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _source_ids(raw: dict) -> set[str]:
    ids = {d["id"] for d in raw["antithrombotics"]} | {c["id"] for c in raw["drug_classes"]}
    ids |= {r["id"] for r in raw["thrombotic_risk"]["reasons"]}
    for part in ("statements", "assumptions", "pitfalls", "outcomes"):
        ids |= {entry["id"] for entry in raw[part]}
    return ids


def _registrations(tree: ast.AST) -> set[int]:
    """The string constants that register a rule with its item (`@consideration("an-id", ...)`)."""
    return {
        id(node.args[0])
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "consideration" and node.args
    }


# --- the engine names no drug and no source id outside its registries --------------------------
def test_no_engine_module_spells_a_drug_or_a_source_id_outside_the_registry():
    """Ids live in source_ids.py, or in the registration of the one rule that draws them."""
    known = _source_ids(_raw())
    offenders = []
    for module in sorted(ENGINE.glob("*.py")):
        if module.name == "source_ids.py":
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        registered = _registrations(tree)
        for node in ast.walk(tree):
            if id(node) in registered:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known - {"none"}:
                offenders.append(f"{module.name}:{node.lineno}: {node.value!r}")
    assert not offenders, offenders


def test_no_engine_module_names_a_drug_even_in_text_or_comments():
    raw = _raw()
    no_drug = {c["id"] for c in raw["drug_classes"] if c.get("no_drug")}
    names = {word.lower() for d in raw["antithrombotics"] if d["drug_class"] not in no_drug for word in (d["id"], d["label"])}
    found = [
        f"{module.name}: {name}"
        for module in sorted(ENGINE.glob("*.py"))
        for name in names
        if re.search(rf"\b{re.escape(name)}\b", module.read_text(encoding="utf-8").lower())
    ]
    assert not found, found


def test_every_id_the_engine_reads_exists_in_the_source_with_its_data(source):
    g = source.guideline
    for item_id, keys in source_ids.REQUIRED.items():
        entry = g.item(item_id)
        for key in keys:
            assert (entry.value is not None) if key == source_ids.VALUE else key in entry.data, (item_id, key)


def test_the_packaged_source_is_the_current_yaml(source):
    """Tests read the packaged JSON; `make test` exports it first. A stale copy fails here."""
    assert source.source_sha256 == hashlib.sha256(DEFAULT_SOURCE.read_bytes()).hexdigest(), (
        f"{PACKAGED_SOURCE} is older than {DEFAULT_SOURCE}: run `make site` (or build_scripts/export_source.py)"
    )


def test_the_engine_interprets_the_source_it_is_handed_as_json_text(monkeypatch, tmp_path):
    """The browser's way in: the source arrives as the text of its own file (the wheel holds none),
    and every plan then comes from it, its provenance included."""
    monkeypatch.setattr(packaged, "_handed_over", None)  # the packaged source again after this test
    fixture, exported = load_source(write_fixture_source(tmp_path / "fixture.yaml")), tmp_path / "fixture.json"
    export_json(fixture, exported)
    json_api.start(exported.read_text(encoding="utf-8"))
    worked = fixture.guideline.cases[0]
    plan = json.loads(json_api.evaluate_json(json.dumps(worked.case)))["plan"]
    assert plan["pathway"] == worked.expected.pathway
    assert plan["provenance"]["content_version"] == fixture.guideline.metadata.version
    assert plan["provenance"]["source_sha256"] == fixture.sha256


def test_the_browsers_engine_builds_the_model_the_build_validated():
    """The browser's engine only builds the model of its source (json_api.start): the build ran every
    check on these very bytes before shipping them (ship_source), and the worker checked their hash
    against the build's. The model is the one the full validation gives."""
    text = PACKAGED_SOURCE.read_text(encoding="utf-8")
    assert packaged.parse_packaged(text, validated_at_build=True) == packaged.parse_packaged(text)


def test_a_source_that_fails_a_check_is_never_shipped_to_the_browser(tmp_path):
    edit, expected = BROKEN["interval disagrees with its sentence"]
    raw = _raw()
    edit(raw)
    exported, runtime = tmp_path / "guideline.json", tmp_path / "runtime"
    exported.write_text(json.dumps({"source_sha256": "0" * 64, "guideline": raw}), encoding="utf-8")
    runtime.mkdir()
    with pytest.raises(SystemExit) as stop:
        ship_source(exported, runtime)
    assert f"{exported}: {expected}" in str(stop.value)
    assert not list(runtime.iterdir())


# --- broken sources that only the engine's rules can catch --------------------------------------
def _drug(raw: dict, drug_id: str) -> dict:
    return next(d for d in raw["antithrombotics"] if d["id"] == drug_id)


BROKEN = {
    "interval disagrees with its sentence": (
        lambda raw: _drug(raw, "warfarin")["planned"].update(stop_days_before=4),
        "antithrombotics[warfarin].planned.stop_days_before: 4 is not stated in statements[anticoag-warfarin-planned].text",
    ),
    "renal band disagrees with its sentence": (
        lambda raw: _drug(raw, "dabigatran")["planned"]["by_crcl"][1].update(days_off=6),
        "antithrombotics[dabigatran].planned.by_crcl[1].days_off: 6 is not stated in statements[anticoag-dabigatran-planned].text",
    ),
    "unknown drug class": (
        lambda raw: _drug(raw, "warfarin").update(drug_class="coumarin"),
        "antithrombotics[warfarin].drug_class: unknown drug class 'coumarin'",
    ),
    "item the engine reads removed": (
        lambda raw: raw.update(assumptions=[a for a in raw["assumptions"] if a["id"] != "young-age-cutoff"]),
        "young-age-cutoff: the engine needs this item",
    ),
    "data key the engine reads removed": (
        lambda raw: next(s for s in raw["statements"] if s["id"] == "anticoag-warfarin-inr")["data"].pop("inr_surgery_below"),
        "statements[anticoag-warfarin-inr].data: needs inr_surgery_below",
    ),
    "class names an unknown item": (
        lambda raw: next(c for c in raw["drug_classes"] if c["id"] == "vka").update(reversal_statement="no-such-rule"),
        "drug_classes[vka].reversal_statement: unknown item 'no-such-rule'",
    ),
}


@pytest.mark.processes
@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_source_fails_with_file_key_path_and_reason(tmp_path, name):
    edit, expected = BROKEN[name]
    raw = _raw()
    edit(raw)
    path = tmp_path / "guideline.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    result = subprocess.run([*EXPORT, str(path), "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines), lines
    assert any(expected in line for line in lines), lines


# --- the fixture guideline is complete: the engine evaluates it ---------------------------------
def test_the_fixture_guideline_is_a_complete_source_the_engine_evaluates():
    fixture = PackagedSource(load_guideline(fixture_source()), "fixture")
    for worked in fixture.guideline.cases:
        assert evaluate(dict(worked.case), fixture)["pathway"] == worked.expected.pathway
    assert sum(1 for _ in antithrombotic_cases(fixture.guideline)) > 1000


# --- a new drug, added by editing data only (named so that it cannot clash with a real drug) -----
NEW_DRUG = {
    "id": "test-drug-zz",
    "label": "Test drug ZZ",
    "drug_class": "vka",
    "urgent_statement": "anticoag-warfarin-inr",
    "planned": {"stop_days_before": 3, "verification": "unverified", "citations": ["douketis2022"], "statement": "test-drug-zz-planned"},
    "neuraxial": {"min_days": 3, "verification": "unverified", "citations": ["horlocker2018"]},
}
NEW_STATEMENT = {
    "id": "test-drug-zz-planned", "section": "special-populations", "topic": "antithrombotic",
    "kind": "recommendation", "certainty": "indirect", "verification": "unverified",
    "text": "Test data, not clinical content: planned surgery on test drug ZZ, stop it 3 days before.",
    "citations": ["douketis2022"],
}  # fmt: skip


@pytest.fixture(scope="module")
def with_new_drug(tmp_path_factory):
    """The real source with one more vitamin K antagonist: a YAML file, its export, its model."""
    raw = copy.deepcopy(_raw())
    raw["antithrombotics"].append(NEW_DRUG)
    raw["statements"].append(NEW_STATEMENT)
    folder = tmp_path_factory.mktemp("new-drug")
    yaml_path, json_path = folder / "guideline.yaml", folder / "guideline.json"
    yaml_path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    export_json(load_source(yaml_path), json_path)
    return yaml_path, json_path, PackagedSource(load_guideline(raw), "new-drug")


def _headlines(plan: dict) -> str:
    return " ".join(c["headline"] for c in plan["conclusions"])


def _resting_on(plan: dict, item_id: str) -> list[dict]:
    return [c for c in plan["conclusions"] if item_id in c["evidence"]]


def test_a_new_vitamin_k_antagonist_reaches_schema_plans_cli_pages_and_safety_space(with_new_drug, tmp_path):
    yaml_path, json_path, source = with_new_drug
    g = source.guideline
    real = packaged_source().guideline
    assert without_content(case_json_schema(g), g) == without_content(case_json_schema(real), real), "the frozen contract holds no drug list"
    schema = case_json_schema(g)["properties"]
    assert "test-drug-zz" in schema["antithrombotic"]["enum"]
    assert "test-drug-zz" in schema["inr"]["x-applies-when"]["antithrombotic"]
    assert "test-drug-zz" in schema["anticoagulation_reason"]["x-applies-when"]["antithrombotic"]

    base = {"age": 66, "sex": "male", "level": "T6", "pain": "present", "antithrombotic": "test-drug-zz", "anesthesia": "general"}
    urgent = evaluate({**base, "neurological_deficit": True, "inr": 2.8}, source)
    (reverse,) = [c for c in urgent["conclusions"] if c["id"] == "inr-above-surgery"]
    assert reverse["headline"].startswith("Test drug ZZ, INR 2.8:") and reverse["severity"] == "critical"
    assert "anticoag-vka-reversal" in reverse["evidence"]
    planned = evaluate({**base, "pain": "refractory", "neurological_deficit": False, "inr": 2.5}, source)
    (interval,) = _resting_on(planned, "test-drug-zz-planned")
    assert interval["headline"].startswith("Test drug ZZ before the procedure: stop 3 days before"), interval["headline"]
    assert "test-drug-zz-planned" in {e["id"] for e in planned["evidence"]}
    for plan in (urgent, planned):
        assert "warfarin" not in _headlines(plan).lower()  # rule text names the drug that was entered
        assert plan["perioperative"]["agent_label"] == "Test drug ZZ"

    out, err = io.StringIO(), io.StringIO()
    case = json.dumps({**base, "neurological_deficit": True, "inr": 1.2})
    assert main(["--source", str(json_path), "evaluate", "-"], stdin=io.StringIO(case), stdout=out, stderr=err) == 0, err.getvalue()
    assert json.loads(out.getvalue())["perioperative"]["agent"] == "test-drug-zz"

    docs = tmp_path / "docs"
    generate(yaml_path, docs, benchmark=None)
    assert "- **Test drug ZZ**: Stop 3 days before" in (docs / "special-populations.md").read_text()
    assert 'value="test-drug-zz"' in (docs / "calculator.md").read_text()

    space = [c for c in antithrombotic_cases(g) if c["antithrombotic"] == "test-drug-zz"]
    assert space and {"inr", "anticoagulation_reason"} <= {k for c in space for k in c}
    for case in space:
        evaluate(case, source)


def test_a_renal_band_that_avoids_a_block_above_the_renal_limit_says_so_kopp2025():
    # Where a band avoids the block and the clearance is above the renal limit (here the limit
    # lowered in the source), the band's own words decide: choose general anaesthesia.
    raw = copy.deepcopy(_raw())
    limit = next(a for a in raw["assumptions"] if a["id"] == "renal-function-outside-evidence")
    limit["value"], limit["text"] = 20, limit["text"].replace("30 mL/min", "20 mL/min")
    source = PackagedSource(load_guideline(raw), "edited")
    case = {"age": 60, "sex": "female", "level": "L2", "neurological_deficit": False, "pain": "refractory",
            "antithrombotic": "dabigatran", "creatinine_clearance": 25, "anesthesia": "neuraxial"}  # fmt: skip
    (line,) = [c for c in evaluate(case, source)["conclusions"] if c["id"] == "block-avoid"]
    assert (
        line["severity"] == "critical"
        and "generally avoided below 30 mL/min" in line["headline"]
        and "Choose general anaesthesia" in line["headline"]
    )


def test_changing_a_threshold_in_the_source_changes_the_engine():
    raw = copy.deepcopy(_raw())
    statement = next(s for s in raw["statements"] if s["id"] == "anticoag-warfarin-inr")
    statement["data"]["inr_surgery_below"] = 1.8
    statement["text"] = statement["text"].replace("below 2.0 for surgery", "below 1.8 for surgery")
    source = PackagedSource(load_guideline(raw), "edited")
    case = {"age": 66, "sex": "male", "level": "T6", "pain": "present", "neurological_deficit": True,
            "antithrombotic": "warfarin", "inr": 1.9, "anesthesia": "general"}  # fmt: skip

    def critical(plan: dict) -> bool:
        return any(c["severity"] == "critical" for c in _resting_on(plan, "anticoag-warfarin-inr"))

    assert not critical(evaluate(case))
    assert critical(evaluate(case, source))
    assert "below 1.8" in " ".join(c["headline"] for c in _resting_on(evaluate(case, source), "anticoag-warfarin-inr"))

"""The structured source is validated; a broken source fails the build with one precise line per
problem (file, key path, reason), never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from source_files import DEFAULT_SOURCE, read_source

from hemangioma_calc.validation import load_guideline
from hemangioma_calc.typed_data import InvalidData

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "build_scripts" / "export_source.py"


def test_the_real_source_is_valid():
    _raw, guideline = read_source(DEFAULT_SOURCE)
    assert len(guideline.statements) > 40 and len(guideline.cases) >= 12


def test_every_citation_key_resolves_and_every_reference_is_cited():
    raw, guideline = read_source(DEFAULT_SOURCE)
    keys = {r.key for r in guideline.references}
    cited = set()
    for item in [*guideline.statements, *guideline.pitfalls, *guideline.outcomes]:
        assert set(item.citations) <= keys, item.id
        cited |= set(item.citations)
    for drug in guideline.antithrombotics:
        for rule in (drug.planned, drug.neuraxial):
            cited |= set(rule.citations) if rule else set()
    cited |= {k for a in guideline.assumptions for k in a.citations}
    assert cited == keys


def test_article_references_keep_their_numbers_and_unresolved_ones_have_candidates():
    _raw, guideline = read_source(DEFAULT_SOURCE)
    article = {r.number: r for r in guideline.references if r.number <= 7}
    assert sorted(article) == [1, 2, 3, 4, 5, 6, 7]
    assert {n for n, r in article.items() if r.status == "unresolved"} == {2, 5, 6}
    assert all(r.candidates for r in article.values() if r.status == "unresolved")


def _broken(tmp_path: Path, edit) -> Path:
    raw = yaml.safe_load(DEFAULT_SOURCE.read_text())
    edit(raw)
    path = tmp_path / "guideline.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    return path


def _statement(raw, statement_id):
    return next(s for s in raw["statements"] if s["id"] == statement_id)


BROKEN = {
    "unknown citation key": (
        lambda raw: _statement(raw, "pain-radiation")["citations"].append("nobody2099"),
        "statements[pain-radiation].citations[2]: unknown citation key 'nobody2099'",
    ),
    "duplicate statement id": (
        lambda raw: raw["statements"].append(dict(_statement(raw, "pain-radiation"))),
        "duplicate id 'pain-radiation'",
    ),
    "missing required field": (
        lambda raw: _statement(raw, "pain-radiation").pop("certainty"),
        "statements[",  # the path names the list index and the field
    ),
    "number of the wrong type": (
        lambda raw: raw["references"][0].update(year="nineteen ninety-three"),
        "references[0].year: must be a whole number",
    ),
    "data number not in its text": (
        lambda raw: _statement(raw, "pain-radiation")["data"].update(dose_max_cgy=5000),
        "statements[pain-radiation].data.dose_max_cgy: 5000 does not appear in the text",
    ),
    "unresolved reference without candidates": (
        lambda raw: next(r for r in raw["references"] if r["key"] == "article-ref-5").pop("candidates"),
        "references[article-ref-5]: an unresolved reference needs at least one candidate",
    ),
    "uncited reference": (
        lambda raw: raw["references"].append({**raw["references"][0], "key": "lonely2020", "number": 99}),
        "references[lonely2020]: is never cited",
    ),
    "unknown key": (
        lambda raw: _statement(raw, "pain-radiation").update(colour="red"),
        "colour: unknown key",
    ),
    "algorithm step that is not a statement": (
        lambda raw: raw["algorithm"][0]["steps"].append("no-such-step"),
        "algorithm[surgery].steps[9]: unknown statement 'no-such-step'",
    ),
}


@pytest.mark.processes
@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_source_fails_with_file_key_path_and_reason(tmp_path, name):
    edit, expected = BROKEN[name]
    path = _broken(tmp_path, edit)
    result = subprocess.run([sys.executable, str(EXPORT), str(path), "--check"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines), lines
    assert any(expected in line for line in lines), lines
    if name == "missing required field":
        assert any(".certainty: required field is missing" in line for line in lines), lines


@pytest.mark.processes
def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "guideline.yaml"
    path.write_text("metadata:\n  title: [unclosed\n")
    result = subprocess.run([sys.executable, str(EXPORT), str(path), "--check"], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{path}: line ") and "not valid YAML" in result.stderr


def test_every_problem_is_collected_before_reporting():
    raw = yaml.safe_load(DEFAULT_SOURCE.read_text())
    raw["references"][0]["year"] = "x"
    raw["metadata"].pop("title")
    with pytest.raises(InvalidData) as error:
        load_guideline(raw)
    paths = {p.path for p in error.value.problems}
    assert {"references[0].year", "metadata.title"} <= paths

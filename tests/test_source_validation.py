"""The structured source is validated; a broken source fails the build with one precise line per
problem (file, key path, reason), never a traceback. The YAML itself is read strictly: a key given
twice, bytes that are not UTF-8 and runaway nesting are errors, not surprises. Text is text: a
field holds one line of words and inline Markdown, and each hostile form of tests/fixtures/
hostile_text.yaml (block Markdown, attribute lists, HTML, unsafe links, bidirectional controls...)
is refused with its key path, by the engine's loader and so by the build."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_scripts import build_site
from build_scripts.source_files import DEFAULT_SOURCE, PACKAGED_SOURCE, load_source
from build_scripts.source_yaml import MAX_DEPTH, UnreadableYaml, read_yaml
from hemangioma_calc import source_text
from hemangioma_calc.source_text import TEMPLATE, refusals, text_problems
from hemangioma_calc.typed_data import InvalidData, Problem
from hemangioma_calc.validation import load_guideline

ROOT = Path(__file__).resolve().parent.parent
EXPORT = [sys.executable, "-m", "build_scripts.export_source"]


def _export_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*EXPORT, str(path), "--check"], cwd=ROOT, capture_output=True, text=True)


def test_the_real_source_is_valid():
    guideline = load_source(DEFAULT_SOURCE).guideline
    assert len(guideline.statements) > 40 and len(guideline.cases) >= 12


def test_every_citation_key_resolves_and_every_reference_is_cited():
    guideline = load_source(DEFAULT_SOURCE).guideline
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
    guideline = load_source(DEFAULT_SOURCE).guideline
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
    "vitamin K antagonist without its intervals": (
        lambda raw: raw["antithrombotics"].append(
            {"id": "test-vka-zz", "label": "Test VKA ZZ", "drug_class": "vka", "urgent_statement": "anticoag-warfarin-inr"}
        ),
        "antithrombotics[test-vka-zz].planned: a drug of class 'vka' needs planned (drug_classes[vka].requires)",
    ),
    "conclusion template with an unknown slot": (
        lambda raw: next(t for t in raw["conclusions"] if t["id"] == "inr-above-surgery").update(
            text="{drug}, INR {inr}: reverse within {hours_left} hours."
        ),
        "conclusions[inr-above-surgery].text: names slots the engine does not fill: hours_left",
    ),
    "conclusion template writing a number its evidence does not state": (
        lambda raw: next(t for t in raw["conclusions"] if t["id"] == "surgery-adjuvant").update(
            text="After the resection: vertebroplasty within 48 hours."
        ),
        "conclusions[surgery-adjuvant].text: 48 is stated neither in its evidence nor in an assumption",
    ),
    "phrase writing a number of its own": (
        lambda raw: next(p for p in raw["phrases"] if p["id"] == "restart-days").update(text="restart {low}-{high} days after, or 7 at most"),
        "phrases[restart-days].text: writes a number of its own: a phrase takes its numbers from slots",
    ),
    "phrase with an unknown slot": (
        lambda raw: next(p for p in raw["phrases"] if p["id"] == "block-hours").update(text="last dose {hours} to {days} before the block"),
        "phrases[block-hours].text: names slots the engine does not fill: days",
    ),
    "phrase the engine fills missing": (
        lambda raw: raw.update(phrases=[p for p in raw["phrases"] if p["id"] != "avoid-block"]),
        "phrases: the engine fills 'avoid-block' (source_ids.PHRASES) but the source has no such phrase",
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
    result = _export_check(path)
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
    result = _export_check(path)
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


# --- the YAML as bytes: what a YAML parser accepts silently or crashes on -----------------------
def _with_line_edited(marker: bytes, edit) -> bytes:
    """The real source with the first line containing `marker` passed through `edit(line) -> bytes`."""
    lines = DEFAULT_SOURCE.read_bytes().split(b"\n")
    index = next(i for i, line in enumerate(lines) if marker in line)
    lines[index] = edit(lines[index])
    return b"\n".join(lines)


def _first_statement_line(field: bytes) -> bytes:
    return _with_line_edited(b"  " + field + b":", lambda line: line + b"\n" + line)


STATEMENT = load_source(DEFAULT_SOURCE).guideline.statements[0].id
BROKEN_BYTES = {
    "a key given twice (a second certainty would silently win)": (
        lambda: _first_statement_line(b"certainty"),
        f"statements[{STATEMENT}].certainty: duplicate key (line",
    ),
    "bytes that are not UTF-8": (
        lambda: _with_line_edited(b"  text: ", lambda line: line[:12] + b"\xff\xfe" + line[12:]),
        f"statements[{STATEMENT}].text: not valid UTF-8 (line",
    ),
    "a script tag in a statement": (
        lambda: _with_line_edited(b"  text: ", lambda line: line[:12] + b"<script>alert(1)</script> " + line[12:]),
        f"statements[{STATEMENT}].text: HTML is not allowed (found '<script>')",
    ),
    "nesting deep enough to exhaust the parser": (
        lambda: DEFAULT_SOURCE.read_bytes() + b"\nextra: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        f"nested more than {MAX_DEPTH} levels deep",
    ),
}


@pytest.mark.processes
@pytest.mark.parametrize("name", list(BROKEN_BYTES))
def test_unreadable_source_fails_with_file_key_path_and_reason(tmp_path, name):
    make, expected = BROKEN_BYTES[name]
    path = tmp_path / "guideline.yaml"
    path.write_bytes(make())
    result = _export_check(path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}: ") and expected in lines[0], lines


def _problems(text: str) -> list[str]:
    with pytest.raises(UnreadableYaml) as error:
        read_yaml(text.encode())
    return [str(p) for p in error.value.problems]


def test_every_duplicate_key_is_reported_not_only_the_first():
    problems = _problems("metadata:\n  title: a\n  title: b\nstatements:\n- id: s\n  text: x\n  text: y\n")
    assert problems == [
        "metadata.title: duplicate key (line 3; first given on line 2)",
        "statements[s].text: duplicate key (line 7; first given on line 6)",
    ]


# --- text is text: what a field may hold --------------------------------------------------------
REAL_RAW = yaml.safe_load(DEFAULT_SOURCE.read_text())
HOSTILE_TEXT = yaml.safe_load((ROOT / "tests" / "fixtures" / "hostile_text.yaml").read_text(encoding="utf-8"))
_PATH_PART = re.compile(r"([^.\[\]]+)(?:\[([^\]]+)\])?")


def _put(raw: dict, field: str, text: str) -> None:
    """Set the field named by a key path such as `statements[observe-incidental].text` to `text`."""
    *parents, last = _PATH_PART.findall(field)
    node = raw
    for name, item in parents:
        node = node[name]
        if item:
            node = next(entry for entry in node if item in (entry.get("id"), entry.get("key")))
    name, item = last
    assert not item and name in node, f"{field} is not a text field of the real source"
    node[name] = text


def test_the_real_source_holds_only_allowed_text():
    assert text_problems(REAL_RAW) == []


@pytest.mark.parametrize("hostile", HOSTILE_TEXT, ids=[h["name"] for h in HOSTILE_TEXT])
def test_each_hostile_text_fails_validation_with_its_key_path(hostile):
    raw = copy.deepcopy(REAL_RAW)
    _put(raw, hostile["field"], hostile["text"])
    with pytest.raises(InvalidData) as error:
        load_guideline(raw)
    assert {p.path for p in error.value.problems} == {hostile["field"]}, error.value.problems
    assert any(hostile["refused"] in p.reason for p in error.value.problems), error.value.problems


@pytest.mark.parametrize("control", ["\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))])
def test_every_bidirectional_control_is_refused(control):
    assert refusals(f"Stop {control}01 days") == [f"U+{ord(control):04X} is not allowed: a bidirectional control, it reorders what the reader sees"]


@pytest.mark.parametrize(
    "markdown",
    [
        "INR < 2.0 and CrCl<30",
        "a -> b, 5 <10",
        "**bold**, *emphasis* and `code`",
        "[PubMed](https://pubmed.ncbi.nlm.nih.gov/1/) and [a page](assessment.md#risk-young-female-thoracic)",
        'an [anchor](#how-to-cite), a [page above](../cases/ "Worked cases")',
        "references [1] to [7], A & B, ***strong emphasis***",
    ],
)
def test_inline_markdown_and_plain_signs_are_allowed(markdown):
    assert refusals(markdown) == []


def test_placeholders_are_allowed_in_template_fields_only():
    assert refusals("Stop {drug} {days} days before.", TEMPLATE) == []
    assert refusals("Stop {drug}{: onclick=x } before.", TEMPLATE) == [
        "braces other than {slot} placeholders are not allowed: an attribute list '{: ...}' sets HTML attributes"
    ]
    assert refusals("Stop {drug} before.") != []


def test_a_field_registered_as_a_template_takes_placeholders_and_every_string_below_it_too(monkeypatch):
    monkeypatch.setitem(source_text.FIELD_KINDS, "conclusions", TEMPLATE)
    source = {"conclusions": [{"id": "urgent", "template": "Stop {drug} now."}], "statements": [{"id": "s", "text": "Stop {drug} now."}]}
    assert [p.path for p in text_problems(source)] == ["statements[s].text"]


@pytest.mark.parametrize("tag", ["<b>bold</b>", "<img src=x onerror=alert(1)>", "<br/>", "<!-- hidden -->", "</div>"])
def test_html_in_any_text_is_rejected_with_its_key_path(tag):
    source = {"references": [{"key": "fox1993", "candidates": [{"title": "A " + tag}]}]}
    assert text_problems(source) == [
        Problem("references[fox1993].candidates[0].title", f"HTML is not allowed (found '{tag[: tag.index('>') + 1]}'): write Markdown")
    ]


def test_every_text_problem_is_collected_with_the_other_problems():
    raw = yaml.safe_load(DEFAULT_SOURCE.read_text())
    _put(raw, "sections[assessment].title", "Assessment\ntemplate: 404.html")
    _put(raw, "statements[observe-incidental].text", "Stop \u202e01 days")
    raw["references"][0]["year"] = "x"
    with pytest.raises(InvalidData) as error:
        load_guideline(raw)
    paths = [p.path for p in error.value.problems]
    assert {"references[0].year", "sections[assessment].title", "statements[observe-incidental].text"} <= set(paths)


def test_the_site_build_stops_at_hostile_text_with_its_key_path(tmp_path, capsys):
    raw = yaml.safe_load(DEFAULT_SOURCE.read_text())
    hostile = HOSTILE_TEXT[0]
    _put(raw, hostile["field"], hostile["text"])
    path = tmp_path / "guideline.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    packaged = PACKAGED_SOURCE.read_bytes()
    # `make site` runs this entry point; validation fails before any page, asset or site is written.
    assert build_site.main(["--source", str(path), "--site", str(tmp_path / "site")]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"{path}: {hostile['field']}: a line break is not allowed: the field is one line (a folded `>-` scalar folds to one)"]
    assert not (tmp_path / "site").exists() and PACKAGED_SOURCE.read_bytes() == packaged


def _drug(raw: dict, drug_id: str) -> dict:
    return next(d for d in raw["antithrombotics"] if d["id"] == drug_id)


def test_a_synonym_that_is_not_a_list_of_words_fails_with_its_key_path():
    raw = copy.deepcopy(REAL_RAW)
    _drug(raw, "apixaban")["synonyms"] = "Eliquis"
    next(c for c in raw["drug_classes"] if c["id"] == "doac")["synonyms"] = ["DOAC", 7]
    with pytest.raises(InvalidData) as error:
        load_guideline(raw)
    drug = [d["id"] for d in raw["antithrombotics"]].index("apixaban")
    drug_class = [c["id"] for c in raw["drug_classes"]].index("doac")
    paths = {p.path for p in error.value.problems}
    assert paths == {f"antithrombotics[{drug}].synonyms", f"drug_classes[{drug_class}].synonyms[1]"}


def test_a_synonym_repeating_the_label_or_another_synonym_fails_with_its_key_path():
    raw = copy.deepcopy(REAL_RAW)
    _drug(raw, "apixaban")["synonyms"] = ["Eliquis", "eliquis", "Apixaban"]
    with pytest.raises(InvalidData) as error:
        load_guideline(raw)
    assert [str(p) for p in error.value.problems] == [
        "antithrombotics[apixaban].synonyms[1]: 'eliquis' repeats the label or another synonym",
        "antithrombotics[apixaban].synonyms[2]: 'Apixaban' repeats the label or another synonym",
    ]

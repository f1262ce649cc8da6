"""The hazard log names, for every hazard, at least one test that exists."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

HERE = Path(__file__).parent


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_hazard_names_existing_tests():
    hazards = yaml.safe_load((HERE / "hazard_log.yaml").read_text())["hazards"]
    assert hazards
    missing = []
    for hazard in hazards:
        assert hazard["tests"], f"{hazard['id']} names no test"
        assert hazard["mitigation"].strip()
        for ref in hazard["tests"]:
            file, name = ref.split("::")
            if not (HERE / file).exists() or name not in _test_names(HERE / file):
                missing.append(f"{hazard['id']}: {ref}")
    assert not missing, missing


def test_every_hazard_a_conclusion_template_names_is_in_the_log(source):
    logged = {h["id"] for h in yaml.safe_load((HERE / "hazard_log.yaml").read_text())["hazards"]}
    named = {t.id: t.hazard for t in source.guideline.conclusions if t.hazard}
    assert named, "no conclusion names its hazard"
    assert not {tid: h for tid, h in named.items() if h not in logged}

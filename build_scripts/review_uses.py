"""What uses each source item: engine rules, other source entries, tests and worked cases.

The review pack shows these beside each item, so that a reviewer sees what a change to it touches.
Everything is found by reading, not by running: the engine's id registry (`source_ids`) and the
modules that import it, the source's own cross-references, and the text of the tests.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hemangioma_calc import source_ids
from hemangioma_calc.guideline import Guideline


@dataclass(frozen=True)
class Uses:
    engine: tuple[str, ...] = ()  # "module.py: function"
    data_keys: tuple[str, ...] = ()  # the item's data keys the engine reads by name
    source: tuple[str, ...] = ()  # other source entries naming the item
    tests: tuple[str, ...] = ()  # "file::test_name", "hazard_log.yaml::H1"
    cases: tuple[str, ...] = ()  # "case-id: expected field"


# --- the engine ---------------------------------------------------------------------------------
def registry_names() -> dict[str, str]:
    """Constant name in `source_ids` -> the item id it spells (data-key constants left out)."""
    ids = set(source_ids.REQUIRED)
    return {name: value for name, value in vars(source_ids).items() if name.isupper() and isinstance(value, str) and value in ids}


def _names_used(node: ast.AST) -> set[str]:
    found: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            found.add(child.id)
        elif isinstance(child, ast.Attribute):
            found.add(child.attr)
    return found


def _units(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    """The named parts of a module: functions, methods, and module-level assignments."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield f"{node.name}.{member.name}", member
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            yield ", ".join(ast.unparse(t) for t in targets), node


def _engine_units(engine_dir: Path) -> Iterator[tuple[str, str, ast.AST]]:
    """(module file name, unit name, node) for the named parts of every engine module but the registry."""
    for module in sorted(engine_dir.glob("*.py")):
        if module.name != "source_ids.py":
            for unit, node in _units(ast.parse(module.read_text(encoding="utf-8"))):
                yield module.name, unit, node


def engine_uses(engine_dir: Path) -> dict[str, list[str]]:
    """Item id -> the engine functions that read it through its `source_ids` constant."""
    constants = registry_names()
    uses: dict[str, list[str]] = {}
    for module, unit, node in _engine_units(engine_dir):
        for name in sorted(_names_used(node) & constants.keys()):
            uses.setdefault(constants[name], []).append(f"{module}: {unit}")
    return uses


def template_uses(engine_dir: Path, template_ids: set[str]) -> dict[str, list[str]]:
    """Conclusion template id -> the engine functions that draw it by name (`say("id", ...)`)."""
    constants = registry_names()  # a template with an item's id is drawn by that item's constant
    # A registry table of template ids (LAST_DOSE_IN_LINE): a function that reads it draws each.
    tables = {
        name: drawn for name, v in vars(source_ids).items() if name.isupper() and isinstance(v, dict) and (drawn := set(v.values()) & template_ids)
    }
    uses: dict[str, list[str]] = {}
    for module, unit, node in _engine_units(engine_dir):
        for name in sorted(_names_used(node) & tables.keys()):
            for template_id in sorted(tables[name]):
                uses.setdefault(template_id, []).append(f"{module}: {unit}")
        for child in ast.walk(node):
            if isinstance(child, ast.Constant) and child.value in template_ids:
                uses.setdefault(child.value, []).append(f"{module}: {unit}")
            elif isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id == "say" and child.args:
                first = child.args[0]
                if isinstance(first, ast.Name) and constants.get(first.id) in template_ids:
                    uses.setdefault(constants[first.id], []).append(f"{module}: {unit}")
    return {k: list(dict.fromkeys(v)) for k, v in uses.items()}


# --- the source's own cross-references ------------------------------------------------------------
def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(key path, string) for every string held in a model object, dataclasses and tuples alike."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, (tuple, list)):
        for index, element in enumerate(value):
            yield from _strings(element, f"{path}[{index}]")


def source_uses(guideline: Guideline) -> dict[str, list[str]]:
    """Item id -> the drug classes, drugs, algorithm branches and statements that name it."""
    ids = {item.id for item in guideline.identified_items()}
    named: list[tuple[str, Any, str]] = [
        *((f"drug class {c.id}", c, "") for c in guideline.drug_classes),
        *((f"drug {d.id}", d, "") for d in guideline.antithrombotics),
        *((f"algorithm branch {b.pathway}", b, "") for b in guideline.algorithm),
        *((f"statement {s.id}", s.assumptions, "assumptions") for s in guideline.statements),
    ]
    uses: dict[str, list[str]] = {}
    for owner, value, prefix in named:
        for path, text in _strings(value, prefix):
            if text in ids and path != "id":
                uses.setdefault(text, []).append(f"{owner}: {path}")
    return uses


def case_uses(guideline: Guideline) -> dict[str, list[str]]:
    """Item or conclusion id -> the worked cases whose expected plan names it, with the expectation."""
    ids = {item.id for item in guideline.identified_items()} | {t.id for t in guideline.conclusions}
    uses: dict[str, list[str]] = {}
    for case in guideline.cases:
        for path, text in _strings(case.expected, ""):
            if text in ids:
                uses.setdefault(text, []).append(f"{case.id}: {path.split('[')[0]}")
    return uses


# --- the tests ------------------------------------------------------------------------------------
def _word(item_id: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(item_id)}(?![\w-])")


def _test_texts(tests_dir: Path) -> list[tuple[str, str, set[str]]]:
    """(file::test, source text with decorators, names it uses) for every test function."""
    found = []
    for path in sorted(tests_dir.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        module_level = {unit: ast.get_source_segment(text, node) or "" for unit, node in _units(tree) if not isinstance(node, ast.FunctionDef)}
        for unit, node in _units(tree):
            if not unit.split(".")[-1].startswith("test_") or not isinstance(node, ast.FunctionDef):
                continue
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            body = "\n".join(lines[first - 1 : node.end_lineno])
            used = _names_used(node) | {n for d in node.decorator_list for n in _names_used(d)}
            # A module-level table the test reads (parametrize cases, expected ids) counts as its text.
            body += "\n" + "\n".join(source for name, source in module_level.items() if set(name.split(", ")) & used)
            found.append((f"{path.name}::{unit.replace('.', '::')}", body, used))
    return found


def tests_mentioning(ids: list[str], tests_dir: Path, hazard_log: Path) -> dict[str, list[str]]:
    """Item id -> the tests that mention it (its string, or its `source_ids` constant), and hazards."""
    constants = registry_names()
    constant_of: dict[str, set[str]] = {}
    for name, item_id in constants.items():
        constant_of.setdefault(item_id, set()).add(name)
    tests = _test_texts(tests_dir)
    hazards = yaml.safe_load(hazard_log.read_text(encoding="utf-8")).get("hazards", []) if hazard_log.exists() else []
    hazard_texts = [(f"{hazard_log.name}::{h['id']}", yaml.safe_dump(h)) for h in hazards]
    uses: dict[str, list[str]] = {}
    for item_id in ids:
        pattern = _word(item_id)
        names = constant_of.get(item_id, set())
        hits = [test for test, body, used in tests if pattern.search(body) or names & used]
        hits += [hazard for hazard, text in hazard_texts if pattern.search(text)]
        if hits:
            uses[item_id] = hits
    return uses


def all_uses(guideline: Guideline, engine_dir: Path, tests_dir: Path, hazard_log: Path) -> dict[str, Uses]:
    """What uses each item, and each conclusion template (keyed by its id; ids may coincide, so
    templates are keyed `conclusion:<id>`)."""
    ids = [item.id for item in guideline.identified_items()]
    templates = [t.id for t in guideline.conclusions]
    engine, source, cases = engine_uses(engine_dir), source_uses(guideline), case_uses(guideline)
    drawn = template_uses(engine_dir, set(templates))
    tests = tests_mentioning(ids, tests_dir, hazard_log)
    template_tests = tests_mentioning(templates, tests_dir, hazard_log)
    uses = {
        f"conclusion:{t.id}": Uses(
            engine=tuple(drawn.get(t.id, ()))
            or tuple(f"plain conclusion of {i}: " + ", ".join(engine.get(i, ["the pathway"])) for i in t.speaks_for),
            tests=tuple(template_tests.get(t.id, ())),
            cases=tuple(cases.get(t.id, ())),
        )
        for t in guideline.conclusions
    }
    return uses | {
        item_id: Uses(
            engine=tuple(engine.get(item_id, ())),
            data_keys=tuple(key for key in source_ids.REQUIRED.get(item_id, ()) if key != source_ids.VALUE)
            + (("its value",) if source_ids.VALUE in source_ids.REQUIRED.get(item_id, ()) else ()),
            source=tuple(source.get(item_id, ())),
            tests=tuple(tests.get(item_id, ())),
            cases=tuple(cases.get(item_id, ())),
        )
        for item_id in ids
    }

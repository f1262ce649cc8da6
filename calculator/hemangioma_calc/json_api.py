"""JSON text in, JSON text out: the boundary the browser worker calls (plain data across it)."""

from __future__ import annotations

import gc
import json

from .case import Case
from .case_input import JsonTextError, more_problems_line, parse_json_text, shown_problems
from .guideline import Guideline
from .packaged import packaged_source, use_source
from .plan import evaluate
from .text_report import record_note
from .typed_data import InvalidData, prepare

INVALID_CASE = '{"age": 10}'


def warm_up_cases() -> list[str]:
    """An urgent, neuraxial case on each drug of the source (the longest paths), and an invalid one."""
    drugs = packaged_source().guideline.antithrombotics
    urgent = {"age": 66, "sex": "male", "level": "T6", "pain": "present", "neurological_deficit": True, "anesthesia": "neuraxial"}
    return [json.dumps({**urgent, "antithrombotic": drug.id}) for drug in drugs] + [INVALID_CASE]


def evaluate_json(case_text: str) -> str:
    """`{"ok": true, "plan": ..., "record": the note for the patient's record}` or `{"ok": false, "errors": [{"field", "reason"}]}`; never raises on input
    (tests/test_json_api.py checks that over arbitrary JSON and arbitrary text)."""
    try:
        plan = evaluate(parse_json_text(case_text))
    except JsonTextError as error:
        return json.dumps({"ok": False, "errors": [{"field": "", "reason": str(error)}]})
    except InvalidData as error:
        shown, hidden = shown_problems(error.problems)
        errors = [{"field": p.path.split(".")[0].split("[")[0], "reason": p.reason, "path": p.path} for p in shown]
        if hidden:
            errors.append({"field": "", "reason": more_problems_line(hidden), "path": ""})
        return json.dumps({"ok": False, "errors": errors})
    return json.dumps({"ok": True, "plan": plan, "record": record_note(plan)}, ensure_ascii=False, separators=(",", ":"))


def start(source_text: str) -> None:
    """The browser's start: interpret this exported source from now on. It ships as its own file,
    validated by this engine when the site was built (build_scripts/calculator_assets.py), and the
    worker has checked its bytes against the build's hash before handing them over, so only its
    model is built here (raises InvalidData on a type the model refuses). The worker calls `settle`
    once the first plan is out, so that the reader does not wait for the warm-up."""
    use_source(source_text, validated_at_build=True)


def prepare_model() -> None:
    """Before any source or case: work out how both are built (no content), so that the build's
    memory snapshot holds it and a restored engine's first source load and first plan are not also
    its slowest (build_scripts/make_snapshot.mjs calls it)."""
    prepare(Guideline, Case)


def settle() -> None:
    """Run every lazy path once, then freeze the objects that exist into the permanent generation,
    so that later garbage collections stay short (no pauses while the user types)."""
    for case in warm_up_cases():
        evaluate_json(case)
    gc.collect()
    gc.freeze()

"""The engine's own tests, run again inside a real Pyodide runtime (Node, the npm package), against
the wheel, lockfile and trimmed standard-library archive the browser loads: a difference between
CPython and Pyodide's Python, or a module the archive lacks, fails here and not for a user.

Parity, not the whole space again: the rule, JSON-API, worked-case, CLI and contract tests, and the
digest of the plans of the input space's fixed sample, which must be this CPython's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_plan_parity import plans_digest

from build_scripts.stdlib_archive import build_stdlib_archive, traced_modules
from hemangioma_calc.packaged import PackagedSource

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.full
ENGINE_TESTS = [
    "tests/test_engine_rules.py", "tests/test_json_api.py", "tests/test_worked_cases.py",
    "tests/test_cli.py", "tests/test_contract.py", "tests/test_plan_parity.py",
]  # fmt: skip
SKIPPED_PARITY = "compares another interpreter with the main CPython"


def parity_args(source: PackagedSource) -> list[str]:
    """The other interpreter's pytest arguments: the engine's tests, compared with this CPython's plans."""
    return ["-rs", f"--expected-plan-digest={plans_digest(source)}", *ENGINE_TESTS]


@pytest.mark.processes
def test_engine_test_suite_passes_inside_pyodide(source):
    for needed, how in [
        (ROOT / "docs/assets/pyodide/pyodide-lock.json", "make site (builds the browser runtime and wheel)"),
        (ROOT / "build/pyodide-site/pytest", "make setup (installs the pure-Python test tools for Pyodide)"),
    ]:
        assert needed.exists(), f"{needed.relative_to(ROOT)} is missing: run {how}"
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide outside the browser"
    result = subprocess.run(
        [node, "tests/pyodide/run_engine_tests.mjs", "-q", *parity_args(source)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Pyodide Python 3.14" in output and "on emscripten" in output
    summary = re.search(r"(\d+) passed", output)
    assert summary and int(summary.group(1)) > 100, output[-2000:]
    assert " failed" not in output and SKIPPED_PARITY not in output
    assert "every module the engine imported came from the shipped standard-library archive" in output


@pytest.mark.processes
def test_a_module_missing_from_the_shipped_archive_fails_the_engine_tests(tmp_path):
    """The guard itself: an archive without argparse (which the engine's command line imports)."""
    archive = tmp_path / "python_stdlib.zip"
    build_stdlib_archive(ROOT / "node_modules/pyodide/python_stdlib.zip", archive, [m for m in traced_modules() if m != "argparse"])
    result = subprocess.run(
        [shutil.which("node") or "node", "tests/pyodide/run_engine_tests.mjs", "--stdlib", str(archive), "-q", "tests/test_cli.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert "not in the shipped standard-library archive" in output and "  argparse" in output

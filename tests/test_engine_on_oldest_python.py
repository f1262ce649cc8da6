"""The engine's tests on the oldest CPython it supports (3.11), from its source tree, with the
same pure-Python test tools used inside Pyodide: standard library only, nothing newer assumed.
The same parity tests as inside Pyodide (see test_engine_in_pyodide.py)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_engine_in_pyodide import SKIPPED_PARITY, parity_args

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.full


def _python311() -> str | None:
    candidates = [shutil.which("python3.11"), *sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.11*/bin/python3.11")))]
    for candidate in filter(None, candidates):
        if subprocess.run([candidate, "-c", "import sys; assert sys.version_info[:2] == (3, 11)"], capture_output=True).returncode == 0:
            return candidate
    return None


@pytest.mark.processes
def test_engine_test_suite_passes_on_cpython_311(source):
    python = _python311()
    if python is None:
        pytest.skip("no CPython 3.11 on this machine")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "build" / "pyodide-site"), str(ROOT / "calculator")])}
    result = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "not console_command", *parity_args(source)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "passed" in result.stdout.splitlines()[-1] and SKIPPED_PARITY not in result.stdout

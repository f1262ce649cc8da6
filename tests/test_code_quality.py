"""The code stays as the project's tools require: ruff's lint rules and format, and mypy in strict
mode for the engine (pyproject.toml holds both configurations)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON_CODE = ["calculator", "tests", "build_scripts"]

pytestmark = pytest.mark.processes


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_no_lint_problem():
    result = _run("ruff", "check", *PYTHON_CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted_as_ruff_formats_it():
    result = _run("ruff", "format", "--check", *PYTHON_CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_engine_type_checks_in_strict_mode():
    result = _run("mypy")  # files and strictness from [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr

"""The memory snapshot ships as only its pages that hold something (docs/assets/calculator/
snapshot_pages.mjs, written at build time and read by the worker): any memory comes back byte for
byte, and the shipped snapshot unpacks to a Pyodide snapshot (its magic number) of the length its
page list declares, in the one canonical packing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.full  # needs the built site or another interpreter
RUNTIME = ROOT / "docs/assets/pyodide"


def _check(*args: str) -> dict:
    result = subprocess.run(
        [shutil.which("node") or "node", "tests/pyodide/snapshot_pages_check.mjs", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.processes
def test_any_memory_comes_back_byte_for_byte_and_zero_pages_cost_nothing():
    checked = _check()
    assert all(checked["roundTrips"].values()), checked["roundTrips"]
    assert checked["packedSizes"]["all_zero"] == 8  # the length and an empty run list
    assert checked["packedSizes"]["adjacent_pages_one_run"] == 8 + 2 * 8 + 3 * 4096  # pages 0-1 one run, page 3 another, page 2 left out


@pytest.mark.processes
def test_the_shipped_snapshot_unpacks_to_a_pyodide_snapshot(tmp_path):
    inflated = RUNTIME / "engine-snapshot.bin"  # as make_snapshot.mjs wrote it; the site ships it brotli-compressed
    shipped = _check(str(inflated))["shipped"]
    magic = int(re.search(r"\$r=(\d+)", (RUNTIME / "pyodide.asm.mjs").read_text()).group(1))  # Pyodide's snapshot magic number
    assert shipped["firstWord"] == magic
    assert shipped["repacksSame"]
    assert shipped["length"] > inflated.stat().st_size  # the zero pages were left out

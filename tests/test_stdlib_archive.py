"""The calculator's standard-library archive carries compiled code only: each traced module as a
sourceless .pyc that zipimport loads without compiling, no docstring travels, and the archive is
smaller than the sources it was compiled from.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from build_scripts.stdlib_archive import source_members, traced_modules

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.full  # needs the built site or another interpreter
FULL = ROOT / "node_modules/pyodide/python_stdlib.zip"
SHIPPED = ROOT / "docs/assets/pyodide/python_stdlib.zip"
UNCHECKED_HASH = (0b01).to_bytes(4, "little")  # PEP 552 flags: hash-based, never checked against a source


def test_every_traced_module_ships_compiled_without_its_source():
    sources = source_members(FULL, traced_modules())
    with zipfile.ZipFile(SHIPPED) as archive:
        assert archive.namelist() == [name + "c" for name in sources]
        flags = {name: archive.read(name)[4:8] for name in archive.namelist()}
    assert all(value == UNCHECKED_HASH for value in flags.values()), "same bytes every build: no timestamp in a header"


def test_the_archive_is_smaller_than_the_sources_it_was_compiled_from():
    sources = set(source_members(FULL, traced_modules()))
    with zipfile.ZipFile(FULL) as full:
        source_bytes = sum(info.file_size for info in full.infolist() if info.filename in sources)
    assert SHIPPED.stat().st_size < source_bytes


@pytest.mark.processes
def test_no_docstring_of_the_standard_library_is_shipped():
    result = subprocess.run(
        [shutil.which("node") or "node", "tests/pyodide/shipped_docstrings.mjs", str(FULL), str(SHIPPED)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    counted = json.loads(result.stdout.strip().splitlines()[-1])
    assert counted["docstrings"] > 1000, "the sources' docstrings were found, so their absence means something"
    assert counted["shipped"] == []

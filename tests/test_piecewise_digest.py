"""The worker checks every runtime file by its piecewise digest (the SHA-256 of its 256 KiB pieces'
SHA-256s: docs/assets/calculator/piecewise_digest.mjs), against the values the build writes into the
runtime manifest (build_scripts/runtime_manifest.py): the two sides compute one digest, every file
the manifest hashes has one, and a change of any byte changes it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from build_scripts.runtime_manifest import PIECE, piecewise_digest, read_manifest, write_manifest

ROOT = Path(__file__).resolve().parent.parent
SIZES = (0, 1, PIECE - 1, PIECE, PIECE + 1, 3 * PIECE + 5)


def _sample(size: int) -> bytes:
    return bytes((7 * i) & 255 for i in range(size))


@pytest.mark.full  # another interpreter
@pytest.mark.processes
def test_the_worker_and_the_build_compute_the_same_piecewise_digest():
    script = (
        'import { piecewiseDigest } from "./docs/assets/calculator/piecewise_digest.mjs";'
        f"const out = {{}}; for (const n of {json.dumps(SIZES)}) out[n] = await piecewiseDigest(new Uint8Array(n).map((_, i) => (7 * i) & 255));"
        "console.log(JSON.stringify(out));"
    )
    result = subprocess.run(
        [shutil.which("node") or "node", "--input-type=module", "-e", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout) == {str(n): piecewise_digest(_sample(n)) for n in SIZES}


@pytest.mark.parametrize("at", [0, PIECE - 1, PIECE, 2 * PIECE + 3])
def test_a_change_of_any_byte_changes_the_digest(at):
    data = bytearray(_sample(3 * PIECE))
    before = piecewise_digest(bytes(data))
    data[at] ^= 1
    assert piecewise_digest(bytes(data)) != before


def test_a_file_cut_at_a_piece_boundary_changes_the_digest():
    data = _sample(2 * PIECE)
    assert piecewise_digest(data[:PIECE]) != piecewise_digest(data)


def test_every_file_the_manifest_hashes_has_a_piecewise_digest_of_its_bytes(tmp_path):
    (tmp_path / "pyodide.asm.wasm").write_bytes(_sample(PIECE + 9))
    (tmp_path / "python_stdlib.zip").write_bytes(b"zip")
    write_manifest(tmp_path)
    text = (tmp_path / "runtime-manifest.mjs").read_text()
    pieces = json.loads(text.split("export const PIECES = ", 1)[1].split(";\n", 1)[0])
    assert pieces.keys() == read_manifest(tmp_path).keys()
    assert pieces["pyodide.asm.wasm"] == piecewise_digest(_sample(PIECE + 9))

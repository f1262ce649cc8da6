"""The offline copy as the build writes it: the runtime manifest names each brotli-compressed file by
the hash of its decoded bytes too (which the worker checks the service worker's decoded copy with),
the service worker keeps them decoded with those hashes, and a site over the 40 MB offline budget
fails its build with a clear message instead of a service worker that cannot install."""

from __future__ import annotations

import json
import os
from pathlib import Path

import brotli
import pytest
from jinja2 import DictLoader, Environment

from build_scripts.offline import OFFLINE_BUDGET_BYTES, write_service_worker
from build_scripts.runtime_manifest import integrity, read_manifest, write_manifest

SW_TEMPLATE = "{{ version }}|{{ files_json }}|{{ derived_json }}"


def _site(tmp_path: Path, snapshot: bytes, wasm: bytes = b"\0asm") -> Path:
    runtime = tmp_path / "assets" / "pyodide"
    runtime.mkdir(parents=True)
    (runtime / "engine-snapshot.bin").write_bytes(snapshot)  # as the build leaves it beside the compressed copy
    (runtime / "engine-snapshot.bin.br").write_bytes(brotli.compress(snapshot))
    (runtime / "pyodide.asm.wasm.br").write_bytes(brotli.compress(wasm))
    (tmp_path / "index.html").write_text("<h1>Home</h1>")
    return tmp_path


def test_the_manifest_names_the_snapshot_by_the_hash_of_its_decoded_bytes_and_of_its_shipped_ones(tmp_path):
    runtime = _site(tmp_path, b"pages" * 1000) / "assets" / "pyodide"
    write_manifest(runtime)
    manifest = read_manifest(runtime)
    assert manifest["engine-snapshot.bin"] == integrity(b"pages" * 1000)
    assert manifest["engine-snapshot.bin.br"] == integrity((runtime / "engine-snapshot.bin.br").read_bytes())


def test_the_service_worker_keeps_the_snapshot_and_the_wasm_decoded_beside_the_shipped_files(tmp_path):
    site = _site(tmp_path, b"pages", b"\0asm code")
    write_service_worker(Environment(loader=DictLoader({"sw.js.j2": SW_TEMPLATE})), site)
    derived = json.loads((site / "sw.js").read_text().split("|")[2])
    assert derived == {
        "assets/pyodide/engine-snapshot.bin": {"from": "assets/pyodide/engine-snapshot.bin.br", "hash": integrity(b"pages")},
        "assets/pyodide/pyodide.asm.wasm": {"from": "assets/pyodide/pyodide.asm.wasm.br", "hash": integrity(b"\0asm code")},
    }


def test_a_site_over_the_offline_budget_fails_its_build_saying_by_how_much(tmp_path):
    site = _site(tmp_path, b"")
    (site / "big.bin").write_bytes(os.urandom(1024) * (OFFLINE_BUDGET_BYTES // 1024 + 1))
    with pytest.raises(SystemExit, match="over its budget of 40 MB"):
        write_service_worker(Environment(loader=DictLoader({"sw.js.j2": SW_TEMPLATE})), site)

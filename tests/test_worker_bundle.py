"""The calculator's worker ships as one module (build_scripts/worker_bundle.py): a warm start then
fetches no second round of static imports through the service worker before its first step. The
modules run in their order, the confinement first; a build without esbuild fails saying what to run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_scripts import worker_bundle
from build_scripts.worker_bundle import WORKER, BundleError, bundle_worker

STATIC_IMPORT = re.compile(r'^\s*(?:import\s*["{*\w]|export\s[^\n]*\bfrom\s)', re.M)


def _site(tmp_path: Path) -> Path:
    calculator = tmp_path / "assets" / "calculator"
    calculator.mkdir(parents=True)
    (tmp_path / "assets" / "worker_confinement.js").write_text('self.order = ["confinement"];\n')
    (calculator / "part.js").write_text('self.order.push("part");\nexport const PART = 1;\n')
    (calculator / "worker.mjs").write_text(
        'import "../worker_confinement.js";\nimport { PART } from "./part.js";\n'
        'self.order.push("worker", PART);\nconst later = import(self.location.href + "pyodide.mjs");\n'
    )
    return tmp_path


@pytest.mark.processes
def test_the_worker_ships_as_one_module_its_parts_in_their_order_confinement_first(tmp_path):
    site = _site(tmp_path)
    bundle_worker(site)
    text = (site / WORKER).read_text()
    assert not STATIC_IMPORT.search(text)  # nothing left to fetch before the first step
    assert text.index('"confinement"') < text.index('"part"') < text.index('"worker"')
    assert "import(self.location.href" in text  # Pyodide's loader and module stay dynamic imports
    assert "tmp" not in text.split("\n", 1)[1]  # parts named by their paths in the site: reproducible


def test_a_build_without_esbuild_fails_saying_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setattr(worker_bundle, "ESBUILD", worker_bundle.ROOT / "node_modules" / ".bin" / "no-such-esbuild")
    with pytest.raises(BundleError, match="npm ci"):
        bundle_worker(_site(tmp_path))

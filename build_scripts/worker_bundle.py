"""Post-build step: the calculator's worker ships as one module.

The worker is written as small modules (docs/assets/calculator/worker.mjs and what it imports: the
confinement, the loading reports, the snapshot's page format, the piecewise digest, the protocol,
the runtime manifest), each linted, type-checked and unit-tested as it is, and `make serve` serves
them so. A worker fetches its static imports only once its own script has arrived, each through the
service worker, so a warm start waited for a second round of requests before its first step: joined
into one module by esbuild (the order in which the modules run kept, the confinement first), the
warm linked case's first plan came at 384 ms against 413 ms (six interleaved visits each,
2026-12-07). Its dynamic imports (Pyodide's loader and module, by the manifest's addresses) stay
dynamic. Runs before script_integrity.py and the service worker, which list and check it like any file.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .source_files import ROOT

ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"
WORKER = "assets/calculator/worker.mjs"
BANNER = "// The calculator's worker: docs/assets/calculator/worker.mjs and its imports joined by build_scripts/worker_bundle.py (esbuild)."


class BundleError(RuntimeError):
    pass


def bundle_worker(site: Path) -> None:
    """Replace the site's worker.mjs by its bundle (the same path, so every address of it holds)."""
    if not ESBUILD.is_file():
        raise BundleError(f"{ESBUILD.relative_to(ROOT)} is missing: run `npm ci` (make setup does)")
    entry = site / WORKER
    bundled = entry.with_name(".worker-bundle.mjs")
    # Run from the site, so the bundle names its parts by their paths there (reproducible builds).
    result = subprocess.run(
        [str(ESBUILD), WORKER, "--bundle", "--format=esm", "--platform=browser", "--log-level=warning",
         f"--banner:js={BANNER}", f"--outfile={bundled.relative_to(site)}"],
        cwd=site, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise BundleError(f"{WORKER} could not be bundled:\n{result.stderr.strip()}")
    bundled.replace(entry)

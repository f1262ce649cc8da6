"""Post-build step: the service worker that precaches the built site for offline use.

Writes site/sw.js with every file of the build and its SHA-256 (Subresource Integrity form), and a
version derived from those contents only, so that any change of content gives a new service worker
and a new, complete cache, while an unchanged file is copied from the previous cache, not downloaded.
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
from pathlib import Path

import brotli
from jinja2 import Environment

from .calculator_assets import DECODER_BINDINGS, DECODER_WASM, NPM_DECODER
from .runtime_manifest import build_id, integrity
from .worker_bundle import ESBUILD

# Not precached: the worker itself, files for crawlers, source maps, and lunr's language support
# (the site's search language is English, which needs none of it; a test searches offline).
NOT_PRECACHED = ("sw.js", "sitemap.xml", "sitemap.xml.gz", "*.map", "assets/javascripts/lunr/*")
# Every file is stored as it is served, uncompressed: the service worker answers with the stored
# response itself, from which alone V8 reuses compiled code (templates/sw.js.j2). Within this budget:
OFFLINE_BUDGET_BYTES = 40 * 1024 * 1024
# Kept decoded as well, beside the shipped file, derived by the service worker at install: the runtime
# files that ship brotli-compressed (the wasm, Pyodide's module, the standard library, the memory
# snapshot), so that a warm start decodes nothing (the worker checks them against the runtime
# manifest's hashes).
DERIVED_FROM = "assets/pyodide/*.br"
RUNTIME = "assets/pyodide/"


def derived_files(site: Path, files: dict[str, str]) -> dict[str, tuple[str, bytes]]:
    """Each derived file -> the file it is decoded from and its decoded bytes."""
    compressed = [file for file in files if fnmatch.fnmatch(file, DERIVED_FROM)]
    return {file.removesuffix(".br"): (file, brotli.decompress((site / file).read_bytes())) for file in compressed}


def classic_bindings() -> str:
    """brotli-dec-wasm's bindings (an ES module) as a classic script defining BrotliBindings, which a
    service worker can run."""
    result = subprocess.run(
        [str(ESBUILD), DECODER_BINDINGS, "--format=iife", "--global-name=BrotliBindings", "--log-level=error"],
        cwd=NPM_DECODER, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def site_files(site: Path) -> dict[str, str]:
    """Every file as a URL relative to the site root (index.html as its directory URL) -> its integrity."""
    files = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or any(fnmatch.fnmatch(relative, pattern) for pattern in NOT_PRECACHED):
            continue
        if path.name == "index.html":
            relative = relative[: -len("index.html")] or "./"
        files[relative] = integrity(path.read_bytes())
    return files


def write_service_worker(env: Environment, site: Path) -> str:
    files = site_files(site)
    version = build_id(files)
    derived = derived_files(site, files)
    stored = sum((site / (f + "index.html" if f.endswith("/") else f)).stat().st_size for f in files)
    stored += sum(len(data) for _, data in derived.values())
    if stored > OFFLINE_BUDGET_BYTES:
        raise SystemExit(f"the offline copy would take {stored / 2**20:.1f} MB, over its budget of {OFFLINE_BUDGET_BYTES / 2**20:.0f} MB")
    text = env.get_template("sw.js.j2").render(
        version=version,
        files_json=json.dumps(files, indent=1, sort_keys=True),
        derived_json=json.dumps(
            {name: {"from": source, "hash": integrity(data)} for name, (source, data) in derived.items()}, indent=1, sort_keys=True
        ),
        brotli_bindings=classic_bindings(),
        decoder=RUNTIME + DECODER_WASM,
    )
    (site / "sw.js").write_text(text, encoding="utf-8")
    return version

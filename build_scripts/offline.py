"""Post-build step: the service worker that precaches the built site for offline use.

Writes site/sw.js with every file of the build and its SHA-256 (Subresource Integrity form), and a
version derived from those contents only, so that any change of content gives a new service worker
and a new, complete cache, while an unchanged file is copied from the previous cache, not downloaded.
"""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

from jinja2 import Environment

from .runtime_manifest import build_id, integrity

# Not precached: the worker itself, files for crawlers, source maps, and lunr's language support
# (the site's search language is English, which needs none of it; a test searches offline).
NOT_PRECACHED = ("sw.js", "sitemap.xml", "sitemap.xml.gz", "*.map", "assets/javascripts/lunr/*")
# Kept gzipped in the cache (and inflated when served): the calculator runtime's large code, Pyodide's
# wasm and module (13.6 MB plain, 3.8 MB packed). Nothing of Material's: with its bundle or style sheet
# served inflated, its offline search intermittently never answered (tests/test_offline.py searches).
PACKED = ("assets/pyodide/*.wasm", "assets/pyodide/*.mjs")
PACKED_MIN_BYTES = 64 * 1024


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
    packed = [f for f in files if any(fnmatch.fnmatch(f, p) for p in PACKED) and (site / f).stat().st_size >= PACKED_MIN_BYTES]
    text = env.get_template("sw.js.j2").render(
        version=version, files_json=json.dumps(files, indent=1, sort_keys=True), packed_json=json.dumps(packed)
    )
    (site / "sw.js").write_text(text, encoding="utf-8")
    return version

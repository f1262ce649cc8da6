"""Post-build step: Material's search worker runs confined, like the calculator's.

A page's Content-Security-Policy does not reach a worker. The pages' configuration names a small
starter instead of Material's worker script: it loads the confinement (assets/worker_confinement.js)
and Material's worker, then confines the worker before any message (the search index, a query)
reaches it. The starter is named by its content, like every script (one build at a time). Runs
before script_integrity.py and the service worker, which then list and check it like any file.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

WORKERS = "assets/javascripts/workers"
MATERIAL_WORKER = re.compile(r"^search\.[0-9a-f]+\.min\.js$")
CONFINEMENT = "assets/worker_confinement.js"


def confine_search_worker(site: Path) -> str:
    """Write the starter beside Material's worker and point every page at it; return its file name."""
    workers = site / WORKERS
    (material,) = [p.name for p in workers.iterdir() if MATERIAL_WORKER.match(p.name)]
    starter = (
        "// Material's search worker, confined before it receives anything (build_scripts/search_worker.py).\n"
        f'importScripts("../../worker_confinement.js", "{material}");\n'
        'self.hgConfineWorker("the site\'s search");\n'
    )
    name = f"search-confined.{hashlib.sha256(starter.encode()).hexdigest()[:8]}.js"
    assert (site / CONFINEMENT).is_file(), f"{CONFINEMENT} is missing from the site"
    (workers / name).write_text(starter, encoding="utf-8")
    named = f'workers/{material}"'
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if named in html:
            page.write_text(html.replace(named, f'workers/{name}"'), encoding="utf-8")
    return name

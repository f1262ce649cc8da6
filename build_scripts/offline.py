"""Post-build step: the service worker that precaches the built site for offline use.

Writes site/sw.js with the list of every file of the build and a version derived from their
contents, so that any change of content gives a new service worker and a new, complete cache.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from jinja2 import Environment

SKIP = {"sw.js", "sitemap.xml.gz"}


def site_files(site: Path) -> list[str]:
    """Every file as a URL relative to the site root; index.html as its directory URL."""
    urls = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative in SKIP:
            continue
        if path.name == "index.html":
            relative = relative[: -len("index.html")] or "./"
        urls.append(relative)
    return urls


def build_version(site: Path, files: list[str]) -> str:
    digest = hashlib.sha256()
    for url in files:
        path = site / (url + "index.html" if url.endswith("/") else url)
        if url == "./":
            path = site / "index.html"
        digest.update(url.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def write_service_worker(env: Environment, site: Path) -> str:
    files = site_files(site)
    version = build_version(site, files)
    inflate = [f for f in files if f.endswith(".bin.gz")]
    text = env.get_template("sw.js.j2").render(
        version=version, files_json=json.dumps(files, indent=1), inflate_json=json.dumps(inflate)
    )
    (site / "sw.js").write_text(text, encoding="utf-8")
    return version

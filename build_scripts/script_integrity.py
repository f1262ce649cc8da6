"""Post-build step: every script of the site loads under an address that names its content, with
its integrity checked.

- Each relative static import in the site's own modules names its target with the target's content
  hash (`./plan_view.js?v=HASH`), leaves first, so a module graph is one build's whole: no HTTP cache
  (GitHub Pages sends `max-age=600`) can serve an older module under a newer importer.
- Each `<script src>` of a page gets the same address and the file's SHA-256 (Subresource
  Integrity); a page with a module script gets an import map whose `integrity` lists the modules the
  page imports (Chromium applies it to static and dynamic imports). An altered script then does not run.
- The calculator's starter script is told the address of the worker and the page's build id; the
  worker refuses to start under another build (a page and a worker from two deployments).

Workers get no SRI from the browser: the service worker checks them against its own list
(build_scripts/offline.py). Runs before csp.py, which hashes the inline import map into the policy."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from .runtime_manifest import build_id, integrity, read_manifest

MODULES = ("assets/calculator/*.js", "assets/calculator/*.mjs", "assets/pyodide/runtime-manifest.mjs")
STATIC_IMPORT = re.compile(r'(\b(?:from|import)\s*)"(\.{1,2}/[^"?]+)"')
SCRIPT_SRC = re.compile(r'<script([^>]*?)\bsrc="([^"?]+)"([^>]*)>')
MODULE_SCRIPT = re.compile(r'<script[^>]*\btype="module"')
WORKER_STARTER = "assets/calculator/boot.js"
WORKER = "assets/calculator/worker.mjs"


def content_address(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def address_modules(site: Path) -> dict[Path, str]:
    """Rewrite the imports of the site's modules to content addresses; return each module's address."""
    addresses: dict[Path, str] = {}

    def visit(path: Path) -> str:
        if path not in addresses:
            text = path.read_text(encoding="utf-8")

            def pin(match: re.Match[str]) -> str:
                return f'{match.group(1)}"{match.group(2)}?v={visit((path.parent / match.group(2)).resolve())}"'

            pinned = STATIC_IMPORT.sub(pin, text)
            if pinned != text:
                path.write_text(pinned, encoding="utf-8")
            addresses[path] = content_address(pinned.encode("utf-8"))
        return addresses[path]

    for pattern in MODULES:
        for module in sorted(site.glob(pattern)):
            visit(module.resolve())
    return addresses


def _from_page(site: Path, page: Path, file: Path) -> str:
    """The file's URL from the page, in a form an import map resolves ("./" or "../", not bare)."""
    relative = posixpath.relpath(file.relative_to(site).as_posix(), page.parent.relative_to(site).as_posix() or ".")
    return relative if relative.startswith("../") else "./" + relative


def with_integrity(site: Path, page: Path, html: str, addresses: dict[Path, str], build: str) -> str:
    def pin(match: re.Match[str]) -> str:
        attributes, src, rest = match.groups()
        target = (page.parent / src).resolve()
        if "://" in src or not target.is_file() or site not in target.parents or "integrity=" in attributes + rest:
            return match.group(0)
        data = target.read_bytes()
        address = addresses.get(target) or content_address(data)
        if target == site / WORKER_STARTER:
            worker = site / WORKER
            rest += f' data-worker="{posixpath.relpath(WORKER, posixpath.dirname(WORKER_STARTER))}?v={addresses[worker]}&amp;build={build}"'
        return f'<script{attributes}src="{src}?v={address}" integrity="{integrity(data)}"{rest}>'

    html = SCRIPT_SRC.sub(pin, html)
    module = MODULE_SCRIPT.search(html)
    if not module:
        return html
    listed = {f"{_from_page(site, page, path)}?v={address}": integrity(path.read_bytes()) for path, address in sorted(addresses.items())}
    import_map = '<script type="importmap">' + json.dumps({"integrity": listed}, sort_keys=True) + "</script>\n"
    # An import map must come before the first module script (boot.js, a classic script, may precede it).
    return html[: module.start()] + import_map + html[module.start() :]


def add_script_integrity(site: Path) -> int:
    site = site.resolve()
    addresses = address_modules(site)
    build = build_id(read_manifest(site / "assets" / "pyodide"))
    pages = 0
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        checked = with_integrity(site, page, html, addresses, build)
        if checked != html:
            page.write_text(checked, encoding="utf-8")
            pages += 1
    return pages

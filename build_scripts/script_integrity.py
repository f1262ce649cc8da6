"""Post-build step: Subresource Integrity on every page's scripts. Each `<script src>` of the site
gets the SHA-256 of the file it names, and a page with a module script gets an import map whose
`integrity` lists every module of the calculator, so that the modules `main.js` imports are checked
too (Chromium applies import-map integrity to static and dynamic imports). A script altered in the
HTTP cache or in Cache Storage then fails to run instead of running. Workers get no SRI from the
browser: the service worker checks them against its own list (build_scripts/offline.py).
Runs before csp.py, which hashes the inline import map into the page's policy."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from .runtime_manifest import integrity

SCRIPT_SRC = re.compile(r'<script(?![^>]*\bintegrity=)([^>]*?)\bsrc="([^"]+)"([^>]*)>')
MODULE_SCRIPT = re.compile(r'<script[^>]*\btype="module"')
MODULES = ("assets/calculator/*.js", "assets/calculator/*.mjs")


def _page_relative(site: Path, page: Path, file: Path) -> str:
    """The file's URL from the page, in a form an import map resolves ("./" or "../", not bare)."""
    relative = posixpath.relpath(file.relative_to(site).as_posix(), page.parent.relative_to(site).as_posix() or ".")
    return relative if relative.startswith("../") else "./" + relative


def with_integrity(site: Path, page: Path, html: str) -> str:
    def add(match: re.Match[str]) -> str:
        target = (page.parent / match.group(2).split("?")[0]).resolve()
        if "://" in match.group(2) or not target.is_file() or site.resolve() not in target.parents:
            return match.group(0)
        return f'<script{match.group(1)}src="{match.group(2)}" integrity="{integrity(target.read_bytes())}"{match.group(3)}>'

    html = SCRIPT_SRC.sub(add, html)
    module = MODULE_SCRIPT.search(html)
    if not module:
        return html
    modules = sorted(path for pattern in MODULES for path in site.glob(pattern))
    listed = {_page_relative(site, page, path): integrity(path.read_bytes()) for path in modules}
    import_map = '<script type="importmap">' + json.dumps({"integrity": listed}, sort_keys=True) + "</script>\n"
    # An import map must come before the first module script (boot.js, a classic script, may precede it).
    return html[: module.start()] + import_map + html[module.start() :]


def add_script_integrity(site: Path) -> int:
    pages = 0
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        checked = with_integrity(site, page, html)
        if checked != html:
            page.write_text(checked, encoding="utf-8")
            pages += 1
    return pages

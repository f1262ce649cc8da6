"""Post-build step: every script of the site loads under an address that names its content, with
its integrity checked.

- Each relative static import in the site's own modules names its target with the target's content
  hash (`./plan_view.js?v=HASH`), leaves first, so a module graph is one build's whole: no HTTP cache
  (GitHub Pages sends `max-age=600`) can serve an older module under a newer importer.
- Each `<script src>` of a page gets the same address and the file's SHA-256 (Subresource
  Integrity). Every page gets an import map in its head whose `integrity` lists the calculator's page
  modules (Chromium applies it to static and dynamic imports): instant navigation keeps the document
  a reader arrived in, so the calculator may start in any page's document. An altered script then
  does not run. The map lists code only, never a module that changes with the content
  (the worker's runtime manifest), so a change of content leaves the guidance pages as they were.
- Every page tells the worker starter the addresses of the calculator's page modules, which a page
  that starts the engine also runs ahead (code only: they change with the code, not the content).
- The calculator page tells its worker starter, and the calculator, the address of the worker and
  the page's build id; the worker refuses to start under another build (a page and a worker from two
  deployments). It also tells the starter the addresses of the runtime files every start downloads,
  which a first visit fetches ahead, from the page's first moment (the worker checks their bytes).
  Other pages name none of these (they change with the content): a worker they start is the one the
  service worker serves, whose build the calculator checks when it takes the worker over.

Workers get no SRI from the browser: the service worker checks them against its own list
(build_scripts/offline.py). Runs before csp.py, which hashes the inline import map into the policy."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from .runtime_manifest import build_id, every_start, integrity, read_manifest

MODULES = ("assets/calculator/*.js", "assets/calculator/*.mjs", "assets/pyodide/runtime-manifest.mjs")
STATIC_IMPORT = re.compile(r'(\b(?:from|import)\s*)"(\.{1,2}/[^"?]+)"')
SCRIPT_SRC = re.compile(r'<script([^>]*?)\bsrc="([^"?]+)"([^>]*)>')
CALCULATOR = re.compile(r'<div id="calculator" ')
WORKER_STARTER = "assets/calculator/boot.js"
WORKER = "assets/calculator/worker.mjs"
PAGE_MODULE = "assets/calculator/main.js"
RUNTIME = "assets/pyodide"


def content_address(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def address_modules(site: Path) -> tuple[dict[Path, str], dict[Path, set[Path]]]:
    """Rewrite the imports of the site's modules to content addresses; return each module's address
    and the modules each imports."""
    addresses: dict[Path, str] = {}
    imports: dict[Path, set[Path]] = {}

    def visit(path: Path) -> str:
        if path not in addresses:
            text = path.read_text(encoding="utf-8")
            imports[path] = set()

            def pin(match: re.Match[str]) -> str:
                target = (path.parent / match.group(2)).resolve()
                imports[path].add(target)
                return f'{match.group(1)}"{match.group(2)}?v={visit(target)}"'

            pinned = STATIC_IMPORT.sub(pin, text)
            if pinned != text:
                path.write_text(pinned, encoding="utf-8")
            addresses[path] = content_address(pinned.encode("utf-8"))
        return addresses[path]

    for pattern in MODULES:
        for module in sorted(site.glob(pattern)):
            visit(module.resolve())
    return addresses, imports


def module_graph(root: Path, imports: dict[Path, set[Path]]) -> set[Path]:
    """The module and every module it imports, directly or not."""
    graph, todo = set(), [root]
    while todo:
        module = todo.pop()
        if module not in graph:
            graph.add(module)
            todo.extend(imports.get(module, ()))
    return graph


def _from_page(site: Path, page: Path, file: Path) -> str:
    """The file's URL from the page, in a form an import map resolves ("./" or "../", not bare)."""
    relative = posixpath.relpath(file.relative_to(site).as_posix(), page.parent.relative_to(site).as_posix() or ".")
    return relative if relative.startswith("../") else "./" + relative


def with_integrity(site: Path, page: Path, html: str, addresses: dict[Path, str], page_modules: set[Path], build: str, runtime_ahead: str) -> str:
    """`runtime_ahead`: the addresses a first visit's calculator page fetches ahead, from the starter."""
    calculator = CALCULATOR.search(html) is not None
    starter = posixpath.dirname(WORKER_STARTER)
    page_module_addresses = " ".join(
        f"{posixpath.relpath(path.relative_to(site).as_posix(), starter)}?v={addresses[path]}" for path in sorted(page_modules)
    )
    worker = f"{posixpath.relpath(WORKER, starter)}?v={addresses[site / WORKER]}&amp;build={build}"

    def pin(match: re.Match[str]) -> str:
        attributes, src, rest = match.groups()
        target = (page.parent / src).resolve()
        if "://" in src or not target.is_file() or site not in target.parents or "integrity=" in attributes + rest:
            return match.group(0)
        data = target.read_bytes()
        address = addresses.get(target) or content_address(data)
        if target == site / WORKER_STARTER:
            rest += f' data-page-modules="{page_module_addresses}"'
            if calculator:
                rest += f' data-worker="{worker}" data-runtime="{runtime_ahead}"'
        return f'<script{attributes}src="{src}?v={address}" integrity="{integrity(data)}"{rest}>'

    html = SCRIPT_SRC.sub(pin, html)
    if calculator:  # the calculator's own worker, for a restart in a document another page opened
        from_page = posixpath.relpath(WORKER_STARTER, page.parent.relative_to(site).as_posix() or ".")
        address = posixpath.join(posixpath.dirname(from_page), worker)
        html = CALCULATOR.sub(f'<div id="calculator" data-worker="{address}" data-build="{build}" ', html, count=1)
    listed = {f"{_from_page(site, page, path)}?v={addresses[path]}": integrity(path.read_bytes()) for path in sorted(page_modules)}
    import_map = '<script type="importmap">' + json.dumps({"integrity": listed}, sort_keys=True) + "</script>\n"
    # In the head, before any module script of any page the document may show.
    head_end = html.index("</head>")
    return html[:head_end] + import_map + html[head_end:]


def add_script_integrity(site: Path) -> int:
    site = site.resolve()
    addresses, imports = address_modules(site)
    page_modules = module_graph(site / PAGE_MODULE, imports)
    runtime = read_manifest(site / RUNTIME)
    build = build_id(runtime)
    runtime_folder = posixpath.relpath(RUNTIME, posixpath.dirname(WORKER_STARTER))
    runtime_ahead = " ".join(f"{runtime_folder}/{address}" for address in every_start(runtime))
    pages = 0
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        checked = with_integrity(site, page, html, addresses, page_modules, build, runtime_ahead)
        if checked != html:
            page.write_text(checked, encoding="utf-8")
            pages += 1
    return pages

"""Benchmark measures of whole visits (used by bench.py): the bytes of a first visit per file, a
calculator reached from a guidance page, the bytes a returning visitor downloads after a
one-statement change, the offline storage used, repeat visits, and warm repeat visits to a linked
case in a profile on disk with V8's code-cache hits read from its trace.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from tests.repository_copy import build_copy, reword_one_statement
from tests.site_server import SiteServer

DONE = "#result[data-state='done']"
OFFLINE_READY = "html[data-offline='ready']"
CACHED_BYTES = """async () => {
  let total = 0;
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    for (const request of await cache.keys()) total += (await (await cache.match(request)).arrayBuffer()).byteLength;
  }
  return total;
}"""


def first_visit_files(browser: Any, url: str) -> dict[str, int]:
    """Bytes on the wire (as served, gzip where it applies) per file of a first calculator visit."""
    context = browser.new_context(service_workers="block")
    files: dict[str, int] = {}

    def record(request: Any) -> None:
        sizes = request.sizes()
        name = urlsplit(request.url).path.rsplit("/", 2)
        files["/".join(name[-2:])] = files.get("/".join(name[-2:]), 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]

    context.on("requestfinished", record)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(DONE, timeout=180_000)
    page.wait_for_load_state("networkidle")
    context.close()
    return dict(sorted(files.items(), key=lambda item: -item[1]))


def from_guidance_page(browser: Any, site_url: str, wait_s: float, runs: int) -> list[dict[str, float]]:
    """A returning reader opens the overview, reads for `wait_s`, and clicks the calculator in the same
    tab: ms from the click to the engine ready and to the first plan, and whether the page kept its
    document (instant navigation) and so the engine the overview started."""
    values = []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.goto(site_url)
        page.wait_for_selector(OFFLINE_READY, timeout=180_000)  # an earlier visit made the offline copy
        page.goto(site_url)
        page.wait_for_timeout(wait_s * 1000)
        page.evaluate("document.addEventListener('click', () => (window.hgClickedAt = performance.now()), { capture: true, once: true })")
        page.locator("a.md-nav__link[href$='calculator/']").first.click()
        page.wait_for_selector(DONE, timeout=180_000)
        # In the same document the times count from the click; in a new one, from its navigation.
        clicked = page.evaluate("window.hgClickedAt ?? null")
        ready, first = (float(page.get_attribute(s, a)) for s, a in (("#calculator", "data-ready-ms"), ("#result", "data-first-result-ms")))
        values.append({"to_ready_ms": ready - (clicked or 0), "to_first_plan_ms": first - (clicked or 0), "same_document": clicked is not None})
        context.close()
    return values


def storage_and_repeat_visits(browser: Any, calculator_url: str, visits: int = 3) -> tuple[int, list[dict[str, float]]]:
    """Bytes held offline after one visit, and each repeat visit's start (snapshot found to engine ready): if the browser
    reuses its compiled wasm, later visits start sooner than the first repeat."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(calculator_url)
    page.wait_for_selector(OFFLINE_READY, timeout=180_000)
    stored = int(page.evaluate(CACHED_BYTES))
    page.close()
    repeats = []
    for _ in range(visits):
        page = context.new_page()
        page.goto(calculator_url)
        page.wait_for_selector(DONE, timeout=180_000)
        marks = json.loads(page.get_attribute("#calculator", "data-start-marks") or "{}")
        repeats.append({"first_result_ms": float(page.get_attribute("#result", "data-first-result-ms")),
                        "engine_start_ms": marks.get("engine-ready", 0) - marks.get("snapshot-found", 0)})  # fmt: skip
        page.close()
    context.close()
    return stored, repeats


def returning_visitor_bytes(browser: Any) -> dict[str, Any]:
    """A visitor whose offline copy is complete comes back after a one-statement change is deployed.
    Both builds are made here from this tree, so that nothing but the statement differs."""
    with tempfile.TemporaryDirectory() as tmp:
        old_site = build_copy(Path(tmp) / "old")
        new_site = build_copy(Path(tmp) / "new", reword_one_statement)
        live = Path(tmp) / "live"
        shutil.copytree(old_site, live)
        with SiteServer(live, use_gzip=True) as server:
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.url)
            page.wait_for_selector(OFFLINE_READY, timeout=180_000)
            version = (new_site / "sw.js").read_text().split('VERSION = "')[1].split('"')[0]
            shutil.rmtree(live)
            shutil.copytree(new_site, live)
            before, sent_before = len(server.requests), len(server.sent)
            page.goto(server.url + "algorithm/")
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                try:
                    if page.evaluate("async () => (await caches.keys()).map((k) => k.split(' ').pop())") == [version]:
                        break
                except Exception:  # the page reloads itself when the new build takes over
                    pass
                time.sleep(0.25)
            context.close()
            fetched = sorted({urlsplit(p).path for p in server.requests[before:]})
            return {"bytes": sum(server.sent[sent_before:]), "files": fetched}


# V8's trace: a wasm module deserialized from the code cache, and a script compiled from cached code.
TRACE_CATEGORIES = ["v8", "devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-v8.compile"]
CODE_CACHED_SCRIPTS = ("pyodide.asm.mjs", "pyodide.mjs", "worker.mjs", "main.js")
PRIMING_VISITS = 6  # at most: until V8 says it cached the wasm's code


def code_cache_hits(trace: bytes) -> dict[str, Any]:
    """What V8 took from its code cache in one traced visit: the wasm (its cached size) and scripts."""
    data = json.loads(trace)
    events = data["traceEvents"] if isinstance(data, dict) else data
    wasm = [e["args"].get("consumedCacheSize", 0) for e in events if e.get("name") == "v8.wasm.moduleCacheHit"]
    scripts = set()
    for event in events:
        if event.get("name") in ("v8.compile", "v8.compileModule"):
            info = event.get("args", {}).get("data", {})
            if info.get("consumedCacheSize") and not info.get("cacheRejected"):
                path = info.get("url", "").split("?")[0]  # some are addressed by content (?v=), main.js's modules not
                scripts |= {name for name in CODE_CACHED_SCRIPTS if path.endswith(f"/{name}")}
    return {"wasm_cache_hit": bool(wasm), "wasm_cached_bytes": max(wasm, default=0), "scripts_from_code_cache": sorted(scripts)}


def warm_linked_case(browser_type: Any, launch_args: dict[str, Any], site_url: str, case: dict[str, Any], visits: int = 5) -> dict[str, Any]:
    """Repeat visits to a linked case (calculator/#case=...) once the service worker holds the site: ms
    from navigation to that case's first plan, and when each stage of the start ended (ms after
    navigation, the worker's marks read on the page's clock), over `visits` visits; then V8's
    code-cache hits, read from the trace of one more visit. A trace slows the visit it records (by about
    a quarter here), so no timed visit is traced. A profile on disk: an off-the-record context
    (Playwright's new_context) keeps no compiled code. V8 caches a wasm's code only once enough of it
    has been optimised, so until its trace says it cached the module (at most PRIMING_VISITS visits),
    other worked cases are evaluated too and the page read for a few seconds, before the timed visits."""
    url = site_url + "calculator/#case=" + quote(json.dumps(case))

    def visit(page: Any) -> dict[str, Any]:
        # A new document for each visit, opened from outside the site as a shared link is (from a
        # guidance page, instant navigation would hand over its engine: measured apart).
        page.goto("about:blank")
        page.goto(url)
        page.wait_for_selector(DONE, timeout=180_000)
        stages = {"worker-created": float(page.get_attribute("#calculator", "data-worker-created-ms") or 0)}
        stages |= json.loads(page.get_attribute("#calculator", "data-start-marks") or "{}")
        return {"first_result_ms": float(page.get_attribute("#result", "data-first-result-ms")), "stages": stages}

    with tempfile.TemporaryDirectory() as profile:
        context = browser_type.launch_persistent_context(profile, **launch_args)
        page = context.new_page()
        page.goto(site_url + "calculator/")
        page.wait_for_selector(OFFLINE_READY, timeout=180_000)
        for _ in range(PRIMING_VISITS):
            context.browser.start_tracing(categories=TRACE_CATEGORIES)
            visit(page)
            for index in (1, 2, 3):  # other worked cases too, and a few seconds' reading
                page.select_option("#worked-case", index=index)
                page.click("#load-example")
                page.wait_for_selector(DONE, timeout=180_000)
            page.wait_for_timeout(5000)
            if b"v8.wasm.cachedModule" in context.browser.stop_tracing():
                break
        timed = [visit(page) for _ in range(visits)]
        context.browser.start_tracing(categories=TRACE_CATEGORIES)
        visit(page)
        code_cache = code_cache_hits(context.browser.stop_tracing())
        context.close()
    return {"visits": timed, "code_cache": code_cache}

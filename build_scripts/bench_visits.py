"""Benchmark measures of whole visits (used by bench.py): the bytes of a first visit per file, a
calculator reached from a guidance page, the bytes a returning visitor downloads after a
one-statement change, the offline storage used, and repeat visits (does the compiled wasm get reused?).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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


def from_guidance_page(browser: Any, site_url: str, wait_s: float, runs: int) -> list[float]:
    """Open the overview, read for `wait_s`, click the calculator: ms from that navigation to the first plan."""
    values = []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.goto(site_url)
        page.wait_for_timeout(wait_s * 1000)
        page.locator("a.md-nav__link[href$='calculator/']").first.click()
        page.wait_for_selector(DONE, timeout=180_000)
        values.append(float(page.get_attribute("#result", "data-first-result-ms")))
        context.close()
    return values


def storage_and_repeat_visits(browser: Any, calculator_url: str, visits: int = 3) -> tuple[int, list[dict[str, float]]]:
    """Bytes held offline after one visit, and each repeat visit's start (worker clock): if the browser
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

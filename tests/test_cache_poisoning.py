"""A sibling site cannot change a plan through the shared cache. On GitHub Pages every project site of
an owner shares one origin, so `/b/` can rewrite the Cache Storage of `/a/`: here it replaces the
cached guideline with one whose apixaban neuraxial interval is 7 hours instead of 72, and rewrites the
runtime manifest and the precache's hash list to match. The service worker checks every cached file
against the hashes in its own script: online it repairs the cache and says so; offline it refuses the
file and the calculator says how to clear site data. No plan ever shows the poisoned interval."""

from __future__ import annotations

import json
import shutil
from urllib.parse import quote

import pytest
from calculator_ui import DONE, READY
from site_server import SiteServer

pytestmark = pytest.mark.browser

OFFLINE_READY = "html[data-offline='ready']"
CASE = {
    "age": 66, "sex": "male", "level": "T6", "pain": "present", "neurological_deficit": True,
    "antithrombotic": "apixaban", "anesthesia": "neuraxial", "creatinine_clearance": 80, "surgery_timing": "planned",
}  # fmt: skip
TRUE_INTERVAL = '"hours":72,"text":"Treatment dose 72 hours;'
POISONED_INTERVAL = '"hours":7,"text":"Treatment dose 7 hours;'
POISONED_PLAN = "dose 7 hours"

# Run by the sibling site: rewrites every cache of /a/ (the guideline, and the lists that name its hash).
POISON = """async ([prefix, from, to]) => {
  const sri = async (text) => "sha256-" + btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))));
  let poisoned = 0;
  for (const key of await caches.keys()) {
    if (!key.startsWith(prefix)) continue;
    const cache = await caches.open(key);
    const requests = await cache.keys();
    const source = requests.find((r) => /guideline\\.[0-9a-f]+\\.json$/.test(r.url));
    const original = await (await cache.match(source)).text();
    if (!original.includes(from)) throw new Error("the interval to poison is not in the cached guideline");
    const text = original.replace(from, to);
    await cache.put(source, new Response(text, { headers: { "Content-Type": "application/json" } }));
    const [before, after] = [await sri(original), await sri(text)];
    for (const list of requests.filter((r) => /runtime-manifest|hg-precache-hashes/.test(r.url))) {
      const listed = await (await cache.match(list)).text();
      await cache.put(list, new Response(listed.replaceAll(before, after), { headers: { "Content-Type": "text/javascript" } }));
    }
    poisoned += 1;
  }
  return poisoned;
}"""
CACHED_SOURCE = """async (prefix) => {
  for (const key of await caches.keys()) {
    if (!key.startsWith(prefix)) continue;
    const cache = await caches.open(key);
    const source = (await cache.keys()).find((r) => /guideline\\.[0-9a-f]+\\.json$/.test(r.url));
    return (await cache.match(source)).text();
  }
}"""
# Set on every page of the context: whether the poisoned interval was ever on screen.
WATCH = (
    'addEventListener("DOMContentLoaded", () => new MutationObserver(() => {'
    f' if (document.body.textContent.includes("{POISONED_PLAN}")) window.hgPoisonSeen = true;'
    " }).observe(document.body, { subtree: true, childList: true, characterData: true }));"
)


@pytest.fixture()
def one_origin(site_dir, tmp_path):
    """`/a/` the site, `/b/` a sibling site on the same origin, served by one server."""
    shutil.copytree(site_dir, tmp_path / "a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text("<!doctype html><title>Sibling</title><p>Another project site.</p>")
    with SiteServer(tmp_path) as server:
        yield server


def _poisoned(context, server):
    """A reader whose offline copy of /a/ is complete, after the sibling rewrote it."""
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(server.url + "a/")
    page.wait_for_selector(OFFLINE_READY, timeout=120_000)
    page.goto(server.url + "b/")
    prefix = "hemangioma-guide /a/ "
    assert page.evaluate(POISON, [prefix, TRUE_INTERVAL, POISONED_INTERVAL]) == 1
    assert POISONED_INTERVAL in page.evaluate(CACHED_SOURCE, prefix), "the attack reached the cache"
    return page, prefix


def test_online_the_poisoned_cache_is_repaired_and_the_plan_is_the_builds(chromium, one_origin):
    context = chromium.new_context()
    page, prefix = _poisoned(context, one_origin)
    page.goto(one_origin.url + "a/calculator/#case=" + quote(json.dumps(CASE)))
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(DONE, timeout=30_000)
    page.wait_for_selector("#result[data-pathway='surgery']")
    plan = page.inner_text("#plan-body")
    assert "treatment dose 72 hours" in plan and POISONED_PLAN not in plan
    notice = page.wait_for_selector(".hg-cache-notice[data-kind='repaired']")
    assert "guideline." in notice.inner_text() and "repaired" in notice.inner_text()
    assert not page.evaluate("Boolean(window.hgPoisonSeen)")
    page.goto(one_origin.url + "b/")
    assert TRUE_INTERVAL in page.evaluate(CACHED_SOURCE, prefix), "the cache holds the build's file again"
    context.close()


def test_offline_the_poisoned_file_is_refused_and_the_page_says_how_to_clear_site_data(chromium, one_origin):
    context = chromium.new_context()
    page, _ = _poisoned(context, one_origin)
    context.set_offline(True)
    page.goto(one_origin.url + "a/calculator/#case=" + quote(json.dumps(CASE)))
    page.wait_for_selector("#calc-fallback:not([hidden])", timeout=60_000)
    reason = page.inner_text("#calc-fallback-reason")
    assert "damaged" in reason and "clear this site's data" in reason, reason
    notice = page.wait_for_selector(".hg-cache-notice[data-kind='unrepaired']")
    assert "clear this site's data" in notice.inner_text()
    assert page.get_attribute("#result", "data-pathway") in (None, "")
    assert POISONED_PLAN not in page.inner_text("body")
    assert not page.evaluate("Boolean(window.hgPoisonSeen)")
    context.close()


# Run by the sibling site: appends code to the cached scripts of /a/ that marks where it ran.
ALTER_SCRIPTS = """async ([prefix, files]) => {
  for (const key of await caches.keys()) {
    if (!key.startsWith(prefix)) continue;
    const cache = await caches.open(key);
    for (const request of (await cache.keys()).filter((r) => files.some((file) => r.url.endsWith(file)))) {
      const text = await (await cache.match(request)).text();
      const headers = { "Content-Type": "text/javascript", "Cache-Control": "max-age=600" }; // as served
      await cache.put(request, new Response(text + "\\nself.hgAltered = true;\\n", { headers }));
    }
  }
}"""
SCRIPTS = [
    "assets/calculator/main.js", "assets/calculator/case_link.js", "assets/calculator/worker.mjs", "assets/offline/register.js",
    "assets/calculator/worker_protocol.js", "assets/pyodide/pyodide.asm.mjs",
]  # fmt: skip


def test_online_altered_cached_scripts_are_repaired_before_any_runs(chromium, one_origin):
    context = chromium.new_context()
    page, prefix = _poisoned(context, one_origin)
    page.evaluate(ALTER_SCRIPTS, [prefix, SCRIPTS])
    page.goto(one_origin.url + "a/calculator/#case=" + quote(json.dumps(CASE)))
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(DONE, timeout=30_000)
    assert "treatment dose 72 hours" in page.inner_text("#plan-body")
    (worker,) = [w for w in page.workers if "/assets/calculator/worker.mjs" in w.url]
    assert page.evaluate("self.hgAltered") is None and worker.evaluate("self.hgAltered") is None
    repaired = {n.get_attribute("data-file") for n in page.query_selector_all(".hg-cache-notice[data-kind='repaired']")}
    # The calculator's page modules the reader's earlier page fetched ahead (checked then) the browser
    # may take from its memory without asking the service worker; their hashes hold either way.
    assert {"assets/offline/register.js", "assets/calculator/worker.mjs", "assets/pyodide/pyodide.asm.mjs"} <= repaired
    context.close()


# Run by the sibling site: one flipped byte in a cached runtime file of /a/, stored with the headers it was served with.
ALTER_FILE = """async ([prefix, file]) => {
  for (const key of await caches.keys()) {
    if (!key.startsWith(prefix)) continue;
    const cache = await caches.open(key);
    const request = (await cache.keys()).find((r) => r.url.endsWith(file));
    const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
    bytes[bytes.length >> 1] ^= 1;
    const stored = await cache.match(request);
    await cache.put(request, new Response(bytes, { headers: stored.headers }));
  }
}"""


def test_a_tampered_cached_wasm_is_detected_before_use_repaired_and_refused_when_no_copy_is_left(chromium, one_origin):
    """The calculator's worker reads the stored (decoded) wasm itself and checks it before use; a
    damaged copy is asked of the service worker instead, which makes it again from its checked
    compressed copy, offline too. With that copy damaged as well and no connection, it is refused."""
    context = chromium.new_context()
    page, prefix = _poisoned(context, one_origin)
    page.evaluate(ALTER_FILE, [prefix, "/pyodide.asm.wasm"])
    page.goto(one_origin.url + "a/calculator/#case=" + quote(json.dumps(CASE)))
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(DONE, timeout=30_000)
    assert "treatment dose 72 hours" in page.inner_text("#plan-body")
    assert page.wait_for_selector(".hg-cache-notice[data-kind='repaired'][data-file='assets/pyodide/pyodide.asm.wasm']")
    for altered, works in ((["/pyodide.asm.wasm"], True), (["/pyodide.asm.wasm", "/pyodide.asm.wasm.br"], False)):
        context.set_offline(False)
        page.goto(one_origin.url + "b/")
        for file in altered:
            page.evaluate(ALTER_FILE, [prefix, file])
        context.set_offline(True)
        page.goto(one_origin.url + "a/calculator/#case=" + quote(json.dumps(CASE)))
        if works:
            page.wait_for_selector(DONE, timeout=60_000)
            assert "treatment dose 72 hours" in page.inner_text("#plan-body")
        else:
            page.wait_for_selector("#calc-fallback:not([hidden])", timeout=60_000)
            assert "clear this site's data" in page.inner_text("#calc-fallback-reason")
    context.close()


def test_without_a_service_worker_the_browser_refuses_an_altered_script(chromium, site_dir, tmp_path):
    """Subresource Integrity on the page's script tags, and the import map's integrity for the modules
    main.js imports: an altered file in the HTTP path does not run."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    for script in ("assets/calculator/case_link.js", "assets/colour_switch.js"):
        (copy / script).write_text((copy / script).read_text() + "\nself.hgAltered = true;\n")
    with SiteServer(copy) as server:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        refused = []
        page.on("console", lambda message: refused.append(message.text) if "integrity" in message.text else None)
        page.goto(server.url + "calculator/")
        page.wait_for_load_state("load")
        assert page.evaluate("self.hgAltered") is None
        assert len(refused) >= 2, refused
        context.close()


def test_a_tampered_inflated_snapshot_in_the_cache_is_not_restored(chromium, one_origin):
    """The service worker keeps the snapshot inflated too, and the worker reads it from Cache Storage
    itself: it checks it against the manifest's hash first, and starts afresh instead."""
    context = chromium.new_context()
    page, prefix = _poisoned(context, one_origin)
    page.evaluate(ALTER_FILE, [prefix, "/engine-snapshot.bin"])
    warnings = []
    context.on("console", lambda message: warnings.append(message.text))  # the worker's too, from its first moment
    page.goto(one_origin.url + "a/calculator/#case=" + quote(json.dumps(CASE)))
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(DONE, timeout=30_000)
    assert page.get_attribute("#calculator", "data-started-from") == "fresh"
    assert "treatment dose 72 hours" in page.inner_text("#plan-body")
    assert any("engine-snapshot.bin is damaged" in w for w in warnings), warnings
    context.close()

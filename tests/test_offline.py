"""Offline use: after a first visit the service worker holds the whole site, Pyodide included; with
the network cut every page and the calculator still work; after a rebuild with changed content a
returning visitor downloads only the changed files and gets the new content whole, never a mix of
two builds; two deployments on one origin keep each other's offline copy; a damaged runtime file
is detected before it is used, whichever way the calculator starts."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import brotli
import pytest
from calculator_ui import DONE, READY
from playwright.sync_api import Error as PlaywrightError
from repository_copy import build_copy, reword_one_statement
from search_ui import search_finds
from site_html import html_pages
from site_server import CACHE_CONTROL, SiteServer

from build_scripts.generate_pages import page_of_section
from build_scripts.offline import site_files
from build_scripts.runtime_manifest import address, every_start, read_manifest
from hemangioma_calc.packaged import packaged_source

VERSION = packaged_source().guideline.metadata.version  # the content version every plan and page shows

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
OFFLINE_READY = "html[data-offline='ready']"
CASE = {"age": 66, "sex": "male", "level": "T6", "pain": "present", "neurological_deficit": True, "antithrombotic": "warfarin", "inr": 2.8}


def test_every_page_and_the_calculator_work_offline_after_one_visit(chromium, site_dir):
    with SiteServer(site_dir) as server:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(server.url)
        page.wait_for_selector(OFFLINE_READY, timeout=120_000)
        context.set_offline(True)
        for page_file in html_pages(site_dir):
            url = page_file.relative_to(site_dir).as_posix().removesuffix("index.html")
            if url == "404.html":
                continue
            page.goto(server.url + url)
            assert page.locator("h1").count() == 1, url
        page.goto(server.url + "algorithm/")
        search_finds(page, "hemangioma")  # search works offline: no language file is missing
        page.goto(server.url + "calculator/#case=" + quote(json.dumps(CASE)))
        page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_selector("#result[data-pathway='surgery']", timeout=30_000)
        assert page.get_attribute("#calculator", "data-started-from") == "snapshot"
        context.close()
        assert not [r for r in server.requests if urlsplit(r).path.endswith(".map")], "source maps are not precached"


STORED = """async () => {
  const stored = [];
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      stored.push({ url: request.url, bytes: (await response.arrayBuffer()).byteLength, type: response.type, served: response.headers.has("Last-Modified") });
    }
  }
  return stored;
}"""
SERVED_WASM = """async () => {
  const response = await fetch("assets/pyodide/pyodide.asm.wasm");
  const type = response.headers.get("Content-Type");
  const bytes = await response.clone().arrayBuffer();
  const digest = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))));
  const module = await WebAssembly.compileStreaming(response);
  return { type, integrity: "sha256-" + digest, exports: WebAssembly.Module.exports(module).length };
}"""


def test_offline_storage_holds_each_file_once_as_served_within_40_mb(chromium, site_dir):
    """Storage: one copy of each file (no source map, no unused search language), stored as the site
    serves it (uncompressed, so that the service worker can answer with the stored response itself),
    and the memory snapshot and Pyodide's wasm decoded beside their shipped files (a warm start decodes
    nothing), 40 MB at most; the wasm served whole, with its hash, as application/wasm that compiles
    by streaming."""
    runtime = site_dir / "assets" / "pyodide"
    with SiteServer(site_dir) as server:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(server.url)
        page.wait_for_selector(OFFLINE_READY, timeout=120_000)
        stored = page.evaluate(STORED)
        context.set_offline(True)
        served = page.evaluate(SERVED_WASM)
        context.close()
    urls = [urlsplit(entry["url"]).path.lstrip("/") or "./" for entry in stored]
    assert len(urls) == len(set(urls)), "no file is stored twice"
    compressed = [file for file in site_files(site_dir) if file.endswith(".br")]
    derived = {file.removesuffix(".br"): brotli.decompress(site_dir.joinpath(file).read_bytes()) for file in compressed}
    assert {"assets/pyodide/engine-snapshot.bin", "assets/pyodide/pyodide.asm.wasm"} <= set(derived)
    assert set(urls) == set(site_files(site_dir)) | {"hg-precache-hashes.json", *derived}, "the precache holds the build's files, nothing else"
    by_url = {urlsplit(entry["url"]).path.lstrip("/"): entry for entry in stored}
    assert all(by_url[file]["bytes"] == len(data) for file, data in derived.items())
    made_here = {"hg-precache-hashes.json", *derived}  # data the service worker writes, not the site's responses
    fetched = [entry for url, entry in by_url.items() if url not in made_here]
    assert all(entry["type"] == "basic" and entry["served"] for entry in fetched), "every file is the site's response itself"
    assert sum(entry["bytes"] for entry in stored) <= 40 * 1024 * 1024
    manifest = read_manifest(runtime)
    assert served["type"] == "application/wasm" and served["integrity"] == manifest["pyodide.asm.wasm"] and served["exports"] > 0


RUNTIME_CODE = ("assets/pyodide/pyodide.mjs", "assets/calculator/worker.mjs")
READ_FROM_CACHE_STORAGE = ("assets/pyodide/pyodide.asm.wasm", "assets/pyodide/pyodide.asm.mjs")


def test_a_repeat_visit_gets_the_runtime_unmodified_from_cache_storage(chromium, site_dir):
    """A repeat visit's runtime responses are the stored ones, answered by the service worker as
    they are: with the headers the site sent them with, which a response made anew in the service
    worker would not carry. The wasm and Pyodide's module the calculator's worker reads from Cache
    Storage itself, as stored (and checks), so it never requests them."""
    with SiteServer(site_dir) as server:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(server.url + "calculator/")
        page.wait_for_selector(READY, timeout=60_000)  # the calculator page makes the offline copy once it is ready
        page.wait_for_selector(OFFLINE_READY, timeout=120_000)
        page.goto(server.url + "about/")
        answered = []
        context.on("response", lambda r: answered.append((urlsplit(r.url).path.lstrip("/"), r.from_service_worker, r.headers)))
        page.goto(server.url + "calculator/#case=" + quote(json.dumps(CASE)))
        page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_selector("#result[data-pathway='surgery']", timeout=30_000)
        stages = json.loads(page.get_attribute("#calculator", "data-start-marks"))
        context.close()
    assert "wasm-read-from-cache" in stages
    assert not {path for path, _, _ in answered} & set(READ_FROM_CACHE_STORAGE)
    runtime = [entry for entry in answered if entry[0] in RUNTIME_CODE]
    assert {path for path, _, _ in runtime} == set(RUNTIME_CODE)
    assert all(from_sw and headers.get("cache-control") == CACHE_CONTROL and "last-modified" in headers for _, from_sw, headers in runtime), runtime


@pytest.mark.parametrize("start", ["auto", "never"])
def test_a_first_visit_downloads_the_runtime_from_the_page_s_first_moment_each_file_once(chromium, site_dir, start):
    """Before any offline copy exists, the calculator page starts the downloads every start needs as
    it reads its head (boot.js, before the worker is even created), at the addresses the worker asks
    for: the worker's requests find them in the HTTP cache, joining a download under way, and the
    site sends each file once. Starting afresh (no snapshot), the wheel the worker fetches while
    Python starts is also sent once."""
    runtime = read_manifest(site_dir / "assets/pyodide")
    expected = {f"assets/pyodide/{addressed}" for addressed in every_start(runtime)}
    (wheel,) = [f"assets/pyodide/{address(name, runtime)}" for name in runtime if name.endswith(".whl")]
    with SiteServer(site_dir, use_gzip=True) as server:
        context = chromium.new_context(service_workers="block")  # this visit's own downloads, not the offline copy's
        page = context.new_page()
        page.goto(server.url + f"calculator/?snapshot={start}#case=" + quote(json.dumps(CASE)))
        page.wait_for_selector("#result[data-pathway='surgery']", timeout=120_000)
        fetched_ahead = page.evaluate(
            "performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'fetch').map((e) => [e.name, e.startTime])"
        )
        worker_created = float(page.get_attribute("#calculator", "data-worker-created-ms"))
        context.close()
    by_page = {urlsplit(url).path.lstrip("/") + "?" + urlsplit(url).query: start for url, start in fetched_ahead}
    assert expected <= set(by_page), expected - set(by_page)
    assert all(by_page[file] < worker_created for file in expected)
    sent = [urlsplit(path).path.lstrip("/") + "?" + urlsplit(path).query for path in server.requests]
    assert all(sent.count(file) == 1 for file in expected), {file: sent.count(file) for file in expected}
    assert sent.count(wheel) == 1 if start == "never" else sent.count(wheel) <= 1  # "auto" on loopback restores the snapshot, as a rule


def test_a_reader_saving_data_gets_no_background_download_from_a_guidance_page(chromium, site_dir):
    with SiteServer(site_dir) as server:
        context = chromium.new_context()
        context.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: true, effectiveType: '4g'}})")
        page = context.new_page()
        page.goto(server.url + "algorithm/")
        page.wait_for_timeout(7000)  # past the idle moment at which others start the precache
        assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
        assert not [r for r in server.requests if "/assets/pyodide/" in r]
        context.close()


NEW_VERSION = "1.0.1-rebuild-test"


def _content_update(text: str) -> str:
    """A release: one statement reworded, and the content version bumped."""
    return reword_one_statement(text.replace(f'version: "{VERSION}"', f'version: "{NEW_VERSION}"', 1))


@pytest.fixture(scope="module")
def rebuilt_site(tmp_path_factory) -> Path:
    return build_copy(tmp_path_factory.mktemp("rebuild") / "repo", _content_update)


@pytest.fixture(scope="module")
def reworded_site(tmp_path_factory) -> Path:
    """The same tree with one statement reworded and nothing else, as `make bench` measures it."""
    return build_copy(tmp_path_factory.mktemp("reworded") / "repo", reword_one_statement)


def _page_url(markdown: str) -> str:
    return "./" if markdown == "index.md" else markdown.removesuffix(".md") + "/"


def _shipped_source(site: Path) -> str:
    manifest = read_manifest(site / "assets/pyodide")
    (name,) = [name for name in manifest if name.startswith("guideline.")]
    return "assets/pyodide/" + name


def _sw_version(site: Path) -> str:
    return json.loads((site / "sw.js").read_text().split("VERSION = ")[1].split(";")[0])


def _wait_until_only_cache_is(page, version: str) -> None:
    """The build's cache is complete once its worker has activated and deleted the older one."""
    script = "async () => (await caches.keys()).map((k) => k.split(' ').pop())"
    deadline = time.monotonic() + 120
    while True:
        try:
            if page.evaluate(script) == [version]:
                return
        except PlaywrightError:  # the page reloads itself when the new build takes over
            pass
        assert time.monotonic() < deadline, f"build {version} never took over alone"
        time.sleep(0.25)


@pytest.mark.processes
def test_a_returning_visitor_downloads_only_the_changed_files(chromium, site_dir, reworded_site, tmp_path):
    """One statement reworded: the page that shows it, the search index, the source, the runtime
    manifest that names the source, the worker that imports it and the calculator page that names the
    worker change; the engine's wheel, its snapshot and every other page do not."""
    old_files, new_files = site_files(site_dir), site_files(reworded_site)
    changed = {url for url, digest in new_files.items() if old_files.get(url) != digest}
    statement_page = _page_url(page_of_section(packaged_source().guideline.statements[0].section))
    # The runtime manifest names the source; the worker imports the manifest by content address, and
    # the calculator page names the worker by its address and the build's id.
    runtime = {_shipped_source(reworded_site), "assets/pyodide/runtime-manifest.mjs", "assets/calculator/worker.mjs", "calculator/"}
    assert changed == {statement_page, "search/search_index.json", *runtime}
    live = tmp_path / "live"
    shutil.copytree(site_dir, live)
    with SiteServer(live) as server:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(server.url)
        page.wait_for_selector(OFFLINE_READY, timeout=120_000)
        _wait_until_only_cache_is(page, _sw_version(site_dir))
        shutil.rmtree(live)
        shutil.copytree(reworded_site, live)  # the deployment
        before = len(server.requests)
        page.goto(server.url + "algorithm/")  # the browser checks sw.js on navigation; the new one installs
        _wait_until_only_cache_is(page, _sw_version(reworded_site))
        fetched = {urlsplit(p).path.lstrip("/") or "./" for p in server.requests[before:]} - {"sw.js", "algorithm/"}
        context.close()
    assert fetched == changed
    unchanged = set(new_files) - changed
    assert len(unchanged) > len(changed), "most files are reused from the previous cache"


@pytest.mark.processes
def test_two_deployments_on_one_origin_both_stay_offline(chromium, site_dir, rebuilt_site, tmp_path):
    origin = tmp_path / "origin"
    shutil.copytree(site_dir, origin / "a")
    shutil.copytree(rebuilt_site, origin / "b")
    with SiteServer(origin) as server:
        context = chromium.new_context()
        page = context.new_page()
        for deployment in ("a/", "b/"):
            page.goto(server.url + deployment)
            page.wait_for_selector(OFFLINE_READY, timeout=120_000)
        page.goto(server.url + "a/")  # back to the first: its service worker must not have lost its cache
        context.set_offline(True)
        for deployment, version in (("a/", VERSION), ("b/", NEW_VERSION)):
            page.goto(server.url + deployment + "algorithm/")
            assert page.locator("h1").count() == 1, deployment
            page.goto(server.url + deployment + "calculator/#case=" + quote(json.dumps(CASE)))
            page.wait_for_selector(f"#result[data-content-version='{version}']", timeout=60_000)
            page.wait_for_selector(READY, timeout=60_000)
        context.close()


def _flip_a_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


@pytest.fixture()
def damaged_site(site_dir, tmp_path):
    """A copy of the site whose runtime file `damage(name, change)` rewrites on the server."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)

    def damage(name: str, change) -> Path:
        path = copy / "assets" / "pyodide" / name
        path.write_bytes(change(path.read_bytes()))
        return copy

    return damage


@pytest.mark.parametrize("start", ["never", "always"])
def test_a_damaged_runtime_file_is_detected_before_use_on_either_path(chromium, damaged_site, start):
    """A flipped byte in the shipped (brotli-compressed) wasm: the calculator says so in plain words,
    from a snapshot or afresh."""
    with SiteServer(damaged_site("pyodide.asm.wasm.br", _flip_a_byte)) as server:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        page.goto(server.url + f"calculator/?snapshot={start}")
        page.wait_for_selector("#calc-fallback:not([hidden])", timeout=30_000)
        reason = page.inner_text("#calc-fallback-reason")
        assert "pyodide.asm.wasm" in reason and "damaged" in reason  # by the integrity check or the compiler, whichever is first
        context.close()


def test_a_damaged_snapshot_is_not_restored_and_the_calculator_says_it_started_afresh(chromium, damaged_site):
    # Still valid brotli: only the hash can tell.
    tampered = damaged_site("engine-snapshot.bin.br", lambda packed: brotli.compress(_flip_a_byte(brotli.decompress(packed)), quality=1))
    with SiteServer(tampered) as server:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        warnings = []
        # The context's console, which hears the worker from its first moment (a listener added on
        # its "worker" event may come after the warning).
        context.on("console", lambda message: warnings.append(message.text))
        page.goto(server.url + "calculator/?snapshot=always")
        page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_selector(DONE)
        assert page.get_attribute("#calculator", "data-started-from") == "fresh"
        assert any("engine-snapshot.bin is damaged" in w for w in warnings), warnings
        context.close()


@pytest.mark.processes
def test_a_returning_visitor_gets_the_new_build_whole(chromium, site_dir, rebuilt_site, tmp_path):
    new_version, new_site = NEW_VERSION, rebuilt_site
    live = tmp_path / "live"
    shutil.copytree(site_dir, live)
    with SiteServer(live) as server:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(server.url + "calculator/#case=" + quote(json.dumps(CASE)))
        page.wait_for_selector(OFFLINE_READY, timeout=120_000)
        assert page.get_attribute("#result", "data-content-version") == VERSION
        shutil.rmtree(live)
        shutil.copytree(new_site, live)  # the deployment of a new build
        page.goto(server.url + "about/")
        page.goto(server.url + "calculator/#case=" + quote(json.dumps(CASE)))
        # The old build answers at once from the cache; the new one installs whole, then takes over.
        page.wait_for_selector(f"#result[data-content-version='{new_version}']", timeout=120_000)
        page.wait_for_selector(READY)
        page.wait_for_selector(DONE)
        assert new_version in page.inner_text("#calc-stage")
        assert page.get_attribute("#calculator", "data-state") == "ready"
        page.goto(server.url + "about/")
        assert new_version in page.inner_text("body")
        context.set_offline(True)  # and the new build works offline too
        page.goto(server.url + "calculator/#case=" + quote(json.dumps(CASE)))
        page.wait_for_selector(f"#result[data-content-version='{new_version}']", timeout=60_000)
        context.close()


@pytest.mark.processes
@pytest.mark.parametrize("page_from", ["old", "new"])
def test_a_page_and_a_worker_from_two_deployments_show_no_plan_and_one_reload_recovers(chromium, site_dir, rebuilt_site, tmp_path, page_from):
    """The calculator page of one deployment beside the worker, runtime and content of the other (as
    an HTTP cache or a CDN can serve them, no service worker): no plan; the site says it was updated
    and offers a reload, which, once the server is whole, gives one build."""
    builds = {"old": (site_dir, VERSION), "new": (rebuilt_site, NEW_VERSION)}
    (page_site, _), (other_site, other_version) = builds[page_from], builds["new" if page_from == "old" else "old"]
    live = tmp_path / "live"
    shutil.copytree(other_site, live)
    shutil.copy(page_site / "calculator" / "index.html", live / "calculator" / "index.html")
    with SiteServer(live) as server:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        page.goto(server.url + "calculator/#case=" + quote(json.dumps(CASE)))
        page.wait_for_selector("#calculator[data-failure='updated']", timeout=60_000)
        assert "site was updated" in page.inner_text("#calc-fallback-reason")
        assert page.get_attribute("#result", "data-content-version") is None, "no plan under the wrong version"
        whole = shutil.copy(other_site / "calculator" / "index.html", live / "calculator" / "index.html")  # the deployment is whole
        # Last-Modified counts whole seconds (GitHub Pages sends an ETag of the content): a later one.
        later = Path(whole).stat().st_mtime + 10
        os.utime(whole, (later, later))
        page.click("#calc-retry")  # "Reload the page"
        page.wait_for_selector(f"#result[data-content-version='{other_version}']", timeout=60_000)
        page.wait_for_selector(READY)
        assert page.get_attribute("#calculator", "data-failure") is None
        context.close()


def test_the_calculator_page_makes_the_offline_copy_when_its_engine_was_ready_before_the_registration_ran(chromium, site_dir):
    """The calculator page registers the service worker once the calculator is ready. An engine that
    is ready before the registration script has run (it loads after Material's bundle) must still
    lead to the offline copy: the script then sees the calculator ready instead of waiting for an
    event that has passed."""
    with SiteServer(site_dir) as server:
        context = chromium.new_context()
        held = []  # the page's request only: the service worker's own (its precache) goes on
        context.route("**/assets/offline/register.js*", lambda route: route.continue_() if held else held.append(route))
        page = context.new_page()
        page.goto(server.url + "calculator/", wait_until="commit")  # the held script holds the load event
        page.wait_for_selector(READY, timeout=60_000)
        while not held:
            page.wait_for_timeout(50)
        held[0].continue_()
        page.wait_for_selector(OFFLINE_READY, timeout=120_000)
        context.close()

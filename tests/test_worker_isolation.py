"""The calculator's worker reaches no other origin. A page's CSP does not apply to a worker and GitHub
Pages sends no headers, so worker.mjs confines itself before any case arrives; this drives the real
worker in Debian's Chromium, with a second origin served on another loopback port to try to reach."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from calculator_ui import open_calculator
from search_ui import search_finds
from site_server import SiteServer

pytestmark = pytest.mark.browser

# Every interface of a dedicated worker (in Chromium) that sends a request, besides fetch: listed from
# the specifications (XHR, WebSockets, Server-Sent Events, WebTransport, HTML's workers and
# importScripts, Service Workers' Cache, CSS Font Loading, Notifications) and from the worker's own
# global names. BroadcastChannel sends no request, but reaches every page of this origin (on GitHub
# Pages, the owner's other sites). navigator.sendBeacon, RTCPeerConnection and navigator.serviceWorker
# (Background Fetch) are not exposed to a dedicated worker; IndexedDB and the origin-private file
# system store, they do not send.
WITHDRAWN = [
    "XMLHttpRequest", "WebSocket", "WebSocketStream", "EventSource", "WebTransport", "importScripts", "Worker", "SharedWorker",
    "caches", "FontFace", "fonts", "Notification", "BroadcastChannel",
]  # fmt: skip
NOT_EXPOSED = ["RTCPeerConnection", "ServiceWorkerContainer"]
# Each way tried in the worker after start-up, against the other origin's URL.
ATTEMPTS = """async (url) => {
  const ws = url.replace("http:", "ws:");
  const tries = {
    fetch: () => fetch(url),
    "caches.add": () => caches.open("x").then((cache) => cache.add(url)),
    "caches.addAll": () => caches.open("x").then((cache) => cache.addAll([url])),
    FontFace: () => new FontFace("x", `url(${url})`).load(),
    "fonts.load": () => fonts.load("1em x"),
    Notification: () => new Notification("x", { icon: url }),
    BroadcastChannel: () => new BroadcastChannel("x").postMessage(url),
    XMLHttpRequest: () => { const request = new XMLHttpRequest(); request.open("GET", url); request.send(); },
    WebSocket: () => new WebSocket(ws),
    WebSocketStream: () => new WebSocketStream(ws).opened,
    EventSource: () => new EventSource(url),
    WebTransport: () => new WebTransport(url.replace("http:", "https:")).ready,
    importScripts: () => importScripts(url),
    Worker: () => new Worker(url),
    SharedWorker: () => new SharedWorker(url),
    sendBeacon: () => navigator.sendBeacon(url),
  };
  const outcomes = {};
  for (const [name, attempt] of Object.entries(tries)) {
    try {
      await attempt();
      outcomes[name] = "sent";
    } catch (error) {
      outcomes[name] = error.name;
    }
  }
  return outcomes;
}"""


@pytest.fixture(scope="module")
def other_origin(site_dir):
    """The same files on another port: another origin, which the worker must not reach."""
    with SiteServer(site_dir) as server:
        yield server


@pytest.fixture(scope="module")
def page_on_calculator(chromium, site):
    context = chromium.new_context()
    page = context.new_page()
    open_calculator(page, site.url)  # the worker has started Python and answered the default case
    (worker,) = [w for w in page.workers if "/assets/calculator/worker.mjs" in w.url]
    yield page, worker
    context.close()


@pytest.fixture(scope="module")
def worker(page_on_calculator):
    return page_on_calculator[1]


def test_a_fetch_to_another_origin_fails_without_a_request(worker, other_origin):
    before = len(other_origin.requests)
    for mode in ("cors", "no-cors"):
        outcome = worker.evaluate(
            "([url, mode]) => fetch(url, {mode}).then(() => 'fetched', e => 'failed: ' + e.message)",
            [other_origin.url + f"assets/site.css?{mode}", mode],
        )
        assert outcome.startswith("failed: the calculator's worker fetches from its own origin only"), outcome
    assert len(other_origin.requests) == before, "no request reached the other origin"


def test_a_request_object_to_another_origin_fails_too(worker, other_origin):
    outcome = worker.evaluate("url => fetch(new Request(url)).then(() => 'fetched', e => 'failed: ' + e.message)", other_origin.url)
    assert outcome.startswith("failed: the calculator's worker fetches from its own origin only"), outcome


def test_no_original_fetch_is_left_on_a_prototype(worker, other_origin):
    outcome = worker.evaluate(
        "url => { const found = []; for (let s = self; s; s = Object.getPrototypeOf(s))"
        " if (Object.hasOwn(s, 'fetch')) found.push(s.fetch.call(self, url).then(() => 'fetched', e => 'failed: ' + e.message));"
        " return Promise.all(found); }",
        other_origin.url,
    )
    assert len(outcome) >= 2 and all(o.startswith("failed: the calculator's worker fetches from its own origin only") for o in outcome), outcome


def test_a_same_origin_fetch_still_works(worker, site):
    status = worker.evaluate("url => fetch(url).then(r => r.status)", site.url + "assets/site.css")
    assert status == 200


def test_other_ways_to_the_network_are_withdrawn_for_good(worker):
    kinds = worker.evaluate("names => names.map(n => typeof self[n])", WITHDRAWN)
    assert kinds == ["undefined"] * len(WITHDRAWN)
    on_prototypes = worker.evaluate(
        "names => { const left = []; for (let s = Object.getPrototypeOf(self); s; s = Object.getPrototypeOf(s))"
        " for (const n of names) if (Object.hasOwn(s, n) && s[n] !== undefined) left.push(n); return left; }",
        WITHDRAWN,
    )
    assert on_prototypes == []
    restored = worker.evaluate(
        "() => { try { self.fetch = () => 'free'; Object.defineProperty(self, 'XMLHttpRequest', {value: 1}); } catch (e) {}"
        " return [self.fetch.toString().includes('own origin'), typeof self.XMLHttpRequest]; }"
    )
    assert restored == [True, "undefined"], "the confinement cannot be undone by code running later"


def test_a_dynamic_import_from_another_origin_fails(worker, other_origin):
    # import() cannot be withdrawn; the module fails because the other origin gives no CORS consent.
    outcome = worker.evaluate(
        "url => import(url).then(() => 'imported', e => 'failed: ' + e.message)",
        other_origin.url + "assets/pyodide/pyodide.mjs",
    )
    assert outcome.startswith("failed: "), outcome
    assert worker.evaluate("typeof self.loadPyodide") == "undefined", "nothing of the foreign module ran"


def test_no_interface_of_the_worker_sends_a_request_to_another_origin(worker, other_origin):
    before = len(other_origin.requests)
    outcomes = worker.evaluate(ATTEMPTS, other_origin.url + "assets/site.css")
    assert outcomes == {name: "TypeError" for name in outcomes}, outcomes
    assert worker.evaluate("names => names.map(n => typeof self[n])", NOT_EXPOSED) == ["undefined"] * len(NOT_EXPOSED)
    assert len(other_origin.requests) == before, other_origin.requests[before:]


@pytest.fixture(scope="module")
def consenting_origin(tmp_path_factory):
    """Another origin that offers a module to any origin by CORS: the one gap a script cannot close."""
    directory = tmp_path_factory.mktemp("consenting")
    (directory / "leak.mjs").write_text("self.hgForeignModuleRan = true;\n")
    with SiteServer(directory, cors=True) as server:
        yield server


def test_nothing_the_engine_does_loads_a_module_another_origin_offers(page_on_calculator, consenting_origin):
    """Cases whose every text field names the consenting origin's module, and every worked case,
    evaluated through the worker: no request reaches that origin. (That import() itself is open is
    shown by the next test.)"""
    page, worker = page_on_calculator
    module = consenting_origin.url + "leak.mjs"
    hostile = [f'import("{module}")', f"js.eval('import(\\'{module}\\')')", f"<script type=module src={module}></script>"]
    cases = [{"age": 60, "sex": "male", "level": "T6", "pain": text, "antithrombotic": text} for text in hostile]
    cases += [case["case"] for case in json.loads(page.get_attribute("#calculator", "data-worked-cases"))]
    before = len(consenting_origin.requests)
    for case in cases:
        worker.evaluate('text => self.onmessage({ data: { type: "evaluate", caseText: text } })', json.dumps(case))
    assert len(consenting_origin.requests) == before
    assert worker.evaluate("typeof self.hgForeignModuleRan") == "undefined"


def test_a_dynamic_import_with_cors_consent_is_the_open_gap(chromium, site, consenting_origin):
    """Stated exactly in the README: import() is syntax, no script can withdraw it, and a module whose
    origin consents by CORS loads and runs. Only a Content-Security-Policy header on worker.mjs closes it."""
    context = chromium.new_context()
    page = context.new_page()
    open_calculator(page, site.url)
    (worker,) = [w for w in page.workers if "/assets/calculator/worker.mjs" in w.url]
    outcome = worker.evaluate(
        "url => import(url).then(() => self.hgForeignModuleRan, e => 'failed: ' + e.message)", consenting_origin.url + "leak.mjs"
    )
    assert outcome is True
    context.close()


# The header README.md documents for a host that can send headers: it closes import() too.
WORKER_CSP = "default-src 'none'; script-src 'self' blob: 'wasm-unsafe-eval'; connect-src 'self'"


def test_with_a_content_security_policy_header_on_the_worker_import_is_closed_and_the_calculator_works(chromium, site_dir, consenting_origin):
    with SiteServer(site_dir, headers_for={"assets/calculator/worker.mjs": {"Content-Security-Policy": WORKER_CSP}}) as server:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        open_calculator(
            page,
            server.url,
            "#case="
            + quote(json.dumps({"age": 60, "sex": "male", "level": "T6", "pain": "none", "neurological_deficit": False, "cancer_history": False})),
        )
        assert page.get_attribute("#result", "data-pathway")
        (worker,) = [w for w in page.workers if "/assets/calculator/worker.mjs" in w.url]
        before = len(consenting_origin.requests)
        outcome = worker.evaluate("url => import(url).then(() => 'imported', e => 'failed: ' + e.message)", consenting_origin.url + "leak.mjs")
        assert outcome.startswith("failed: ") and len(consenting_origin.requests) == before, outcome
        context.close()


def test_the_sites_search_worker_is_confined_too_and_still_searches(chromium, site, other_origin):
    """Material's search worker gets the same confinement (build_scripts/search_worker.py), before it
    receives the index or a query; search still answers."""
    context = chromium.new_context()
    page = context.new_page()
    page.goto(site.url)
    search_finds(page, "hemangioma")
    (search,) = [w for w in page.workers if "/workers/search-confined." in w.url]
    assert search.evaluate("names => names.map(n => typeof self[n])", WITHDRAWN) == ["undefined"] * len(WITHDRAWN)
    before = len(other_origin.requests)
    outcomes = search.evaluate(ATTEMPTS, other_origin.url + "assets/site.css")
    assert outcomes == {name: "TypeError" for name in outcomes}, outcomes
    assert search.evaluate("url => fetch(url).then(() => 'fetched', e => e.message)", other_origin.url).startswith(
        "the site's search fetches from its own origin only"
    )
    assert len(other_origin.requests) == before, other_origin.requests[before:]
    context.close()

"""The calculator's worker reaches no other origin. A page's CSP does not apply to a worker and GitHub
Pages sends no headers, so worker.mjs confines itself before any case arrives; this drives the real
worker in Debian's Chromium, with a second origin served on another loopback port to try to reach."""

from __future__ import annotations

import pytest
from calculator_ui import open_calculator
from site_server import SiteServer

pytestmark = pytest.mark.browser

WITHDRAWN = ["XMLHttpRequest", "WebSocket", "EventSource", "WebTransport", "importScripts", "Worker", "SharedWorker"]


@pytest.fixture(scope="module")
def other_origin(site_dir):
    """The same files on another port: another origin, which the worker must not reach."""
    with SiteServer(site_dir) as server:
        yield server


@pytest.fixture(scope="module")
def worker(chromium, site):
    context = chromium.new_context()
    page = context.new_page()
    open_calculator(page, site.url)  # the worker has started Python and answered the default case
    (worker,) = [w for w in page.workers if "/assets/calculator/worker.mjs" in w.url]
    yield worker
    context.close()


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

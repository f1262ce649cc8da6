// The calculator's worker starter, in every page's <head> (a small classic script, so it runs before
// main.js). It keeps the worker's first messages until main.js takes them over: Python starts while
// the page is still being parsed, or while the reader reads another page.
// - The calculator page starts its worker at once, by its build's address (written by
//   build_scripts/script_integrity.py; `make serve` has none). On a first visit (no offline copy
//   yet) it also starts the downloads every start needs, at the build's addresses: they begin
//   before the worker's scripts have even arrived, and the worker's own requests for the same
//   addresses find them in the HTTP cache (joining a download under way). The worker checks every
//   byte against the build's hashes.
// - Any other page starts one once it is idle, and only when the service worker serves the site from
//   the offline copy (nothing is downloaded for it), and runs the calculator's page module ahead.
//   Instant navigation keeps this document when the reader opens the calculator, which then takes
//   over the running engine (main.js checks its build).
// - The calculator page holds Material's bundle and the scripts after it (overrides/main.html): on a
//   warm start until its first plan is shown (main.js releases them), at once otherwise.
(function () {
  var released = false;
  // Loaded in their order once the page is parsed. Material's bundle meets a document whose
  // DOMContentLoaded has passed, so it is told again (only Material's own listener is added by then).
  var releaseHeld = function () {
    if (released) return;
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", releaseHeld, { once: true });
      return;
    }
    released = true;
    document.querySelectorAll('script[type="text/x-hg-held"]').forEach(function (held, index) {
      var placeholder = /** @type {HTMLScriptElement} */ (held);
      var loaded = document.createElement("script");
      loaded.src = placeholder.src;
      loaded.integrity = placeholder.integrity;
      loaded.async = false; // in document order
      if (index === 0) {
        loaded.addEventListener("load", function () {
          document.dispatchEvent(new Event("DOMContentLoaded", { bubbles: true }));
          document.dispatchEvent(new CustomEvent("hg:material-loaded"));
        }, { once: true });
      }
      placeholder.replaceWith(loaded);
    });
  };
  if (typeof WebAssembly !== "object") return releaseHeld(); // main.js explains, and points to the decision table
  var script = /** @type {HTMLScriptElement} */ (document.currentScript);
  var url = new URL(script.dataset.worker || "worker.mjs", script.src);
  var snapshot = new URLSearchParams(location.search).get("snapshot"); // benchmark switch
  if (snapshot) url.searchParams.set("snapshot", snapshot);
  window.hgWorkerURL = url;
  /** @type {Event[]} */
  var early = [];
  var keep = function (/** @type {Event} */ event) { early.push(event); };
  var boot = {
    /** @type {Worker | null} */
    worker: null,
    createdAt: 0,
    start: function () {
      if (boot.worker) return boot.worker;
      try {
        boot.worker = new Worker(url, { type: "module" });
      } catch {
        return null; // main.js tries again and reports the failure in plain words
      }
      boot.createdAt = performance.now();
      boot.worker.addEventListener("message", keep);
      boot.worker.addEventListener("error", keep);
      document.documentElement.dataset.engineStarted = "true";
      return boot.worker;
    },
    releaseHeld: releaseHeld,
    takeOver: function (/** @type {(event: MessageEvent) => void} */ onMessage, /** @type {(event: Event) => void} */ onError) {
      var worker = /** @type {Worker} */ (boot.worker);
      worker.removeEventListener("message", keep);
      worker.removeEventListener("error", keep);
      worker.addEventListener("message", onMessage);
      worker.addEventListener("error", onError);
      early.forEach(function (event) { event.type === "error" ? onError(event) : onMessage(/** @type {MessageEvent} */ (event)); });
      early = [];
    },
  };
  window.hgCalculatorBoot = boot;
  // Each body is read to its end and dropped (into the HTTP cache, where the worker finds it); a
  // failure is left to the worker, which asks again and reports it in plain words.
  var fetchRuntimeAhead = function (/** @type {string} */ addresses) {
    addresses.split(" ").filter(Boolean).forEach(function (address) {
      fetch(new URL(address, script.src)).then(function (response) {
        var reader = /** @type {ReadableStream<Uint8Array>} */ (response.body).getReader();
        /** @returns {Promise<void>} */
        var drain = function () { return reader.read().then(function (chunk) { if (!chunk.done) return drain(); }); };
        return drain();
      }).catch(function () {});
    });
  };
  var serviceWorker = navigator.serviceWorker;
  if (script.dataset.worker) {
    var warm = Boolean(serviceWorker && serviceWorker.controller);
    if (!warm) fetchRuntimeAhead(script.dataset.runtime || "");
    var worker = boot.start();
    if (!worker || !warm) return releaseHeld(); // a first visit waits for the network, not this thread
    // The calculator releases them once its first plan is shown or its start failed (main.js); three
    // seconds at most, whatever happens.
    setTimeout(releaseHeld, 3000);
    return;
  }
  releaseHeld();
  if (!serviceWorker) return;
  // With the engine, the calculator's page module is run ahead (with nothing to attach to, it only
  // waits): when the reader opens the calculator, it attaches to the new page as soon as Material has
  // put it in this document, before the page is first drawn, instead of being run only after that.
  // The import map in the head holds the modules' hashes, which the browser checks.
  var runPageModule = function () {
    var main = (script.dataset.pageModules || "").split(" ").filter(function (module) { return /^main\.js\b/.test(module); })[0];
    if (main) import(new URL(main, script.src).href).catch(function () {}); // the calculator page's own script reports a failure
  };
  var startAhead = function () {
    if (boot.start()) runPageModule();
  };
  var whenIdle = function () {
    if ("requestIdleCallback" in window) requestIdleCallback(startAhead, { timeout: 5000 });
    else setTimeout(startAhead, 2000);
  };
  // Served from the offline copy: at once for a returning visitor, or once the first visit's copy
  // is complete (the service worker then takes this page over).
  if (serviceWorker.controller) addEventListener("load", whenIdle, { once: true });
  else serviceWorker.addEventListener("controllerchange", whenIdle, { once: true });
})();

// Starts the calculator's worker from <head> (a small classic script, so it always runs before
// main.js), and keeps the worker's first messages until main.js takes them over: Python starts
// while the page is still being parsed.
(function () {
  if (typeof WebAssembly !== "object") return; // main.js explains, and points to the decision table
  // The worker of this page's build, by its content address and with the build's id (written by
  // build_scripts/script_integrity.py; `make serve` has neither).
  var script = /** @type {HTMLScriptElement} */ (document.currentScript);
  var url = new URL(script.dataset.worker || "worker.mjs", script.src);
  window.hgWorkerURL = url;
  var snapshot = new URLSearchParams(location.search).get("snapshot"); // benchmark switch
  if (snapshot) url.searchParams.set("snapshot", snapshot);
  var early = [];
  var keep = function (event) { early.push(event); };
  try {
    var worker = new Worker(url, { type: "module" });
  } catch {
    return; // main.js tries again and reports the failure in plain words
  }
  worker.addEventListener("message", keep);
  worker.addEventListener("error", keep);
  window.hgCalculatorBoot = {
    worker: worker,
    createdAt: performance.now(),
    takeOver: function (onMessage, onError) {
      worker.removeEventListener("message", keep);
      worker.removeEventListener("error", keep);
      worker.addEventListener("message", onMessage);
      worker.addEventListener("error", onError);
      early.forEach(function (event) { (event.type === "error" ? onError : onMessage)(event); });
    },
  };
})();

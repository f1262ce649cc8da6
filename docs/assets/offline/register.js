// Registers the site's service worker, which precaches the site and the calculator's runtime: offline
// use, and a warm calculator start from any page. On the calculator page it registers once the
// calculator is ready; on a guidance page once the page is idle, so the download (at low priority)
// never competes with reading, and not at all when the reader asked to save data or the connection
// is slow (the calculator page then caches what it loaded itself).
(function () {
  if (!("serviceWorker" in navigator)) return;
  var workerURL = new URL("../../sw.js", /** @type {HTMLScriptElement} */ (document.currentScript).src);
  var hadController = Boolean(navigator.serviceWorker.controller);
  // A new build took over (its cache is complete): reload once so this page and its assets are
  // all from the new build. The case stays in the URL fragment, so nothing is lost.
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (hadController && !window.__hgReloading) {
      window.__hgReloading = true;
      window.location.reload();
    }
    hadController = true;
  });
  // The service worker checks every file it serves against its build's hashes, and says what it
  // found damaged (another site of this origin can rewrite the shared cache): shown at the top of
  // the page, once per file, in the service worker's words.
  var shown = {};
  navigator.serviceWorker.addEventListener("message", function (event) {
    var report = event.data || {};
    if (report.type !== "sw-report" || shown[report.kind + report.file]) return;
    shown[report.kind + report.file] = true;
    var notice = document.createElement("div");
    notice.className = "admonition " + ({ repaired: "info", "install-failed": "warning" }[report.kind] || "failure") + " hg-cache-notice";
    notice.setAttribute("role", "alert");
    notice.dataset.kind = report.kind;
    notice.dataset.file = report.file;
    var text = document.createElement("p");
    text.textContent = report.text + ".";
    notice.appendChild(text);
    var content = document.querySelector(".md-content__inner") || document.body;
    content.insertBefore(notice, content.firstChild);
  });
  if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage("reports");
  function register() {
    navigator.serviceWorker.register(workerURL.href).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      // Every file of this build is cached: the site now works offline.
      document.documentElement.dataset.offline = "ready";
    }).catch(function () {
      // No service worker (e.g. private mode, or sw.js absent under `make serve`): the site still works online.
    });
  }
  function sparingNetwork() {
    var connection = navigator.connection || {};
    return Boolean(connection.saveData) || /(^|-)2g$/.test(connection.effectiveType || "");
  }
  function whenIdle() {
    if (hadController) return register(); // already installed: only an update check
    if (sparingNetwork()) return;
    if ("requestIdleCallback" in window) window.requestIdleCallback(register, { timeout: 5000 });
    else setTimeout(register, 2000);
  }
  function whenLoaded() {
    var calculator = document.getElementById("calculator");
    if (!calculator) return whenIdle();
    // main.js says so by an event, which a warm engine may have sent before this script ran.
    if (calculator.dataset.state === "ready") register();
    else document.addEventListener("hg:calculator-ready", register, { once: true });
  }
  if (document.readyState === "complete") whenLoaded();
  else window.addEventListener("load", whenLoaded);
})();

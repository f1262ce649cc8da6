// Registers the site's service worker (offline use, instant repeat visits) once the page has
// loaded (on the calculator page: once the calculator is ready), so its precaching never
// competes with the page's own first load.
(function () {
  if (!("serviceWorker" in navigator)) return;
  var workerURL = new URL("../../sw.js", document.currentScript.src);
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
  function whenLoaded() {
    if (document.getElementById("calculator")) document.addEventListener("hg:calculator-ready", register, { once: true });
    else setTimeout(register, 0);
  }
  if (document.readyState === "complete") whenLoaded();
  else window.addEventListener("load", whenLoaded);
})();

// A worker's confinement: once called, the worker (and all code that runs in it later: Pyodide, the
// engine, JavaScript reached from Python, Material's search) can send no request but to this
// origin. A page's Content-Security-Policy does not reach a worker, and GitHub Pages sends no header
// that could give the worker one, so the worker gives up its ways to other origins itself: fetch
// answers for this origin only; every other interface of a dedicated worker that sends a request is
// gone, and none can be put back: XMLHttpRequest, WebSocket(Stream), EventSource, WebTransport,
// importScripts, nested workers (which would start without these limits), Cache Storage (`add`,
// `addAll`), FontFace and the worker's font set (a face's `url()` source), Notification (its icon),
// and BroadcastChannel (which reaches every page of this origin, other sites' included). Dynamic
// import() is syntax, not a property, and cannot be withdrawn: a module of another origin that
// consents by CORS would load and run; nothing in the site imports one.
// A classic script that a module worker can import too: it only defines `hgConfineWorker`, which
// withdraws itself as well; the worker calls it once it has kept what it needs.
self.hgConfineWorker = function (who) {
  "use strict";
  var ownOrigin = self.location.origin;
  var fetchAnyOrigin = self.fetch.bind(self);
  var fetchOwnOrigin = function (resource, options) {
    var url = new URL(resource instanceof Request ? resource.url : String(resource), self.location.href);
    if (url.origin !== ownOrigin) {
      return Promise.reject(new TypeError(who + " fetches from its own origin only, not " + url.origin));
    }
    return fetchAnyOrigin(resource, options);
  };
  // Set on the global object and on every prototype that holds the name (WorkerGlobalScope.prototype
  // holds its own fetch and importScripts), so no original stays reachable.
  var scopes = [];
  for (var scope = self; scope; scope = Object.getPrototypeOf(scope)) scopes.push(scope);
  var withdraw = function (name, value) {
    scopes.forEach(function (each) {
      if (each === self || Object.prototype.hasOwnProperty.call(each, name)) {
        Object.defineProperty(each, name, { value: value, writable: false, configurable: false });
      }
    });
  };
  withdraw("fetch", fetchOwnOrigin);
  ["XMLHttpRequest", "WebSocket", "WebSocketStream", "EventSource", "WebTransport", "importScripts", "Worker",
    "SharedWorker", "caches", "FontFace", "fonts", "Notification", "BroadcastChannel", "hgConfineWorker"].forEach(function (name) {
    withdraw(name, undefined);
  });
};

// What the worker reports while the runtime loads, so that the page can tell the truth at once.

// Byte-level progress of the runtime's downloads: fetch is wrapped so that every response from the
// runtime's folder is counted as its body streams by (Pyodide still compiles the wasm while it
// arrives, from the same single download), and a missing file is reported at once by name.
const REPORT_EVERY_MS = 150; // enough for a live display, few enough messages

export function countDownloads(baseURL, { onBytes, onMissing, onIdle }) {
  const plainFetch = self.fetch.bind(self);
  const reads = new Map(); // file -> how many times it was fetched (a second read is shown as such)
  let open = 0; // bodies still streaming: while any is, only its bytes count as progress
  self.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(baseURL) || (init && init.method === "HEAD")) return plainFetch(input, init);
    open += 1; // from the request on: a server that never answers is a download that stalls
    let response;
    try {
      response = await plainFetch(input, init);
    } catch (error) {
      open -= 1;
      throw error;
    }
    const name = url.slice(baseURL.length).split("?")[0];
    reads.set(name, (reads.get(name) || 0) + 1);
    const file = reads.get(name) === 1 ? name : `${name} (read again)`;
    if (!response.ok || !response.body) {
      open -= 1;
      if (!response.ok) onMissing(name, response.status);
      return response;
    }
    // A compressed transfer's Content-Length counts compressed bytes: then the total is unknown.
    const total = response.headers.get("content-encoding") ? null : Number(response.headers.get("content-length")) || null;
    let received = 0;
    let reportedAt = 0;
    const counter = new TransformStream({
      transform(chunk, controller) {
        received += chunk.byteLength;
        const now = performance.now();
        if (now - reportedAt >= REPORT_EVERY_MS) {
          reportedAt = now;
          onBytes(file, received, total);
        }
        controller.enqueue(chunk);
      },
      flush() {
        open -= 1;
        if (open === 0) onIdle();
        onBytes(file, received, received);
      },
    });
    return new Response(response.body.pipeThrough(counter), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { downloading: () => open > 0 };
}

// A wasm that does not compile: Pyodide only logs it and then waits for ever, so the compile
// itself reports the failure.
export function reportCompileFailures(onFailure) {
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const original = WebAssembly[name];
    WebAssembly[name] = (...args) => original.apply(WebAssembly, args).catch((error) => {
      onFailure(error);
      throw error;
    });
  }
}

// What the worker reports while the runtime loads, so that the page can tell the truth at once.

// Byte-level progress of the runtime's downloads: every response from the runtime's folder is
// counted as its body streams by, and a missing file is reported at once by name. It wraps the fetch
// it is given (the worker composes its fetch in one place) and patches nothing.
const REPORT_EVERY_MS = 150; // enough for a live display, few enough messages

/**
 * How many bytes a response's body will give, or null if unknown: a compressed transfer's
 * Content-Length counts the compressed bytes.
 * @param {Response} response
 */
export const bodySize = (response) => (response.headers.get("content-encoding") ? null : Number(response.headers.get("content-length")) || null);

/**
 * @param {string} baseURL the runtime's folder: only its files are counted
 * @param {typeof fetch} plainFetch
 * @param {{ onBytes: (file: string, received: number, total: number | null) => void,
 *   onMissing: (file: string, status: number) => void, onIdle: () => void }} callbacks
 */
export function countDownloads(baseURL, plainFetch, { onBytes, onMissing, onIdle }) {
  const reads = new Map(); // file -> how many times it was fetched (a second read is shown as such)
  let open = 0; // bodies still streaming: while any is, only its bytes count as progress

  // The response, its body counted as it is read (a request outside the runtime's folder, as fetched).
  /** @param {RequestInfo | URL} input @param {RequestInit} [init] @returns {Promise<Response>} */
  async function track(input, init) {
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
    const total = bodySize(response);
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
    const body = /** @type {ReadableStream<Uint8Array>} */ (response.body); // a fetched response has one
    return new Response(body.pipeThrough(counter), { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  return {
    /** A fetch whose runtime responses are counted as they are read. @type {typeof fetch} */
    fetch: track,
    downloading: () => open > 0,
  };
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

// What the worker reports while the runtime downloads, with fetch answered here instead of a server.
import assert from "node:assert/strict";
import { test } from "node:test";
import { countDownloads, reportCompileFailures } from "../../docs/assets/calculator/loading_reports.js";

const BASE = "https://site.test/assets/pyodide/";

// countDownloads wraps the fetch it is given: here one that answers without a server.
const answering = (answer) => async (input, init) => answer(input instanceof Request ? input.url : String(input), init);

test("a runtime file's bytes are counted as they stream, a second read is named so, and idle follows the last body", async () => {
  /** @type {{bytes: [string, number, number | null][], missing: [string, number][], idle: number}} */
  const seen = { bytes: [], missing: [], idle: 0 };
  const bytes = new Uint8Array(1000);
  const downloads = countDownloads(BASE, answering(() => new Response(bytes, { headers: { "content-length": "1000" } })), {
    onBytes: (file, received, total) => seen.bytes.push([file, received, total]),
    onMissing: (file, status) => seen.missing.push([file, status]),
    onIdle: () => (seen.idle += 1),
  });
  for (let i = 0; i < 2; i += 1) {
    const response = await downloads.fetch(BASE + "pyodide.asm.wasm?v=1");
    assert.equal(downloads.downloading(), true);
    assert.equal((await response.arrayBuffer()).byteLength, 1000);
    assert.equal(downloads.downloading(), false);
  }
  assert.deepEqual(seen.bytes.at(-1), ["pyodide.asm.wasm (read again)", 1000, 1000]);
  assert.ok(seen.bytes.some(([file, , total]) => file === "pyodide.asm.wasm" && total === 1000));
  assert.deepEqual(seen.missing, []);
  assert.equal(seen.idle, 2);
});

test("a missing runtime file is reported by name and status; other origins and HEAD requests pass untouched", async () => {
  const missing = [];
  const answered = [];
  const answer = answering((url, init) => {
    answered.push([url, init && init.method]);
    return new Response(null, { status: url.endsWith("gone.zip") ? 404 : 200 });
  });
  const downloads = countDownloads(BASE, answer, { onBytes: () => assert.fail("nothing to count"), onMissing: (...m) => missing.push(m), onIdle: () => {} });
  assert.equal((await downloads.fetch(BASE + "gone.zip")).status, 404);
  await downloads.fetch("https://elsewhere.test/x.js");
  await downloads.fetch(BASE + "pyodide.mjs", { method: "HEAD" });
  assert.deepEqual(missing, [["gone.zip", 404]]);
  assert.equal(answered.length, 3);
});

test("a wasm that does not compile is reported, and still fails", async () => {
  const { instantiate, instantiateStreaming } = WebAssembly;
  const failures = [];
  try {
    reportCompileFailures((error) => failures.push(error));
    await assert.rejects(WebAssembly.instantiate(new Uint8Array([0, 1, 2, 3])));
  } finally {
    Object.assign(WebAssembly, { instantiate, instantiateStreaming });
  }
  assert.equal(failures.length, 1);
});

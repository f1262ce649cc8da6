// Pyodide's wasm ships brotli-compressed and is decoded as it arrives: the same bytes, however the
// download is cut into chunks, and a damaged or cut-off stream is an error, never a short file.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { brotliCompressSync, constants } from "node:zlib";
import { brotliDecoding } from "../../docs/assets/calculator/brotli_stream.mjs";

const pkg = new URL("../../node_modules/brotli-dec-wasm/pkg/", import.meta.url);
const bindings = await import(new URL("brotli_dec_wasm.js", pkg).href);
bindings.initSync({ module: readFileSync(new URL("brotli_dec_wasm_bg.wasm", pkg)) });

// Bytes that compress well but not trivially, larger than the decoder's output per call (1 MiB).
const original = Uint8Array.from({ length: 3 << 20 }, (_, i) => (i * 7919) % 251 ^ (i >> 12));
const compressed = new Uint8Array(brotliCompressSync(original, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }));

/** @param {Uint8Array} bytes @param {number} chunk */
const decoded = (bytes, chunk) => {
  const source = new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += chunk) controller.enqueue(bytes.slice(at, at + chunk));
      controller.close();
    },
  });
  return new Response(source.pipeThrough(brotliDecoding(bindings))).arrayBuffer().then((b) => new Uint8Array(b));
};

test("the decoded stream is the original bytes, whatever the chunks", async () => {
  for (const chunk of [1, 4096, 65536, compressed.length]) {
    if (chunk === 1 && compressed.length > 100_000) continue; // byte by byte is slow; 4096 covers splits
    assert.deepEqual(await decoded(compressed, chunk), original);
  }
});

test("a damaged stream is an error", async () => {
  const damaged = compressed.slice();
  damaged.fill(0xff, 10, 200);
  await assert.rejects(decoded(damaged, 65536));
});

test("a stream cut before its end is an error, not a shorter file", async () => {
  await assert.rejects(decoded(compressed.subarray(0, compressed.length - 100), 65536), /ends before its last block/);
});

test("bytes after the stream's end are an error", async () => {
  const longer = new Uint8Array(compressed.length + 10);
  longer.set(compressed);
  await assert.rejects(decoded(longer, 65536), /after its end/);
});

// The shipped memory snapshot's format: only the pages that hold something, and back again.
import assert from "node:assert/strict";
import { test } from "node:test";
import { packPages, unpackPages } from "../../docs/assets/calculator/snapshot_pages.mjs";

const PAGE = 4096;

test("packing keeps the non-zero pages only and unpacks to the same bytes", () => {
  const memory = new Uint8Array(10 * PAGE + 123);
  memory[5] = 1; // page 0
  memory[PAGE + 7] = 2; // page 1: joins page 0 in one run
  memory[6 * PAGE] = 3; // page 6, a run of its own
  memory[memory.length - 1] = 4; // the short last page
  const packed = packPages(memory);
  assert.equal(packed.length, 8 + 8 * 3 + 2 * PAGE + PAGE + 123);
  assert.deepEqual(unpackPages(packed), memory);
});

test("all-zero memory packs to its header alone", () => {
  const packed = packPages(new Uint8Array(3 * PAGE));
  assert.equal(packed.length, 8);
  assert.deepEqual(unpackPages(packed), new Uint8Array(3 * PAGE));
});

test("a page list that does not match the size is refused", () => {
  const packed = packPages(Uint8Array.of(1, 2, 3));
  assert.throws(() => unpackPages(packed.subarray(0, packed.length - 1)), /does not match its size/);
});

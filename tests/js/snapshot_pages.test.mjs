// The shipped memory snapshot's format: only the pages that hold something, and back again.
import assert from "node:assert/strict";
import { test } from "node:test";
import { packPages, pageRuns, unpackPages, writePages } from "../../docs/assets/calculator/snapshot_pages.mjs";

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

test("writing the pages into memory gives the bytes a whole copy of the unpacked image gives", () => {
  const image = new Uint8Array(6 * PAGE + 50);
  image[3] = 9; // the header's page
  image[2 * PAGE + 1] = 8;
  image[5 * PAGE + 17] = 7;
  const from = 16; // the memory starts after a 16-byte header
  const expected = new Uint8Array(image.length); // memory sized as Pyodide sizes it
  expected.set(image.subarray(from));
  const memory = new Uint8Array(image.length);
  memory.fill(5, 0, 3 * PAGE); // what the fresh instance wrote, all below `dirty`
  writePages(pageRuns(packPages(image)), memory, from, 3 * PAGE);
  assert.deepEqual(memory, expected);
});

test("a target shorter than the image takes only its part (the header)", () => {
  const image = new Uint8Array(2 * PAGE);
  image.set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  image[PAGE] = 10;
  const header = new Uint8Array(6).fill(99);
  writePages(pageRuns(packPages(image)), header, 0, header.length);
  assert.deepEqual(header, Uint8Array.of(1, 2, 3, 4, 5, 6));
});

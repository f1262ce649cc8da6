// Round-trips memories through the snapshot's page format (docs/assets/calculator/snapshot_pages.mjs),
// and unpacks a shipped snapshot. Usage: node snapshot_pages_check.mjs [INFLATED_SNAPSHOT]
// Prints one JSON line: the round-trip results, and the shipped snapshot's first word and length.
import fs from "node:fs";
import { packPages, unpackPages } from "../../docs/assets/calculator/snapshot_pages.mjs";

const memory = (length, bytes) => {
  const m = new Uint8Array(length);
  for (const [at, value] of bytes) m[at] = value;
  return m;
};
const samples = {
  all_zero: memory(3 * 4096, []),
  partial_last_page: memory(2 * 4096 + 100, [[2 * 4096 + 99, 7]]),
  first_and_last_byte: memory(5 * 4096, [[0, 1], [5 * 4096 - 1, 2]]),
  adjacent_pages_one_run: memory(4 * 4096, [[4095, 3], [4096, 4], [3 * 4096, 5]]),
  empty: memory(0, []),
};
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const roundTrips = Object.fromEntries(Object.entries(samples).map(([name, m]) => [name, same(unpackPages(packPages(m)), m)]));
const packedSizes = Object.fromEntries(Object.entries(samples).map(([name, m]) => [name, packPages(m).length]));
let shipped = null;
if (process.argv[2]) {
  const packed = new Uint8Array(fs.readFileSync(process.argv[2]));
  const unpacked = unpackPages(packed);
  shipped = { length: unpacked.length, firstWord: new DataView(unpacked.buffer).getUint32(0, true), repacksSame: same(packPages(unpacked), packed) };
}
console.log(JSON.stringify({ roundTrips, packedSizes, shipped }));

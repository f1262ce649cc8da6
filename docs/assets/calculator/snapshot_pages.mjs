// The memory snapshot as it ships: only the 4 KB pages that hold something. The heap is mostly
// free memory, zeroed at build time (about 12 of 31 MB hold data), and inflating those zeros cost
// the browser about 0.3 s of every start from the snapshot. Written by build_scripts/make_snapshot.mjs,
// read by worker.mjs; this module is the format's one definition.
// Layout (little-endian 32-bit words): full length, number of runs, then each run's offset and
// length, then the runs' bytes one after another.
const PAGE = 4096;

export function packPages(memory) {
  const runs = [];
  for (let at = 0; at < memory.length; at += PAGE) {
    const end = Math.min(at + PAGE, memory.length);
    if (!memory.subarray(at, end).some((byte) => byte !== 0)) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === at) last[1] = end - last[0];
    else runs.push([at, end - at]);
  }
  const head = 8 + 8 * runs.length;
  const packed = new Uint8Array(head + runs.reduce((sum, [, length]) => sum + length, 0));
  const words = new DataView(packed.buffer);
  words.setUint32(0, memory.length, true);
  words.setUint32(4, runs.length, true);
  let data = head;
  runs.forEach(([offset, length], i) => {
    words.setUint32(8 + 8 * i, offset, true);
    words.setUint32(12 + 8 * i, length, true);
    packed.set(memory.subarray(offset, offset + length), data);
    data += length;
  });
  return packed;
}

export function unpackPages(packed) {
  const words = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const runs = words.getUint32(4, true);
  const memory = new Uint8Array(words.getUint32(0, true)); // zeroed: only the runs are written
  let data = 8 + 8 * runs;
  for (let i = 0; i < runs; i += 1) {
    const offset = words.getUint32(8 + 8 * i, true);
    const length = words.getUint32(12 + 8 * i, true);
    memory.set(packed.subarray(data, data + length), offset);
    data += length;
  }
  if (data !== packed.length) throw new Error("the memory snapshot's page list does not match its size");
  return memory;
}

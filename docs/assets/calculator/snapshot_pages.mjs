// The memory snapshot as it ships: only the 4 KB pages that hold something. The heap is mostly
// free memory, zeroed at build time (about 12 of 31 MB hold data), and inflating those zeros cost
// the browser about 0.3 s of every start from the snapshot. Written by build_scripts/make_snapshot.mjs,
// read by worker.mjs, which writes it into the engine's memory page by page; this module is the
// format's one definition.
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

/**
 * The image's runs, checked against its size; their bytes are views of `packed`, not copies.
 * @param {Uint8Array} packed
 * @returns {{ length: number, runs: { offset: number, bytes: Uint8Array }[] }}
 */
export function pageRuns(packed) {
  const words = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const count = words.getUint32(4, true);
  const runs = [];
  let data = 8 + 8 * count;
  for (let i = 0; i < count; i += 1) {
    const offset = words.getUint32(8 + 8 * i, true);
    const length = words.getUint32(12 + 8 * i, true);
    runs.push({ offset, bytes: packed.subarray(data, data + length) });
    data += length;
  }
  if (data !== packed.length) throw new Error("the memory snapshot's page list does not match its size");
  return { length: words.getUint32(0, true), runs };
}

/** @param {Uint8Array} packed */
export function unpackPages(packed) {
  const { length, runs } = pageRuns(packed);
  const memory = new Uint8Array(length); // zeroed: only the runs are written
  for (const { offset, bytes } of runs) memory.set(bytes, offset);
  return memory;
}

/**
 * Writes the image's bytes from `from` on into `target` (image offset `from` at target offset 0, as
 * far as `target` reaches), as the same bytes unpacked would be copied there whole, but touching
 * only the pages that hold something: `target` must be zero from `dirty` on (fresh memory, written
 * only below `dirty`), and [0, dirty) is zeroed first. Copied whole, a start from the snapshot
 * touched every page of both buffers, about 31 MB each.
 * @param {{ length: number, runs: { offset: number, bytes: Uint8Array }[] }} image
 * @param {Uint8Array} target @param {number} from @param {number} dirty
 */
export function writePages(image, target, from, dirty) {
  const end = Math.min(image.length, from + target.length);
  target.fill(0, 0, Math.max(0, Math.min(dirty, end - from)));
  for (const { offset, bytes } of image.runs) {
    const low = Math.max(offset, from);
    const high = Math.min(offset + bytes.length, end);
    if (low < high) target.set(bytes.subarray(low - offset, high - offset), low - from);
  }
}

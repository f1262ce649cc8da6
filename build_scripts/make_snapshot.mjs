// Build-time memory snapshot of Pyodide with the engine imported, made in Node with the same runtime
// files the browser loads. The browser restores it instead of starting Python and importing the
// engine, then hands the engine its source. The snapshot holds no clinical content, so a content
// change leaves it as it was: no warm-up runs here (a warm-up on the test fixture's source left that
// source's text in the heap and saved no measurable time: source to first plan took 190-240 ms either
// way in Node; freezing start-up's objects out of garbage collection saves about a fifth of it).
// Usage: node build_scripts/make_snapshot.mjs RUNTIME_DIR WHEEL OUT (the build brotli-compresses it: calculator_assets.py)
import nodeCrypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { loadPyodide } from "pyodide";
import { packPages } from "../docs/assets/calculator/snapshot_pages.mjs";

const [runtimeDir, wheel, out] = process.argv.slice(2);
process.argv = ["node", "make_snapshot.mjs"]; // Emscripten keeps the program's path: not where the checkout is
// The same bytes from the same inputs: the clock (file times in the in-memory file system, start-up
// timestamps) reads SOURCE_DATE_EPOCH, and the entropy Python and its C library draw at start-up
// comes from a fixed-seed generator. The snapshot is public, so this gives away no secret: every
// visitor restores the same state whichever seed made it.
const epochMs = Number(process.env.SOURCE_DATE_EPOCH || 315532800) * 1000;
Date.now = () => epochMs;
let ticks = 0;
performance.now = () => ++ticks; // monotonic, one "millisecond" per reading
let seed = 0x2545f491;
const nextByte = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed >>> 24;
};
nodeCrypto.randomFillSync = (array) => {
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).forEach((_, i, bytes) => { bytes[i] = nextByte(); });
  return array;
};
Math.random = () => (nextByte() * 256 + nextByte()) / 65536;
const runtime = path.resolve(runtimeDir) + "/";
const pyodide = await loadPyodide({
  indexURL: runtime,
  lockFileURL: runtime + "pyodide-lock.json",
  packageBaseUrl: runtime,
  _makeSnapshot: true,
  // A fixed string-hash seed: dict and set layouts in the heap, and so the snapshot's bytes, are the
  // same on every build. A restored snapshot shares its seed with every visitor anyway.
  env: { PYTHONHASHSEED: "0" },
});
// loadPackage would leave JavaScript handles that a snapshot cannot hold: unpack the wheel instead.
pyodide.FS.writeFile("/tmp/engine.whl", fs.readFileSync(wheel));
pyodide.runPython(`
import importlib, site, zipfile
zipfile.ZipFile("/tmp/engine.whl").extractall(site.getsitepackages()[0])
importlib.invalidate_caches()  # the frozen clock leaves site-packages' time unchanged
import hemangioma_calc.json_api  # every engine module (the wheel holds no source to load yet)
hemangioma_calc.json_api.prepare_model()  # how a source and a case are built: no content
import gc
gc.collect()
gc.freeze()  # what start-up made stays out of every later collection (the source's load makes many)
import random
random.seed(0)  # the state Pyodide seeded from the clock at start-up: the same bytes on every build
`);
zeroFreeMemory(/** @type {any} */ (pyodide)._module); // Emscripten's module: not in Pyodide's public types
const snapshot = pyodide.makeMemorySnapshot();
const pages = packPages(snapshot); // only the pages that hold something (see snapshot_pages.mjs)
fs.writeFileSync(out, pages);
console.log(`snapshot: ${snapshot.length} bytes, ${pages.length} in pages that hold something`);

// Free memory still holds what Python and its allocator left there while starting (sources read
// from the archive, objects of the import machinery): zeroed, it compresses to almost nothing (the
// snapshot was about 0.7 MB smaller gzipped). Every free block is taken from the allocator, zeroed and
// given back, largest sizes first; only blocks below the break of the start (never fresh memory) are
// kept, and no request may grow the heap (the snapshot would grow with it).
function zeroFreeMemory(module) {
  const start = module._sbrk(0);
  const taken = [];
  for (let size = 1 << 22; size >= 16; ) {
    const room = module.HEAPU8.length - module._sbrk(0);
    const block = size + (1 << 18) <= room ? module._malloc(size) : 0;
    if (block && block + size <= start) {
      module.HEAPU8.fill(0, block, block + size);
      taken.push(block);
    } else {
      if (block) module._free(block);
      size >>= 1;
    }
  }
  for (const block of taken) module._free(block);
}

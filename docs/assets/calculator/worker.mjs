// Pyodide and the decision engine in a module worker, so the page never blocks.
// The page and the worker speak the protocol of worker_protocol.js: the case in as JSON text, {ok, plan | errors} out.
import "../worker_confinement.js";
import { brotliDecoding } from "./brotli_stream.mjs";
import { bodySize, countDownloads, reportCompileFailures } from "./loading_reports.js";
import { piecewiseDigest } from "./piecewise_digest.mjs";
import { pageRuns, writePages } from "./snapshot_pages.mjs";
import { isEvaluateRequest, workerMessage } from "./worker_protocol.js";
// The build's hashes of the runtime files: code, checked by the service worker against its own
// build-time list like every file it serves, not data in Cache Storage that another site of this
// origin could rewrite.
// @ts-ignore: written by `make site` (build_scripts/runtime_manifest.py), so absent from a fresh clone
import RUNTIME_HASHES, { ADDRESSES, BUILD, PIECES } from "../pyodide/runtime-manifest.mjs";
// brotli-dec-wasm's bindings, which the build copies beside the runtime (its wasm is checked before use).
// @ts-ignore: copied by `make site` (build_scripts/calculator_assets.py), so absent from a fresh clone
import * as brotliBindings from "../pyodide/brotli_dec_wasm.js";

const runtimeURL = new URL("../pyodide/", import.meta.url).href; // Pyodide needs an absolute URL
const WASM = "pyodide.asm.wasm";
// The largest runtime files ship brotli-compressed (the manifest lists NAME.br; 2.4 MB less than
// gzipped): a download is decoded here as it arrives, by brotli-dec-wasm (whose own wasm, DECODER,
// is checked first); the service worker keeps them decoded.
const DECODER = "brotli_dec_wasm_bg.wasm";
/** @param {string} name */
const shipped = (name) => (name + ".br" in RUNTIME_HASHES ? name + ".br" : name);
// A runtime file is asked for under an address that names its content (the manifest's), so that no
// HTTP cache (GitHub Pages sends max-age=600) serves an older one under this build's hashes. A first
// visit's calculator page has fetched the same addresses ahead (boot.js): the requests here find
// those downloads in the HTTP cache, joining them while they run.
/** @param {string} name */
const addressed = (name) => runtimeURL + ADDRESSES[name];
// Pyodide's loader, by its content address from the manifest (a static import would make tsc check
// Pyodide's own build output; its types are the npm package's).
/** @type {Promise<typeof import("pyodide")>} */
const pyodideLoader = import(addressed("pyodide.mjs"));
// The build the page belongs to (boot.js passes it): a worker of another deployment starts nothing.
const pageBuild = new URL(import.meta.url).searchParams.get("build");
// When each stage of a start ended, for the benchmark and the Performance page: on the clock every
// thread shares (ms since the epoch), which the page reads on its own (a worker's clock starts only
// once its thread runs, well after the page created it).
/** @type {Record<string, number>} */
const marks = {};
/** @param {string} name */
const mark = (name) => { marks[name] = performance.timeOrigin + performance.now(); };

/** @param {import("./worker_protocol.js").WorkerMessage} message */
const post = (message) => self.postMessage(message);
let stageText = "";
/** @param {string} text */
const progress = (text) => {
  stageText = text;
  post(workerMessage.progress(text));
};
/** @param {string} message */
const fatal = (message) => post(workerMessage.fatal(message));

// Integrity: every runtime file is checked against the build's digests (SHA-256, piecewise) before
// use, on the snapshot path and the fresh one, so a damaged file is never run.
/** @param {string} name @param {ArrayBuffer} bytes */
const matchesBuild = async (name, bytes) => Boolean(PIECES[name]) && (await piecewiseDigest(bytes)) === PIECES[name];
/** @param {string} name @param {ArrayBuffer} bytes */
async function checkBytes(name, bytes) {
  if (!(await matchesBuild(name, bytes))) {
    const error = new Error(`The calculator's file ${name} is damaged (it does not match the build's hash); reload the page.`);
    // A damaged snapshot falls back to starting afresh; any other file has no substitute (and
    // Pyodide would wait forever for a wasm that failed to instantiate): say so now.
    if (!name.startsWith("engine-snapshot")) fatal(error.message);
    throw error;
  }
  return bytes;
}
/** @param {string} name @param {Response} response */
async function checkedResponse(name, response) {
  const bytes = await checkBytes(name, await response.arrayBuffer());
  const headers = { "Content-Type": response.headers.get("Content-Type") || "application/octet-stream" };
  return new Response(bytes, { status: response.status, headers });
}

// --- the worker's requests and its wasm, composed here and nowhere else ---------------------------
// From the inside out: (1) the browser's fetch; (2) counted, byte by byte, for the page
// (loading_reports.js); (3) the runtime's rules: a runtime file by its content address and checked
// against its hash, and Pyodide's own request for the wasm answered by a stand-in; (4) confinement
// to this origin (worker_confinement.js, called further down), which wraps whatever self.fetch is
// then, so every later request, Pyodide's and the engine's, passes through all four. Pyodide's
// instantiateStreaming is replaced by one that instantiates the worker's own compile, and the compile
// failures reporter wraps that replacement.
const browserFetch = self.fetch.bind(self);
// Loading reports what it does, byte by byte, and fails loudly: a missing file by name at once, and
// an error that escapes Pyodide's promise (a wasm that does not compile aborts inside Emscripten)
// instead of a wait that never ends.
const downloads = countDownloads(runtimeURL, browserFetch, {
  onBytes: (file, received, total) => post(workerMessage.download(file, received, total)),
  onMissing: (file, status) => fatal(`a file the calculator needs is missing from this site: ${file} (HTTP ${status})`),
  onIdle: () => working(),
});
/** @param {RequestInfo | URL} input */
const runtimeFileOf = (input) => {
  const url = new URL(input instanceof Request ? input.url : input, runtimeURL).href.split(/[?#]/)[0];
  return url.startsWith(runtimeURL) ? url.slice(runtimeURL.length) : null;
};
/** @type {typeof fetch} */
const runtimeFetch = async (input, init) => {
  const name = runtimeFileOf(input);
  // Pyodide asks for the wasm once its module is imported (and the snapshot read): by then the
  // worker has been downloading and compiling it since its first moment (below). Pyodide's request
  // gets an empty stand-in, and its instantiateStreaming the compiled module.
  if (name === WASM) return new Response(null, { headers: { "Content-Type": "application/wasm" } });
  // A file that ships compressed (the standard library): the offline copy's, or downloaded and decoded.
  if (name !== null && shipped(name) !== name) return new Response(await storedOrDownloaded(name));
  const target = name !== null && name in RUNTIME_HASHES ? addressed(name) : input;
  const response = await downloads.fetch(input instanceof Request && target !== input ? new Request(target, input) : target, init);
  const head = (init && init.method === "HEAD") || (input instanceof Request && input.method === "HEAD");
  if (!name || head || !response.ok || !response.body) return response;
  return checkedResponse(name, response);
};
self.fetch = runtimeFetch;
// The service worker's copies of the runtime files, read straight from Cache Storage through a
// reference kept here: `caches` itself is withdrawn below (Cache.add sends requests). Another site
// of this origin can rewrite them, so their bytes are checked like any runtime file.
const matchCached = self.caches ? self.caches.match.bind(self.caches) : null;
// The offline copy of a runtime file, best first: Cache Storage's, then, if that one fails its check,
// the service worker's answer (it checks its copy as it serves it, and makes a damaged one again:
// downloaded, or decoded from its checked compressed file). Nothing without an offline copy.
/** @param {string} name */
async function* offlineCopies(name) {
  const stored = matchCached ? await matchCached(runtimeURL + name).catch(() => undefined) : undefined;
  if (!stored || !stored.ok) return;
  yield stored;
  console.warn(`this browser's offline copy of ${name} is damaged (it does not match the build): asked of the service worker instead`);
  const answer = await browserFetch(addressed(name)).catch(() => null);
  if (answer && answer.ok) yield answer;
}
/** @type {Promise<typeof brotliBindings> | null} */
let decoderReady = null;
const decoder = () => (decoderReady ??= storedOrDownloaded(DECODER).then(async (bytes) => {
  brotliBindings.initSync({ module: await WebAssembly.compile(bytes) });
  return brotliBindings;
}));
// A runtime file downloaded, as a stream of its bytes (decoded as they arrive if it ships
// compressed), counted for the page, with the size it travels at (null if unknown); a missing file
// is reported by name (countDownloads).
/** @param {string} name @returns {Promise<{ body: ReadableStream<Uint8Array>, size: number | null }>} */
async function downloaded(name) {
  const download = downloads.fetch(addressed(shipped(name)));
  const bindings = shipped(name) === name ? null : await decoder();
  const response = await download;
  if (!response.ok || !response.body) throw new Error(`${shipped(name)} could not be downloaded (HTTP ${response.status})`);
  return { body: bindings ? response.body.pipeThrough(brotliDecoding(bindings)) : response.body, size: bodySize(response) };
}
/** @param {string} name @param {ReadableStream<Uint8Array>} body */
const bytesOf = (name, body) => new Response(body).arrayBuffer().catch((error) => {
  const message = `The calculator's file ${shipped(name)} is damaged or was cut off (${error.message}); reload the page.`;
  fatal(message);
  throw new Error(message);
});
// A runtime file's checked bytes: the offline copy's, or downloaded.
/** @param {string} name */
async function storedOrDownloaded(name) {
  for await (const copy of offlineCopies(name)) {
    const bytes = await copy.arrayBuffer();
    if (await matchesBuild(name, bytes)) return bytes;
  }
  return checkBytes(name, await bytesOf(name, (await downloaded(name)).body));
}
// A whole response's wasm, compiled and checked on the same bytes, or null.
/** @param {Response} response */
async function wholeWasm(response) {
  const bytes = response.arrayBuffer();
  const [module, intact] = await Promise.all([
    bytes.then((all) => WebAssembly.compile(all)).catch(() => null),
    bytes.then((all) => matchesBuild(WASM, all)).catch(() => false),
  ]);
  return module && intact ? { bytes, compiled: Promise.resolve(module), checked: bytes } : null;
}
async function downloadedWasm() {
  const requestedAt = performance.now();
  const { body, size } = await downloaded(WASM);
  const [forCompile, forCheck] = body.tee();
  const bytes = bytesOf(WASM, forCheck);
  const checked = bytes.then((all) => checkBytes(WASM, all));
  // A compile error only once the check has spoken: a damaged file is named as such.
  const compiled = WebAssembly.compileStreaming(new Response(forCompile, { headers: { "Content-Type": "application/wasm" } }))
    .catch(async (error) => { await checked; throw error; });
  return { bytes, compiled, checked, download: { requestedAt, size } };
}
// The wasm from the worker's first moment. Downloaded, it is decoded and compiled as it arrives (on
// the browser's compile threads, while this thread reads the snapshot and imports Pyodide's module);
// a copy of the same decoded bytes is checked meanwhile, and the module is instantiated only once the
// check passed. On a repeat visit it is read straight from the service worker's cache, whole, then
// compiled from those bytes and checked on the same bytes: a streaming compile of a response already
// on disk decodes it on this thread, which Pyodide's module then waits for (read whole, the engine was
// ready 20-35 ms sooner over eight warm visits). V8 caches no compiled code for this copy, which is
// the sooner start all the same (the Performance page has the figures).
const wasm = (async () => {
  for await (const copy of offlineCopies(WASM)) {
    const whole = await wholeWasm(copy);
    if (whole) {
      mark("wasm-read-from-cache");
      return whole;
    }
  }
  return downloadedWasm();
})();
const wasmModule = wasm.then(async ({ bytes, compiled, checked }) => {
  bytes.then(() => progress("Compiling the Python runtime…")); // every byte is here; the compile may still run
  const [module] = await Promise.all([compiled, checked]);
  mark("wasm-compiled");
  return module;
});
WebAssembly.instantiateStreaming = async (standIn, imports) => {
  const module = await wasmModule;
  progress("Preparing the Python runtime…");
  const instance = await WebAssembly.instantiate(module, imports);
  mark("instantiated");
  return { module, instance };
};
reportCompileFailures((error) => fatal(`the Python runtime (pyodide.asm.wasm) is damaged and does not compile: ${error.message}`));
// Pyodide's own module, imported only once its bytes passed the check, from those very bytes. On a
// repeat visit they are read straight from the service worker's copy, like the wasm. Imported by its
// address through the service worker instead, it was read and checked twice (there, then here), and
// to no gain: V8 keeps no compiled code of a worker's module scripts (the bench's traces never showed
// it taken from the code cache).
const MODULE = "pyodide.asm.mjs";
const createPyodideModule = storedOrDownloaded(MODULE)
  .then((bytes) => import(URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }))))
  .then((module) => {
    mark("module-imported");
    return module.default ?? module._createPyodideModule;
  })
  .then((create) => (settings) => {
    settings.preRun = [() => progress("Loading the standard library…"), ...settings.preRun];
    // Then Python starts, or (noInitialRun) its memory is restored from the snapshot.
    settings.onRuntimeInitialized = () => {
      mark("runtime-initialized");
      progress(settings.noInitialRun ? "Restoring the decision engine…" : "Starting Python…");
    };
    return create(settings);
  });
// While nothing downloads (compiling, starting Python: work that can block this thread), the page
// is told so and counts the time itself; a download that stalls sends nothing, so the page can tell.
const working = () => {
  if (!engine && stageText && !downloads.downloading()) post(workerMessage.progress(stageText, true));
};
const beat = setInterval(() => (engine ? clearInterval(beat) : working()), 1000);
// The clinical source ships as its own file, named by its hash in the manifest, so that a content
// change leaves the wheel and the snapshot as they were; it downloads beside the runtime, checked
// like every runtime file, and is handed to the engine once Python runs.
const sourceText = (async () => {
  const name = Object.keys(RUNTIME_HASHES).find((file) => /^guideline\.[0-9a-f]+\.json$/.test(file));
  if (!name) throw new Error("the calculator's runtime manifest names no guideline source; reload the page.");
  const response = await fetch(runtimeURL + name);
  if (!response.ok) throw new Error(`the guideline source ${name} could not be loaded (HTTP ${response.status})`);
  return response.text();
})();
const SNAPSHOT = "engine-snapshot.bin";
// When to start from the build-time memory snapshot (Python already started, engine imported):
// "auto" (default): when the service worker already holds it (a repeat visit), or when the network
// is fast enough that its download costs less than starting Python afresh would; the speed is
// measured on the wasm's download, which starts at once whichever way Python starts.
// "cached", "always" and "never" exist for the benchmark (see the performance page).
const snapshotPolicy = new URL(import.meta.url).searchParams.get("snapshot") || "auto";
// Starting afresh (Python start-up and the engine's import) minus restoring the snapshot, measured in
// headless Chromium on this project's benchmark machine (2 cores, loopback, median of 4 each,
// interleaved; standard library and engine compiled, snapshot in pages): 1.52 s afresh against
// 0.98 s restored, from the worker's start to the engine ready. The 3.0 MB snapshot then pays on
// links faster than about 45 Mbit/s; at 20 Mbit/s (1.2 s) it does not. A slower device saves more by
// restoring: this errs towards fewer bytes.
const FRESH_START_SAVING_MS = 540;
// Confinement, before any case arrives and before Python starts: the last layer of the worker's
// fetch (composed above; the browser's own fetch stays only inside that composition): see
// worker_confinement.js, shared with the site's search worker. tests/test_worker_isolation.py checks it.
if (!self.hgConfineWorker) throw new Error("the worker's confinement script did not load"); // never run unconfined
self.hgConfineWorker("the calculator's worker");
self.addEventListener("unhandledrejection", (event) => {
  if (!engine) fatal(String((event.reason && event.reason.message) || event.reason).split("\n")[0]);
});

let engine = null; // { evaluate, settle } once the engine runs

// A runtime file downloaded into the HTTP cache, where Pyodide's later request for it finds it (and
// checks it then): counted for the page, not checked here, since these bytes are dropped.
/** @param {string} name */
const fetchAhead = (name) => downloads.fetch(addressed(shipped(name))).then((r) => r.arrayBuffer()).catch(() => {});

async function snapshotWorthFetching() {
  const size = fetch(runtimeURL + shipped(SNAPSHOT), { method: "HEAD" }).then((r) => Number(r.headers.get("content-length")) || Infinity);
  fetchAhead("python_stdlib.zip"); // meanwhile, so the probe costs no time
  // The speed of the wasm's download, which is needed anyway, from the network's own timing (request
  // to last byte), not this thread's: while Pyodide's module is parsed here, the bytes' arrival is
  // seen late, which would make a fast link look slow.
  const timing = () => /** @type {PerformanceResourceTiming | undefined} */ (performance.getEntriesByName(addressed(shipped(WASM))).pop());
  const { bytes, download } = await wasm;
  const snapshotSize = await size;
  // The snapshot pays if the wasm arrives within FRESH_START_SAVING_MS x (its size / the snapshot's)
  // of its request. Once that time has passed with the download not over (it has no timing yet), the
  // link is too slow, and Python starts afresh at once: its set-up runs while the wasm arrives.
  if (download && download.size) {
    const slowAfter = download.requestedAt + (FRESH_START_SAVING_MS * download.size) / snapshotSize;
    const arrived = await Promise.race([bytes.then(() => true), new Promise((resolve) => setTimeout(resolve, slowAfter - performance.now(), false))]);
    if (!arrived && !timing()) return false;
  }
  await bytes;
  const wasmTiming = timing();
  if (!wasmTiming || !wasmTiming.encodedBodySize) return false;
  const bytesPerMs = wasmTiming.encodedBodySize / Math.max(1, wasmTiming.responseEnd - wasmTiming.requestStart);
  return snapshotSize / bytesPerMs < FRESH_START_SAVING_MS;
}

// Where to get the snapshot, or null: { image } holds a promise, so the bytes are read, checked,
// (decoded) and their page list read while the wasm compiles and Pyodide's module is imported. The
// service worker keeps it decoded, checked here against the manifest's hash of the decoded bytes: a
// warm start decodes nothing.
async function snapshotSource() {
  const cached = snapshotPolicy !== "never" && matchCached ? await matchCached(runtimeURL + SNAPSHOT).catch(() => undefined) : undefined;
  if (cached && cached.ok) return { image: imageOf(cached.arrayBuffer().then((pages) => checkBytes(SNAPSHOT, pages))) };
  if (snapshotPolicy === "always" || (snapshotPolicy === "auto" && (await snapshotWorthFetching()))) {
    // Downloaded and decoded; a snapshot that does not decode, or not to the build's bytes, is skipped.
    const pages = downloaded(SNAPSHOT).then(({ body }) => new Response(body).arrayBuffer()).then((all) => checkBytes(SNAPSHOT, all));
    return { image: imageOf(pages) };
  }
  // Python starts afresh and then installs the engine's wheel: it downloads while Python starts,
  // once the wasm has arrived (before, it would share the link with it).
  const wheel = Object.keys(RUNTIME_HASHES).find((file) => file.endsWith(".whl"));
  if (wheel) wasm.then(({ bytes }) => bytes).then(() => fetchAhead(wheel), () => {});
  return null;
}

/** @param {Promise<ArrayBuffer>} pages the snapshot's checked, decoded bytes */
function imageOf(pages) {
  const image = pages.then((all) => pageRuns(new Uint8Array(all))).catch((error) => {
    skipSnapshot(error);
    throw error;
  });
  // A failure may come before Pyodide awaits the bytes (a cached copy is checked at once): it is
  // handled there (start() starts afresh), not an unhandled rejection, which would be fatal.
  image.catch(() => {});
  return image;
}

// Pyodide's snapshot is its header (a magic number, the build, its own state, and in its second word
// where the memory image starts) and then the wasm's whole memory. Pyodide is given the header alone
// and the memory's size; once its instance has started, and before Python runs, the image is written
// into that memory page by page (snapshot_pages.mjs), the same bytes Pyodide would have copied whole.
// What the instance wrote lies below its heap's end and its stack's base; above them its memory is
// still zero, as all fresh wasm memory is.
/** @param {{ length: number, runs: { offset: number, bytes: Uint8Array }[] }} image */
function headerOf(image) {
  const start = new Uint8Array(8);
  writePages(image, start, 0, start.length);
  const length = new DataView(start.buffer).getUint32(4, true);
  if (length < start.length || length > image.length) throw new Error("the memory snapshot's header does not fit it");
  const header = new Uint8Array(length);
  writePages(image, header, 0, length);
  return header;
}
/** @param {Promise<ReturnType<typeof pageRuns>>} pages @param {any} create */
const restoringPages = (pages, create) => async (settings) => {
  const image = await pages; // read already: Pyodide awaited its header first
  settings.INITIAL_MEMORY = image.length; // Pyodide sized it by the header it was given
  const module = await create(settings);
  const restore = module.API.restoreSnapshot;
  module.API.restoreSnapshot = (/** @type {Uint8Array} */ header) => {
    const state = restore(header); // checks the magic number and the build, reads Pyodide's own state
    const heap = new Uint8Array(module.HEAP8.buffer);
    const written = [module._sbrk?.(0), module._emscripten_stack_get_base?.()];
    const dirty = written.every((end) => typeof end === "number") ? Math.max(...written.map((end) => end >>> 0)) : heap.length;
    writePages(image, heap, header.length, dirty);
    mark("memory-restored");
    return state;
  };
  return module;
};

const runtimeOptions = {
  indexURL: runtimeURL,
  lockFileURL: runtimeURL + "pyodide-lock.json",
  packageBaseUrl: runtimeURL, // nothing may be fetched from anywhere but this site
};

/** @param {Promise<ReturnType<typeof pageRuns>>} image */
async function startFromSnapshot(image) {
  const { loadPyodide } = await pyodideLoader;
  const create = await createPyodideModule;
  const pyodide = await loadPyodide({ ...runtimeOptions, createPyodideModule: restoringPages(image, create), _loadSnapshot: image.then(headerOf) });
  return startEngine(pyodide);
}

async function startFresh() {
  const { loadPyodide } = await pyodideLoader;
  const pyodide = await loadPyodide({ ...runtimeOptions, createPyodideModule: await createPyodideModule });
  mark("python-started");
  progress("Loading the decision engine…");
  await pyodide.loadPackage("hemangioma-calc", { messageCallback: () => {} });
  mark("engine-installed");
  return startEngine(pyodide);
}

// The engine reads its source (validated), on either path; its warm-up waits for the first plan.
async function startEngine(pyodide) {
  progress("Importing the decision engine…");
  const api = pyodide.pyimport("hemangioma_calc.json_api");
  mark("python-ready");
  progress("Loading the guideline…");
  api.start(await sourceText);
  return { evaluate: api.evaluate_json, settle: api.settle };
}

const skipSnapshot = (error) => console.warn(`snapshot not used: ${error.message}`); // started afresh instead

async function start() {
  mark("worker-start");
  progress("Downloading the Python runtime…");
  const snapshot = await snapshotSource().catch((error) => {
    skipSnapshot(error);
    return null;
  });
  mark("snapshot-found");
  if (snapshot) {
    try {
      engine = await startFromSnapshot(snapshot.image);
    } catch (error) {
      console.warn("snapshot restore failed; starting Python afresh", error);
    }
  }
  const restored = Boolean(engine); // how it truly started: a failed restore starts afresh
  engine ??= await startFresh();
  mark("engine-ready");
  progress("Starting the decision engine…");
  post(workerMessage.ready(restored, marks, BUILD, crypto.randomUUID()));
}

const ready = pageBuild && pageBuild !== BUILD
  ? Promise.resolve(post(workerMessage.updated()))
  : start().catch((error) => {
    console.error(error);
    fatal(String((error && error.message) || error).split("\n")[0]);
  });

let settled = false;
self.onmessage = async (event) => {
  await ready;
  if (!engine || !isEvaluateRequest(event.data)) return;
  const { caseText } = event.data;
  try {
    const started = performance.now();
    const text = engine.evaluate(caseText);
    post(workerMessage.result(text, performance.now() - started));
    if (!settled) {
      settled = true;
      engine.settle(); // the warm-up, once the first plan is out
    }
  } catch (error) {
    console.error(error); // the details stay in the console; the page shows plain words
    post(workerMessage.result(JSON.stringify({ ok: false, errors: [{ field: "", reason: "The engine hit an internal error; the details are in the browser console." }] })));
  }
};

// Pyodide and the decision engine in a module worker, so the page never blocks.
// Only JSON strings cross the boundary: the case in, {ok, plan | errors} out.
import { loadPyodide } from "../pyodide/pyodide.mjs";

const runtimeURL = new URL("../pyodide/", import.meta.url).href; // Pyodide needs an absolute URL
const snapshotURL = runtimeURL + "engine-snapshot.bin.gz";
// When to start from the build-time memory snapshot (Python started, engine imported):
// "cached" (default) only when the service worker already holds it, i.e. on a repeat visit; on a
// first visit its 6 MB cost more than they save on a slow network (see the performance page).
// "always" and "never" exist for the benchmark.
const snapshotPolicy = new URL(import.meta.url).searchParams.get("snapshot") || "cached";
const post = (message) => self.postMessage(message);
const progress = (stage, text) => post({ type: "progress", stage, text });

let evaluateJson = null;

async function snapshotBytes() {
  let response = null;
  if (snapshotPolicy === "always") response = await fetch(snapshotURL);
  else if (snapshotPolicy === "cached" && "caches" in self) response = await caches.match(snapshotURL);
  if (!response || !response.ok) return null;
  return new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
}

const runtimeOptions = {
  indexURL: runtimeURL,
  lockFileURL: runtimeURL + "pyodide-lock.json",
  packageBaseUrl: runtimeURL, // nothing may be fetched from anywhere but this site
};

async function startFromSnapshot(snapshot) {
  progress(2, "Restoring the decision engine…");
  const pyodide = await loadPyodide({ ...runtimeOptions, _loadSnapshot: snapshot });
  return pyodide.pyimport("hemangioma_calc.json_api").evaluate_json;
}

async function startFresh() {
  const pyodide = await loadPyodide(runtimeOptions);
  progress(2, "Loading the decision engine…");
  await pyodide.loadPackage("hemangioma-calc", { messageCallback: () => {} });
  return pyodide.pyimport("hemangioma_calc.json_api").evaluate_json;
}

async function start() {
  progress(1, "Loading the Python runtime…");
  const snapshot = await snapshotBytes().catch(() => null);
  if (snapshot) {
    try {
      evaluateJson = await startFromSnapshot(snapshot);
    } catch (error) {
      console.warn("snapshot restore failed; starting Python afresh", error);
    }
  }
  evaluateJson ??= await startFresh();
  progress(3, "Starting the decision engine…");
  post({ type: "ready", snapshot: Boolean(snapshot) });
}

const ready = start().catch((error) => {
  console.error(error);
  post({ type: "fatal", message: String((error && error.message) || error).split("\n")[0] });
});

self.onmessage = async (event) => {
  await ready;
  if (!evaluateJson) return;
  const { id, caseText } = event.data;
  try {
    post({ type: "result", id, text: evaluateJson(caseText) });
  } catch (error) {
    console.error(error); // the details stay in the console; the page shows plain words
    post({ type: "result", id, text: JSON.stringify({ ok: false, errors: [{ field: "", reason: "The engine hit an internal error; the details are in the browser console." }] }) });
  }
};

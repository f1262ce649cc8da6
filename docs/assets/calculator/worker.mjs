// Pyodide and the decision engine in a module worker, so the page never blocks.
// Only JSON strings cross the boundary: the case in, {ok, plan | errors} out.
import { loadPyodide } from "../pyodide/pyodide.mjs";

const runtimeURL = new URL("../pyodide/", import.meta.url).href; // Pyodide needs an absolute URL
const post = (message) => self.postMessage(message);
const progress = (stage, text) => post({ type: "progress", stage, text });

let evaluateJson = null;

async function start() {
  progress(1, "Loading the Python runtime…");
  const pyodide = await loadPyodide({
    indexURL: runtimeURL,
    lockFileURL: runtimeURL + "pyodide-lock.json",
    // Nothing may be fetched from anywhere but this site.
    packageBaseUrl: runtimeURL,
  });
  progress(2, "Loading the decision engine…");
  await pyodide.loadPackage("hemangioma-calc", { messageCallback: () => {} });
  progress(3, "Starting the decision engine…");
  evaluateJson = pyodide.pyimport("hemangioma_calc.json_api").evaluate_json;
  post({ type: "ready" });
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

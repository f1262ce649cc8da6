// Build-time memory snapshot of Pyodide with the engine imported and warmed, made in Node with
// the same runtime files the browser loads. The browser restores it instead of starting Python and
// importing the engine. Usage: node build_scripts/make_snapshot.mjs RUNTIME_DIR WHEEL OUT.gz
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { loadPyodide } from "pyodide";

const [runtimeDir, wheel, out] = process.argv.slice(2);
const runtime = path.resolve(runtimeDir) + "/";
const pyodide = await loadPyodide({
  indexURL: runtime,
  lockFileURL: runtime + "pyodide-lock.json",
  packageBaseUrl: runtime,
  _makeSnapshot: true,
});
// loadPackage would leave JavaScript handles that a snapshot cannot hold: unpack the wheel instead.
pyodide.FS.writeFile("/tmp/engine.whl", fs.readFileSync(wheel));
pyodide.runPython(`
import site, zipfile
zipfile.ZipFile("/tmp/engine.whl").extractall(site.getsitepackages()[0])
from hemangioma_calc.json_api import settle
settle()  # warmed (source parsed and validated, type hints cached), garbage collection frozen
`);
const snapshot = pyodide.makeMemorySnapshot();
fs.writeFileSync(out, zlib.gzipSync(snapshot, { level: 9 }));
console.log(`snapshot: ${snapshot.length} bytes, ${fs.statSync(out).size} gzipped`);

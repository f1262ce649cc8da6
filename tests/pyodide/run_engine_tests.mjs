// Runs the engine's own tests inside Pyodide (Node), against the very wheel and lockfile the
// browser loads, so a difference between CPython and Pyodide's Python shows up.
// Usage: node tests/pyodide/run_engine_tests.mjs [pytest args...]
import { fileURLToPath } from "node:url";
import path from "node:path";
import { loadPyodide } from "pyodide";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const runtime = path.join(root, "docs/assets/pyodide") + "/";
const pyodide = await loadPyodide({
  indexURL: runtime,
  lockFileURL: runtime + "pyodide-lock.json",
  packageBaseUrl: runtime,
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
await pyodide.loadPackage("hemangioma-calc", { messageCallback: () => {} });
pyodide.FS.mkdirTree("/repo");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root }, "/repo");
const args = process.argv.slice(2);
let code = 1;
try {
  code = await pyodide.runPythonAsync(`
import os, sys
sys.path.insert(0, "/repo/build/pyodide-site")  # pytest and hypothesis, pure Python
os.chdir("/repo")
import hemangioma_calc
assert hemangioma_calc.__file__.startswith(sys.prefix), f"engine must come from the wheel, not {hemangioma_calc.__file__}"
print("Pyodide Python", sys.version.split()[0], "on", sys.platform, "engine from", os.path.dirname(hemangioma_calc.__file__))
import pytest
int(pytest.main(["-p", "no:cacheprovider", *${JSON.stringify(args)}]))
`);
} catch (error) {
  console.error(String(error.message || error)); // the Python traceback, not Pyodide's JS source
}
process.exit(code);

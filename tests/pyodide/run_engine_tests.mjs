// Runs the engine's own tests inside Pyodide (Node), against the very wheel, lockfile and
// standard-library archive the browser loads, so a difference between CPython and Pyodide's
// Python, or a module missing from the shipped archive, fails here rather than for a user.
//
// Usage: node tests/pyodide/run_engine_tests.mjs [--stdlib ZIP] [pytest args...]
//        node tests/pyodide/run_engine_tests.mjs --trace OUT [pytest args...]
//
// First the calculator's own start runs (the engine loaded as the worker loads it, warmed, every
// worked case evaluated) with nothing but the shipped archive. Then the test tools' extra standard
// library (Pyodide's full archive) is put last on sys.path and the tests run while every import is
// recorded: a module that the engine or a shipped module imports from the extra archive is missing
// from the shipped one and fails the run (see import_edges.py for what "needs" means). With --trace, Pyodide's full archive is used throughout
// and the modules the engine needs are written to OUT (build_scripts/stdlib_modules.txt).
import { fileURLToPath, pathToFileURL } from "node:url";
import fs from "node:fs";
import path from "node:path";
import { loadPyodide } from "pyodide";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const runtime = path.join(root, "docs/assets/pyodide") + "/";
const fullStdlib = path.join(root, "node_modules/pyodide/python_stdlib.zip");
let args = process.argv.slice(2);
let traceOut = null;
let stdlib = runtime + "python_stdlib.zip"; // the shipped archive
if (args[0] === "--trace") [traceOut, stdlib, args] = [path.resolve(args[1]), fullStdlib, args.slice(2)];
if (args[0] === "--stdlib") [stdlib, args] = [path.resolve(args[1]), args.slice(2)];

const pyodide = await loadPyodide({
  indexURL: runtime,
  stdLibURL: stdlib,
  lockFileURL: runtime + "pyodide-lock.json",
  packageBaseUrl: runtime,
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
pyodide.runPython("import sys; startup = set(sys.modules)");
// The calculator's start, as worker.mjs does it: the wheel, then the source shipped beside it.
await pyodide.loadPackage("hemangioma-calc", { messageCallback: () => {} });
const { default: manifest } = await import(pathToFileURL(runtime + "runtime-manifest.mjs").href);
const shippedSource = Object.keys(manifest).find((file) => /^guideline\.[0-9a-f]+\.json$/.test(file));
pyodide.FS.mkdirTree("/repo");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root }, "/repo");
pyodide.FS.writeFile("/lib/test-tools-stdlib.zip", fs.readFileSync(fullStdlib));
let code = 1;
try {
  code = await pyodide.runPythonAsync(`
import json, os, sys
from hemangioma_calc.json_api import evaluate_json, start
from hemangioma_calc.packaged import packaged_source
start(open("/repo/docs/assets/pyodide/${shippedSource}", encoding="utf-8").read())
for worked in packaged_source().guideline.cases:
    assert json.loads(evaluate_json(json.dumps(worked.case)))["ok"], worked.id
calculator_start = set(sys.modules)
import importlib.util
for name in sorted(m for m in sys.modules if m.split(".")[0] == "hemangioma_calc"):
    with open(sys.modules[name].__cached__, "rb") as compiled:  # Python rewrites a pyc it could not use
        header = compiled.read(8)
    assert header == importlib.util.MAGIC_NUMBER + (0b01).to_bytes(4, "little"), f"{name} was compiled at import, not read from the wheel's bytecode"

sys.path.insert(0, "/repo/tests/pyodide")
sys.path.insert(0, "/repo/build/pyodide-site")  # pytest and hypothesis, pure Python
import test_tools_stdlib
test_tools_stdlib.install()
os.chdir("/repo")
import hemangioma_calc
from import_edges import ImportTrace, is_engine
assert hemangioma_calc.__file__.startswith(sys.prefix), f"engine must come from the wheel, not {hemangioma_calc.__file__}"
print("Pyodide Python", sys.version.split()[0], "on", sys.platform, "engine from", os.path.dirname(hemangioma_calc.__file__))
trace = ImportTrace().install()
import pytest
status = int(pytest.main(["-p", "no:cacheprovider", *${JSON.stringify(args)}]))

def where(name):
    return getattr(sys.modules.get(name), "__file__", None) or ""

SHIPPED = "/lib/python314.zip/"
# Not __main__: what its top level imports from here on is this runner's own (pytest and its tools).
needed = trace.needed((startup | calculator_start | {m for m in sys.modules if is_engine(m)}) - {"__main__"})

def frozen(name):  # inside the interpreter itself (os, site, importlib._bootstrap): never read from an archive
    return getattr(getattr(sys.modules.get(name), "__spec__", None), "origin", None) == "frozen"

if ${JSON.stringify(traceOut ?? "")}:
    modules = sorted(m for m in needed if where(m).startswith(SHIPPED) and not frozen(m))
    with open(${JSON.stringify(traceOut)}.replace("${root}", "/repo"), "w") as out:
        out.write("# The standard-library modules the calculator needs inside Pyodide, traced by\\n")
        out.write("# tests/pyodide/run_engine_tests.mjs --trace (make stdlib-trace); one module a line.\\n")
        out.write("".join(m + "\\n" for m in modules))
    print(f"traced {len(modules)} standard-library modules")
else:
    missing = sorted(m for m in needed if where(m).startswith(test_tools_stdlib.FALLBACK))
    if missing:
        print("not in the shipped standard-library archive (run make stdlib-trace):", *missing, sep="\\n  ")
        status = status or 3
    else:
        print("every module the engine imported came from the shipped standard-library archive")
    import zipfile
    with zipfile.ZipFile(SHIPPED.rstrip("/")) as shipped:
        members = [name.removesuffix(".pyc").removesuffix("/__init__").replace("/", ".") for name in shipped.namelist()]
    if unread := sorted(m for m in members if frozen(m)):
        print("shipped but frozen into the interpreter, so never read (run make stdlib-trace):", *unread, sep="\\n  ")
        status = status or 4
status
`);
} catch (error) {
  console.error(String(/** @type {any} */ (error).message || error)); // the Python traceback, not Pyodide's JS source
}
process.exit(code);

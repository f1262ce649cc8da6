// Compiles Python modules inside Pyodide, whose Python (3.14) is the one that runs them (the build's
// CPython is older and must not parse them). Usage:
//   node build_scripts/compile_python.mjs KIND IN_ZIP OUT_ZIP MEMBER...
// Each member (a .py path inside IN_ZIP) is compiled under an unchecked-hash header, so that Python
// loads it without compiling it and without comparing it with a source. KIND says how it ships:
// - "stdlib": a sourceless MEMBER.pyc at optimize=2 (no docstrings, no asserts), for the standard
//   library archive the browser mounts (build_scripts/stdlib_archive.py);
// - "package": __pycache__/NAME.TAG.pyc beside the source, as Python itself caches it, at optimize=0
//   (the engine runs as it does under pytest), for the engine's wheel, which Pyodide installs into
//   site-packages (build_scripts/calculator_assets.py).
// Each code object names the file where the browser's Python finds it, as a traceback shows it.
import fs from "node:fs";
import { loadPyodide } from "pyodide";

const [kind, inZip, outZip, ...members] = process.argv.slice(2);
if (kind !== "stdlib" && kind !== "package") throw new Error(`KIND is "stdlib" or "package", not ${kind}`);
process.argv = ["node", "compile_python.mjs"]; // Emscripten keeps the program's path: not where the checkout is
const pyodide = await loadPyodide({
  // The same bytes on every build: frozenset constants are marshalled in string-hash order. Without
  // column ranges the line tables are a quarter the size; a traceback still names each file and line.
  env: { PYTHONHASHSEED: "0", PYTHONNODEBUGRANGES: "1" },
});
pyodide.FS.writeFile("/tmp/in.zip", fs.readFileSync(inZip));
pyodide.globals.set("members", pyodide.toPy(members));
pyodide.globals.set("kind", kind);
pyodide.runPython(`
import importlib.util, marshal, posixpath, sys, sysconfig, zipfile

assert sys.flags.hash_randomization == 0 and all(column is None for *_, column, _ in compile("x", "", "eval").co_positions())
UNCHECKED_HASH = (0b01).to_bytes(4, "little")
if kind == "stdlib":
    FOLDER = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"  # where Pyodide mounts the archive
    OPTIMIZE = 2
    shipped_as = lambda name: name + "c"
    COMPRESSION = zipfile.ZIP_STORED  # the whole archive ships brotli-compressed (calculator_assets.py)
else:
    FOLDER = sysconfig.get_paths()["purelib"] + "/"  # where Pyodide installs a wheel
    OPTIMIZE = 0
    shipped_as = lambda name: posixpath.relpath(importlib.util.cache_from_source("/" + name), "/")
    COMPRESSION = zipfile.ZIP_DEFLATED

def compiled(source: bytes, name: str) -> bytes:
    code = compile(source, FOLDER + name, "exec", dont_inherit=True, optimize=OPTIMIZE)
    return importlib.util.MAGIC_NUMBER + UNCHECKED_HASH + importlib.util.source_hash(source) + marshal.dumps(code)

with zipfile.ZipFile("/tmp/in.zip") as full, zipfile.ZipFile("/tmp/out.zip", "w") as out:
    for name in sorted(members):
        member = zipfile.ZipInfo(shipped_as(name), date_time=(1980, 1, 1, 0, 0, 0))
        out.writestr(member, compiled(full.read(name), name), compress_type=COMPRESSION, compresslevel=9)
`);
fs.writeFileSync(outZip, pyodide.FS.readFile("/tmp/out.zip"));

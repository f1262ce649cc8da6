// Compiles the calculator's standard-library modules inside Pyodide, whose Python (3.14) is the one
// that runs them (the build's CPython is older and must not parse them), into the archive the
// browser loads. Usage: node build_scripts/compile_stdlib.mjs FULL_ZIP OUT_ZIP MEMBER...
// Each member (a .py path inside FULL_ZIP) becomes a sourceless .pyc compiled with optimize=2 (no
// docstrings, no asserts) under an unchecked-hash header: zipimport loads it without compiling it
// and without looking for its source.
import fs from "node:fs";
import { loadPyodide } from "pyodide";

const [fullZip, outZip, ...members] = process.argv.slice(2);
process.argv = ["node", "compile_stdlib.mjs"]; // Emscripten keeps the program's path: not where the checkout is
const pyodide = await loadPyodide({
  // The same bytes on every build: frozenset constants are marshalled in string-hash order. Without
  // column ranges the line tables are a quarter the size; with no source shipped, a traceback has no
  // line to underline anyway, and still names each file and line.
  env: { PYTHONHASHSEED: "0", PYTHONNODEBUGRANGES: "1" },
});
pyodide.FS.writeFile("/tmp/full.zip", fs.readFileSync(fullZip));
pyodide.globals.set("members", pyodide.toPy(members));
pyodide.runPython(`
import importlib.util, marshal, sys, zipfile

assert sys.flags.hash_randomization == 0 and all(column is None for *_, column, _ in compile("x", "", "eval").co_positions())
MOUNT = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"  # where Pyodide mounts the archive
UNCHECKED_HASH = (0b01).to_bytes(4, "little")

def sourceless(source: bytes, name: str) -> bytes:
    code = compile(source, MOUNT + name, "exec", dont_inherit=True, optimize=2)  # a traceback names the file as the full runtime would
    return importlib.util.MAGIC_NUMBER + UNCHECKED_HASH + importlib.util.source_hash(source) + marshal.dumps(code)

with zipfile.ZipFile("/tmp/full.zip") as full, zipfile.ZipFile("/tmp/out.zip", "w") as out:
    for name in sorted(members):
        member = zipfile.ZipInfo(name + "c", date_time=(1980, 1, 1, 0, 0, 0))
        out.writestr(member, sourceless(full.read(name), name), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
`);
fs.writeFileSync(outZip, pyodide.FS.readFile("/tmp/out.zip"));

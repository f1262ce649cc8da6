// Which docstrings of the standard-library sources the shipped archive still holds, read inside
// Pyodide (its Python reads the 3.14 sources and the compiled members). Prints one JSON line:
// {"docstrings": N found in the sources, "members": N, "shipped": [docstrings found in the archive]}.
// Usage: node tests/pyodide/shipped_docstrings.mjs FULL_ZIP SHIPPED_ZIP
import fs from "node:fs";
import { loadPyodide } from "pyodide";

const [fullZip, shippedZip] = process.argv.slice(2);
const pyodide = await loadPyodide();
pyodide.FS.writeFile("/tmp/full.zip", fs.readFileSync(fullZip));
pyodide.FS.writeFile("/tmp/shipped.zip", fs.readFileSync(shippedZip));
console.log(pyodide.runPython(`
import ast, json, marshal, types, zipfile

def docstrings(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            if text := ast.get_docstring(node, clean=False):
                yield words(text)

def words(text):  # the compiler dedents docstrings (3.13+): compare their words
    return " ".join(text.split())

def strings(code):
    for constant in code.co_consts:
        if isinstance(constant, str):
            yield words(constant)
        elif isinstance(constant, types.CodeType):
            yield from strings(constant)

found, shipped = 0, []
with zipfile.ZipFile("/tmp/full.zip") as full, zipfile.ZipFile("/tmp/shipped.zip") as archive:
    members = archive.namelist()
    for name in members:
        held = set(strings(marshal.loads(archive.read(name)[16:])))
        for text in docstrings(full.read(name.removesuffix("c"))):
            found += 1
            if text in held:
                shipped.append(f"{name}: {text[:60]!r}")
json.dumps({"docstrings": found, "members": len(members), "shipped": shipped})
`));

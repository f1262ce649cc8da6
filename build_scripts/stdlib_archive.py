"""The calculator's standard-library archive: only the modules the engine and Pyodide's start need,
compiled.

The list, build_scripts/stdlib_modules.txt, is traced inside Pyodide while the calculator starts
and the engine's whole test suite (the exhaustive case space included) runs
(`make stdlib-trace`); the engine's tests in Pyodide run against the archive built here, so a
module missing from it fails a test. Each module is compiled inside Pyodide (compile_python.mjs)
into a sourceless .pyc at optimize=2: zipimport loads it without compiling, and no docstring
travels. Measured for the 170 traced modules (Node, this 2-core machine, three interleaved runs;
start to the first plan, with no memory snapshot):

    archive                                      deflated   first plan   snapshot (gz)
    sources (before)                             934 KB     3.1-10.4 s   5.53 MB
    sources without docstrings/comments (ast)    510 KB     2.9-4.0 s    5.13 MB
    .pyc, optimize=2, no column tables (kept)    1152 KB    1.3-1.4 s    4.50 MB

The .pyc archive is larger than the stripped sources, but a fresh start compiles nothing, and the
memory snapshot made from it is smaller by more than the difference (heap without docstrings and
compiler leftovers): archive plus snapshot 5.65 MB against 5.64 MB stripped and 6.46 MB before.
Column tables (the ^^^ under a failing expression) are left out: a quarter of the size, and with
no source shipped there is no line to underline; a traceback still names file and line.
In headless Chromium (interleaved with the build before, two cold visits each, medians): 6.5 s to
5.2 s starting afresh, 9.8 s to 7.0 s at 20 Mbit/s with the snapshot fetched.
Members are stored, and the whole archive ships brotli-compressed (calculator_assets.py): 636 KB
against 924 KB with each member deflated (HTTP gzip would not help: GitHub Pages does not compress
application/zip), and zipimport then reads a member without inflating it.
Unchecked-hash headers, a fixed string-hash seed, fixed member times and order: the same bytes on
every build.
Since then the trace leaves out what Python never reads from the archive (modules frozen into the
interpreter: os, site, codecs, importlib's bootstrap) and the test runner's own imports (pytest's
pprint, platform, uuid, html.entities, ...), which it had counted as the calculator's: 154 modules,
924 KB instead of 1152 KB. At 20 Mbit/s + 40 ms the cold first plan came at 3296 ms against 3412 ms
(four interleaved cold visits each, medians).
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_LIST = ROOT / "build_scripts" / "stdlib_modules.txt"
COMPILER = ROOT / "build_scripts" / "compile_python.mjs"


def traced_modules(listing: Path = MODULE_LIST) -> list[str]:
    lines = listing.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def source_members(full: Path, modules: list[str]) -> list[str]:
    """The .py member of the full archive that holds each module."""
    with zipfile.ZipFile(full) as source:
        names = set(source.namelist())
    members = set()
    for module in modules:
        stem = module.replace(".", "/")
        found = [candidate for candidate in (f"{stem}.py", f"{stem}/__init__.py") if candidate in names]
        members.update(found[:1])  # none: built into the interpreter (e.g. _frozen_importlib)
    return sorted(members)


def build_stdlib_archive(full: Path, out: Path, modules: list[str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_suffix(".tmp")
    subprocess.run(
        ["node", str(COMPILER), "stdlib", str(full), str(temporary), *source_members(full, modules)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    if out.exists() and out.read_bytes() == temporary.read_bytes():
        temporary.unlink()
    else:
        temporary.replace(out)

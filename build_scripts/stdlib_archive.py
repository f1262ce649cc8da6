"""The calculator's standard-library archive: only the modules the engine and Pyodide's start need.

The list, build_scripts/stdlib_modules.txt, is traced inside Pyodide while the calculator starts
and the engine's whole test suite (the exhaustive case space included) runs
(`make stdlib-trace`); the engine's tests in Pyodide run against the archive built here, so a
module missing from it fails a test. Members are deflated one by one (934 KB for the traced set):
stored members would let HTTP gzip compress the whole archive to 881 KB, but only where the host
compresses application/zip, which GitHub Pages does not (it would travel as 3.6 MB).
Fixed member times and order: the same bytes on every build.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_LIST = ROOT / "build_scripts" / "stdlib_modules.txt"
COMPILER = ROOT / "build_scripts" / "compile_stdlib.mjs"


def traced_modules(listing: Path = MODULE_LIST) -> list[str]:
    lines = listing.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def source_members(full: Path, modules: list[str]) -> list[str]:
    """The .py member of the full archive that holds each module (none: built into the interpreter)."""
    with zipfile.ZipFile(full) as source:
        names = set(source.namelist())
    members = set()
    for module in modules:
        stem = module.replace(".", "/")
        members.update([candidate for candidate in (f"{stem}.py", f"{stem}/__init__.py") if candidate in names][:1])
    return sorted(members)


def build_stdlib_archive(full: Path, out: Path, modules: list[str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_suffix(".tmp")
    subprocess.run(
        ["node", str(COMPILER), str(full), str(temporary), *source_members(full, modules)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    if out.exists() and out.read_bytes() == temporary.read_bytes():
        temporary.unlink()
    else:
        temporary.replace(out)

"""The calculator's browser assets: the self-hosted Pyodide runtime, the engine's wheel and the source.

Copies Pyodide's core files from the npm package into docs/assets/pyodide/, builds the engine's
pure-Python wheel (pypa build), and registers it in a site-specific pyodide-lock.json with
pyodide-build's `pyodide lockfile add-wheels` (offline), so the browser's loadPackage checks the
wheel's sha256. The lockfile keeps only the packages the calculator loads: nothing else can be
fetched, and fewer bytes travel. The exported source ships beside them as its own file, named by
its content hash: the wheel and the memory snapshot hold no clinical content, so a content change
leaves every runtime file as it was and a returning visitor downloads only the source (and pages).
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import brotli

from hemangioma_calc.case_input import JsonTextError
from hemangioma_calc.packaged import parse_packaged
from hemangioma_calc.typed_data import InvalidData

from .build_time import runtime_environment
from .runtime_manifest import write_manifest
from .source_files import PACKAGED_SOURCE
from .stdlib_archive import build_stdlib_archive, traced_modules

ROOT = Path(__file__).resolve().parent.parent
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
RUNTIME_DIR = ROOT / "docs" / "assets" / "pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
STDLIB = "python_stdlib.zip"  # the traced subset of Pyodide's, under the name Pyodide looks for
SNAPSHOT = "engine-snapshot.bin"  # the engine's memory snapshot, in pages (make_snapshot.mjs)
# The largest runtime files ship brotli-compressed (NAME.br), at Brotli's highest quality, since a
# first visit's calculator is bound by its downloads and GitHub Pages compresses with gzip only (and
# not a zip at all): the wasm 2.74 MB against 3.55 MB gzipped as served, Pyodide's module 0.21
# against 0.26 MB, the standard library (members stored) 0.64 against 0.92 MB deflated, the memory
# snapshot 3.0 against 4.3 MB gzipped. The worker decodes them as they arrive with brotli-dec-wasm
# (its decoder, 0.2 MB, beside them), and the service worker keeps them decoded. The plain files
# stay in docs/ for Node's tools (the snapshot, the engine's tests in Pyodide) and are left out of
# the built site (drop_build_only).
COMPRESSED = ("pyodide.asm.wasm", "pyodide.asm.mjs", STDLIB, SNAPSHOT)
BROTLI = {"quality": 11, "lgwin": 22}  # a 4 MiB window: smaller output than 16 MiB here, and less memory to decode
COMPRESSED_CACHE = ROOT / "build" / "compressed"
NPM_DECODER = ROOT / "node_modules" / "brotli-dec-wasm" / "pkg"
DECODER_BINDINGS, DECODER_WASM, DECODER_TYPES = "brotli_dec_wasm.js", "brotli_dec_wasm_bg.wasm", "brotli_dec_wasm.d.ts"  # types: for tsc
DECODER_FILES = (DECODER_BINDINGS, DECODER_WASM, DECODER_TYPES)
ENGINE_PACKAGE = "hemangioma-calc"
SHIPPED_SOURCE = "guideline.*.json"  # the worker finds its name in the runtime manifest


def build_wheel(out_dir: Path) -> Path:
    """The engine's wheel as pypa's build makes it (sources only)."""
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)  # setuptools never removes a stale file from its staging
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out_dir), str(ROOT)],
        check=True, capture_output=True, env=runtime_environment(),  # the same wheel from the same engine
    )  # fmt: skip
    (wheel,) = out_dir.glob("hemangioma_calc-*.whl")
    return wheel


def add_bytecode(wheel: Path) -> None:
    """The wheel with each module's bytecode beside its source, compiled by Pyodide's Python
    (compile_python.mjs), so that a fresh start in the browser imports the engine without compiling
    it: in headless Chromium at 20 Mbit/s (cold visits, worker clock) the engine's import took
    290-350 ms from sources and 170-220 ms from bytecode; in Node 140-160 ms against 85-100 ms. The
    sources stay (tracebacks, docstrings); the bytecode is unchecked-hash, so Python reads it without
    reading them. RECORD lists the new files, as an installer checks it."""
    with zipfile.ZipFile(wheel) as built:
        members = {info.filename: (info, built.read(info)) for info in built.infolist()}
    record = next(name for name in members if name.endswith(".dist-info/RECORD"))
    with tempfile.TemporaryDirectory() as tmp:
        compiled = Path(tmp) / "bytecode.zip"
        sources = sorted(name for name in members if name.endswith(".py"))
        subprocess.run(
            ["node", str(ROOT / "build_scripts" / "compile_python.mjs"), "package", str(wheel), str(compiled), *sources],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        with zipfile.ZipFile(compiled) as bytecode:
            added = {info.filename: bytecode.read(info) for info in bytecode.infolist()}
    record_info, record_data = members.pop(record)
    lines = record_data.decode().splitlines()
    for name, data in added.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        lines.insert(-1, f"{name},sha256={digest},{len(data)}")  # RECORD's own line stays last
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members.values():
            out.writestr(info, data)
        for name, data in added.items():
            out.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        out.writestr(record_info, ("\n".join(lines) + "\n").encode())


def _copy_if_changed(src: Path, dest: Path) -> None:
    if not dest.exists() or dest.read_bytes() != src.read_bytes():
        shutil.copyfile(src, dest)


def ship_source(exported: Path, dest: Path) -> Path:
    """The exported source under a name that changes with its content (so that it can be cached for
    good), once these very bytes have passed every check of the engine: the browser's engine, given
    them after checking their hash, only builds their model (hemangioma_calc.json_api.start)."""
    data = exported.read_bytes()
    try:
        parse_packaged(data.decode("utf-8"))
    except (UnicodeDecodeError, JsonTextError, InvalidData) as error:
        problems = getattr(error, "problems", None) or [error]
        raise SystemExit("\n".join(f"{exported}: {problem}" for problem in problems)) from None
    shipped = dest / SHIPPED_SOURCE.replace("*", hashlib.sha256(data).hexdigest()[:16])
    for old in dest.glob(SHIPPED_SOURCE):
        if old != shipped:
            old.unlink()
    if not shipped.exists():
        shipped.write_bytes(data)
    return shipped


def build_runtime(exported_source: Path = PACKAGED_SOURCE, dest: Path = RUNTIME_DIR) -> Path:
    """Fill `dest` with the runtime, the wheel, the lockfile and the source; return the wheel's path."""
    if not NPM_PYODIDE.is_dir():
        raise SystemExit("node_modules/pyodide is missing: run `make setup` (npm ci) first")
    dest.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        _copy_if_changed(NPM_PYODIDE / name, dest / name)
    for name in DECODER_FILES:
        _copy_if_changed(NPM_DECODER / name, dest / name)
    build_stdlib_archive(NPM_PYODIDE / STDLIB, dest / STDLIB, traced_modules())
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(Path(tmp))
        add_bytecode(wheel)
        for old in dest.glob("hemangioma_calc-*.whl"):
            if old.name != wheel.name:
                old.unlink()
        _copy_if_changed(wheel, dest / wheel.name)
    lock = dest / "pyodide-lock.json"
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "pyodide-lock.json"
        subprocess.run(
            [str(Path(sys.executable).parent / "pyodide"), "lockfile", "add-wheels", "--input", str(NPM_PYODIDE / "pyodide-lock.json"),
             "--output", str(full), "--base-path", str(dest), str(dest / wheel.name)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        document = json.loads(full.read_text())
    document["packages"] = {name: spec for name, spec in document["packages"].items() if name == ENGINE_PACKAGE}
    text = json.dumps(document, indent=1, sort_keys=True) + "\n"
    if not lock.exists() or lock.read_text() != text:
        lock.write_text(text)
    make_snapshot(dest, dest / wheel.name)
    for name in COMPRESSED:
        compress(dest / name)
    for stale in dest.glob("*.bin.gz"):  # the snapshot's former, gzipped form
        stale.unlink()
    ship_source(exported_source, dest)
    write_manifest(dest)
    return dest / wheel.name


def compress(path: Path) -> None:
    """PATH.br, the file brotli-compressed at the highest quality. That takes about 25 s for the wasm
    and 30 s for the snapshot, so each result is kept in build/compressed/ under a name made of what
    determines its bytes (the file's SHA-256, the settings, Brotli's release): a build reuses it only
    for the very same input, and two builds of one commit give the same bytes either way."""
    data = path.read_bytes()
    key = f"{hashlib.sha256(data).hexdigest()}-q{BROTLI['quality']}-w{BROTLI['lgwin']}-brotli{brotli.__version__}.br"
    kept = COMPRESSED_CACHE / key
    if not kept.is_file():
        COMPRESSED_CACHE.mkdir(parents=True, exist_ok=True)
        kept.with_suffix(".tmp").write_bytes(brotli.compress(data, **BROTLI))
        kept.with_suffix(".tmp").replace(kept)
    _copy_if_changed(kept, path.with_name(path.name + ".br"))


def drop_build_only(site: Path) -> None:
    """Out of the built site, once the worker is bundled: the plain files that ship compressed, and
    the decoder's bindings and their types: the worker's bundle holds them (`make serve` serves
    them apart)."""
    for name in (*COMPRESSED, DECODER_BINDINGS, DECODER_TYPES):
        (site / "assets" / "pyodide" / name).unlink()


def make_snapshot(runtime: Path, wheel: Path) -> None:
    """Pyodide's memory snapshot with the engine imported (see make_snapshot.mjs)."""
    subprocess.run(
        ["node", str(ROOT / "build_scripts" / "make_snapshot.mjs"), str(runtime), str(wheel), str(runtime / SNAPSHOT)],
        cwd=ROOT, check=True, capture_output=True, env=runtime_environment(),
    )  # fmt: skip


if __name__ == "__main__":
    print(build_runtime())

"""The calculator runtime's integrity manifest: the SHA-256 of every file the worker loads (Pyodide's
module and wasm, the standard-library archive, the lockfile, the engine wheel, the memory snapshot,
the source shipped beside them, whose name the worker finds here), in Subresource Integrity form.
The worker checks each file against it before use, on the snapshot path and the fresh path alike;
the service worker precaches with the same hashes.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

MANIFEST = "runtime-manifest.json"
CHECKED = ("pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json", "*.zip", "*.whl", "*.bin.gz", "guideline.*.json")


def integrity(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def write_manifest(runtime: Path) -> dict[str, str]:
    hashes = {}
    for pattern in CHECKED:
        for path in sorted(runtime.glob(pattern)):
            data = path.read_bytes()
            hashes[path.name] = integrity(data)
    text = json.dumps(hashes, indent=1, sort_keys=True) + "\n"
    out = runtime / MANIFEST
    if not out.exists() or out.read_text() != text:
        out.write_text(text)
    return hashes

"""Serve the site locally on http://127.0.0.1:8000 while regenerating pages as the source changes.

Pages and the calculator's assets are built first; then `mkdocs serve` runs while a thread polls
content/ and templates/ and rebuilds both (which mkdocs serve then reloads) on any change.
A broken source prints its problems and keeps the last good pages.
Usage: python -m build_scripts.serve
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from .build_site import prepare_docs
from .build_time import MATERIAL_NOTICE, build_environment
from .source_files import ROOT, SourceError, load_source

WATCHED = (ROOT / "content", ROOT / "templates")
ADDRESS = os.environ.get("HG_SERVE_ADDRESS", "127.0.0.1:8000")


def snapshot() -> dict[Path, float]:
    return {p: p.stat().st_mtime for d in WATCHED for p in d.rglob("*") if p.is_file()}


def rebuild_from_source() -> None:
    """Pages and the calculator's engine data, both from the current source, as the build makes them."""
    prepare_docs(load_source())


def regenerate() -> None:
    try:
        rebuild_from_source()
        print("pages and calculator rebuilt from the source", flush=True)
    except SourceError as error:
        print(f"the source is broken; keeping the last good pages:\n{error}", file=sys.stderr, flush=True)


def watch(stop: threading.Event) -> None:
    seen = snapshot()
    while not stop.wait(0.5):
        current = snapshot()
        if current != seen:
            seen = current
            regenerate()


def main() -> int:
    try:
        rebuild_from_source()
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    stop = threading.Event()
    threading.Thread(target=watch, args=(stop,), daemon=True).start()
    mkdocs = Path(sys.executable).parent / "mkdocs"
    print(f"serving on http://{ADDRESS}/ (Ctrl-C to stop)", flush=True)
    print(MATERIAL_NOTICE, file=sys.stderr)
    process = subprocess.Popen([str(mkdocs), "serve", "--dev-addr", ADDRESS], cwd=ROOT, env=build_environment())
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait(timeout=10)
        return 0
    finally:
        stop.set()


if __name__ == "__main__":
    sys.exit(main())

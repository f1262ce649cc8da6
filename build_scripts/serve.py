"""Serve the site locally on http://127.0.0.1:8000 while regenerating pages as the source changes.

Pages and the calculator's assets are built first; then `mkdocs serve` runs while a thread polls
content/ and templates/ and regenerates docs/ (which mkdocs serve then reloads) on any change.
A broken source prints its problems and keeps the last good pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from calculator_assets import build_runtime
from generate_pages import generate
from source_files import ROOT, SourceError

WATCHED = (ROOT / "content", ROOT / "templates")
ADDRESS = os.environ.get("HG_SERVE_ADDRESS", "127.0.0.1:8000")


def snapshot() -> dict[Path, float]:
    return {p: p.stat().st_mtime for d in WATCHED for p in d.rglob("*") if p.is_file()}


def regenerate() -> None:
    try:
        generate()
        print("pages regenerated from the source", flush=True)
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
        generate()
    except SourceError as error:
        print(error, file=sys.stderr)
        return 1
    build_runtime()
    stop = threading.Event()
    threading.Thread(target=watch, args=(stop,), daemon=True).start()
    mkdocs = Path(sys.executable).parent / "mkdocs"
    print(f"serving on http://{ADDRESS}/ (Ctrl-C to stop)", flush=True)
    process = subprocess.Popen([str(mkdocs), "serve", "--dev-addr", ADDRESS], cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
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

"""A copy of this repository's working tree (tracked and new files, not ignored ones), built as
`make site` builds it: for tests of the build itself and of a returning visitor after a rebuild."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from build_scripts.calculator_assets import COMPRESSED_CACHE

ROOT = Path(__file__).resolve().parent.parent


def copy_repository(destination: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split("\0")  # fmt: skip
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, destination / name)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    # The brotli-compressed runtime files the build keeps by a key of what determines their bytes
    # (calculator_assets.compress): compressing the wasm and the snapshot takes about a minute.
    if COMPRESSED_CACHE.is_dir():
        shutil.copytree(COMPRESSED_CACHE, destination / COMPRESSED_CACHE.relative_to(ROOT))
    return destination


def reword_one_statement(text: str) -> str:
    """The smallest content change: the source's first statement reworded (nothing else)."""
    marker = "\n    text: "
    start = text.index(marker, text.index("\nstatements:")) + len(marker)
    start += text[start] in "'\""  # inside a quoted text
    return text[:start] + "Reworded, " + text[start:]


def build_copy(destination: Path, edit_source: Callable[[str], str] | None = None) -> Path:
    """Build a copy (its source edited first, if asked) and return its site/."""
    copy = copy_repository(destination)
    if edit_source:
        source = copy / "content" / "guideline.yaml"
        source.write_text(edit_source(source.read_text(encoding="utf-8")), encoding="utf-8")
    env = {**os.environ, "SITE_URL": "", "SOURCE_DATE_EPOCH": "1764000000"}
    result = subprocess.run([sys.executable, "-m", "build_scripts.build_site"], cwd=copy, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return copy / "site"

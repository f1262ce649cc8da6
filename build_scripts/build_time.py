"""The build's one timestamp, so that two builds of the same commit give the same bytes.

SOURCE_DATE_EPOCH (reproducible-builds.org) is honoured by the wheel's zip entries and by MkDocs'
sitemap dates. It comes from the environment if set, else from the last commit; outside a git
checkout it is the zip format's earliest date rather than the clock.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIP_EPOCH = "315532800"  # 1980-01-01, the earliest time a zip entry can hold


def source_date_epoch() -> str:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ZIP_EPOCH
    return result.stdout.strip() or ZIP_EPOCH


def build_environment() -> dict[str, str]:
    """The environment for the build's tools (wheel, MkDocs)."""
    return {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(), "NO_MKDOCS_2_WARNING": "1"}

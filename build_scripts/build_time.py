"""The build's one timestamp, so that two builds of the same commit give the same bytes.

SOURCE_DATE_EPOCH (reproducible-builds.org) is honoured by MkDocs' sitemap dates. It comes from the
environment if set, else from the last commit; outside a git checkout it is the zip format's earliest
date rather than the clock. The engine's wheel and memory snapshot always use that earliest date.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZIP_EPOCH = "315532800"  # 1980-01-01, the earliest time a zip entry can hold
# Material prints a twelve-line end-of-life box on every build; this project's one line replaces it
# (so that maintainers still see it) and points to the successor build that a test already runs.
MATERIAL_END_OF_LIFE = "2027-05-05"
MATERIAL_NOTICE = (
    f"note: Material for MkDocs reaches end of life on {MATERIAL_END_OF_LIFE}; Zensical, its successor, builds this"
    " site from the same mkdocs.yml (tests/test_delivery.py::test_zensical_builds_the_same_pages_from_the_same_mkdocs_yml)"
)


def source_date_epoch() -> str:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ZIP_EPOCH
    return result.stdout.strip() or ZIP_EPOCH


def runtime_environment() -> dict[str, str]:
    """For the wheel and the memory snapshot: one fixed time, not the commit's, so that their bytes
    follow their contents alone and a deployment that changes only content re-sends neither."""
    return {**build_environment(), "SOURCE_DATE_EPOCH": ZIP_EPOCH}


def build_environment() -> dict[str, str]:
    """The environment for the build's tools (wheel, MkDocs); Material's box is replaced by MATERIAL_NOTICE."""
    return {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(), "NO_MKDOCS_2_WARNING": "1"}

"""Shared fixtures: the packaged source and a plan helper."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build_scripts"))

from hemangioma_calc.packaged import PackagedSource, packaged_source  # noqa: E402


@pytest.fixture(scope="session")
def source() -> PackagedSource:
    return packaged_source()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Inside Pyodide (emscripten) there are no processes: skip the tests that start one."""
    if sys.platform != "emscripten":
        return
    skip = pytest.mark.skip(reason="Pyodide cannot start processes")
    for item in items:
        if "processes" in item.keywords:
            item.add_marker(skip)

"""Shared fixtures: the packaged source and a plan helper."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from hemangioma_calc.packaged import PackagedSource, packaged_source

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def source() -> PackagedSource:
    return packaged_source()


def pytest_report_header(config: pytest.Config) -> str | None:
    """The browser tests' Chromium version, on record in every run (Debian's chromium is not pinned)."""
    import shutil
    import subprocess

    chromium = os.environ.get("HG_CHROMIUM") or shutil.which("chromium")
    if sys.platform == "emscripten" or not chromium:
        return None
    output = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    return f"browser tests: {output or chromium}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Inside Pyodide (emscripten) there are no processes: skip the tests that start one."""
    if sys.platform != "emscripten":
        return
    skip = pytest.mark.skip(reason="Pyodide cannot start processes")
    for item in items:
        if "processes" in item.keywords:
            item.add_marker(skip)


# --- the built site in a real browser ------------------------------------------------------
@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The site built by `make site` (which `make test` runs first)."""
    directory = Path(os.environ.get("HG_SITE_DIR", ROOT / "site"))
    assert (directory / "calculator" / "index.html").exists(), f"{directory} has no built site: run `make site`"
    return directory


@pytest.fixture(scope="session")
def site(site_dir: Path):
    from site_server import SiteServer

    with SiteServer(site_dir) as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    from browser import launch
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()

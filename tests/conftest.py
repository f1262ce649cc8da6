"""Shared fixtures (the packaged source, the input space, the built site, Chromium) and the tiers.

Tiers: `make check` runs every test not marked `full` (`-m "not full"`) on a sample of the input
space; `make test` then runs the `full` ones and, once, the tests of the whole space (`space`).
A test is `full` when it needs the built site, Chromium or Pyodide: marked so in its module, or
found so here (it uses the built site, or drives Chromium).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
from exhaustive_space import SPACES

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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--space", choices=sorted(SPACES), default="whole", help="the input space of the safety invariants (make check: sample)")
    parser.addoption("--expected-plan-digest", default=None, help="CPython's digest of the sample's plans, for the other interpreters to match")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Marks the tiers (see above); inside Pyodide (emscripten), which cannot start a process,
    skips the tests that start one."""
    skip = pytest.mark.skip(reason="Pyodide cannot start processes")
    for item in items:
        if "browser" in item.keywords or "site_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.full)
        if "input_space" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.space)
        if sys.platform == "emscripten" and "processes" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def input_space(request: pytest.FixtureRequest, source: PackagedSource) -> list[dict[str, Any]]:
    """The enumerated input space, whole or its stratified sample (`--space`)."""
    return list(SPACES[request.config.getoption("--space")](source.guideline))


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


# A phone as the calculator's tests emulate it (375x812, touch).
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(chromium):
    """A fresh page on an emulated phone."""
    context = chromium.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def chromium():
    from browser import launch
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()

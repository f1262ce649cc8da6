"""Headless Debian Chromium driven by Playwright (no Playwright browser download is possible here)."""

from __future__ import annotations

import os
import shutil

from playwright.sync_api import Browser, Playwright

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


def executable() -> str:
    path = os.environ.get("HG_CHROMIUM") or shutil.which("chromium")
    assert path, "Debian's chromium is needed: `make test` installs it (apt-get install chromium)"
    return path


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=executable(), args=CHROMIUM_FLAGS)

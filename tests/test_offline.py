"""Offline use: after a first visit the service worker holds the whole site, Pyodide included; with
the network cut every page and the calculator still work; after a rebuild with changed content a
returning visitor gets the new content with a consistent runtime, never a mix of two builds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from calculator_ui import DONE, READY
from site_html import html_pages
from site_server import SiteServer

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
OFFLINE_READY = "html[data-offline='ready']"
CASE = {"age": 66, "sex": "male", "level": "T6", "pain": "present", "neurological_deficit": True, "antithrombotic": "warfarin", "inr": 2.8}


def test_every_page_and_the_calculator_work_offline_after_one_visit(chromium, site_dir):
    with SiteServer(site_dir) as server:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(server.url)
        page.wait_for_selector(OFFLINE_READY, timeout=120_000)
        context.set_offline(True)
        for page_file in html_pages(site_dir):
            url = page_file.relative_to(site_dir).as_posix().removesuffix("index.html")
            if url == "404.html":
                continue
            page.goto(server.url + url)
            assert page.locator("h1").count() == 1, url
        page.goto(server.url + "calculator/#case=" + quote(json.dumps(CASE)))
        page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_selector("#result[data-pathway='surgery']", timeout=30_000)
        assert page.get_attribute("#calculator", "data-started-from") == "snapshot"
        context.close()


def _build_changed_copy(tmp: Path, version: str) -> Path:
    """A real second build: the repository's files with a new content version, built as make site does."""
    copy = tmp / "repo"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, files):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    source = copy / "content" / "guideline.yaml"
    source.write_text(source.read_text().replace('version: "1.0.0"', f'version: "{version}"', 1))
    result = subprocess.run([sys.executable, "-m", "build_scripts.build_site"], cwd=copy, capture_output=True, text=True,
                            env={**os.environ, "SITE_URL": ""})  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return copy / "site"


@pytest.mark.processes
def test_a_returning_visitor_gets_the_new_build_whole(chromium, site_dir, tmp_path):
    new_version = "1.0.1-rebuild-test"
    new_site = _build_changed_copy(tmp_path, new_version)
    live = tmp_path / "live"
    shutil.copytree(site_dir, live)
    with SiteServer(live) as server:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(server.url + "calculator/")
        page.wait_for_selector(OFFLINE_READY, timeout=120_000)
        assert page.get_attribute("#result", "data-content-version") == "1.0.0"
        shutil.rmtree(live)
        shutil.copytree(new_site, live)  # the deployment of a new build
        page.goto(server.url + "calculator/")
        # The old build answers at once from the cache; the new one installs whole, then takes over.
        page.wait_for_selector(f"#result[data-content-version='{new_version}']", timeout=120_000)
        page.wait_for_selector(READY)
        page.wait_for_selector(DONE)
        assert new_version in page.inner_text("#calc-stage")
        assert page.get_attribute("#calculator", "data-state") == "ready"
        page.goto(server.url + "about/")
        assert new_version in page.inner_text("body")
        context.set_offline(True)  # and the new build works offline too
        page.goto(server.url + "calculator/")
        page.wait_for_selector(f"#result[data-content-version='{new_version}']", timeout=60_000)
        context.close()

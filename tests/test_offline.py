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
from repository_copy import build_copy
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


@pytest.mark.processes
def test_a_returning_visitor_gets_the_new_build_whole(chromium, site_dir, tmp_path):
    new_version = "1.0.1-rebuild-test"
    new_site = build_copy(tmp_path / "repo", lambda text: text.replace('version: "1.0.0"', f'version: "{new_version}"', 1))
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

"""Nothing of a case stays on a shared computer: a case typed into the form leaves no `#case=` address
in the browser's History database (Chromium keeps every address a tab showed, replaceState's too),
none in the tab's storage, and a reload of the tab starts with an empty form.
Driven with a persistent Chromium profile, whose History file is read after the browser closed it."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing

import pytest
from browser import CHROMIUM_FLAGS, executable
from calculator_ui import DONE, READY, fill_case

pytestmark = pytest.mark.browser

CASE = {"age": 87, "sex": "female", "level": "L3", "pain": "present", "neurological_deficit": True, "antithrombotic": "warfarin", "inr": 3.7}


def test_a_typed_case_leaves_no_address_in_the_history(chromium, site, tmp_path):
    profile = tmp_path / "profile"
    context = chromium.browser_type.launch_persistent_context(profile, executable_path=executable(), args=CHROMIUM_FLAGS)
    page = context.new_page()
    page.goto(site.url + "calculator/")
    page.wait_for_selector(READY, timeout=60_000)
    fill_case(page, CASE)
    page.fill("#f-age", "")
    page.locator("#f-age").press_sequentially("87")  # key by key, as a person types
    page.wait_for_selector(DONE)
    page.wait_for_selector("#result[data-pathway='surgery']")
    stored = page.evaluate("JSON.stringify([{...sessionStorage}, {...localStorage}])")
    assert "warfarin" not in stored and "87" not in stored, "no storage holds the case"
    page.reload()
    page.wait_for_selector(READY, timeout=60_000)
    assert page.input_value("#f-age") == "" and page.input_value("#f-level") == "", "a reload starts with an empty form"
    context.close()
    history = tmp_path / "History"
    shutil.copy(profile / "Default" / "History", history)
    with closing(sqlite3.connect(history)) as database:
        urls = [url for (url,) in database.execute("SELECT url FROM urls")]
    assert any(url.startswith(site.url + "calculator/") for url in urls), "the profile records history"
    assert not [url for url in urls if "case=" in url or "#v1" in url or "age=" in url], urls

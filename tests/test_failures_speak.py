"""Failures speak: a calculator script that does not load is named by the page's inline watchdog
(which does not depend on the scripts it watches), and an offline copy that cannot be saved says so."""

from __future__ import annotations

import shutil

import pytest
from site_server import SiteServer

pytestmark = pytest.mark.browser


@pytest.fixture()
def site_without(site_dir, tmp_path):
    """A copy of the site with one file removed from the server."""

    def remove(name: str):
        copy = tmp_path / "site"
        shutil.copytree(site_dir, copy)
        (copy / name).unlink()
        return copy

    return remove


def test_a_missing_calculator_module_is_named_by_the_inline_watchdog(chromium, site_without):
    with SiteServer(site_without("assets/calculator/plan_view.js")) as server:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        page.goto(server.url + "calculator/")
        page.wait_for_selector("#calculator[data-failure='scripts'] #calc-fallback:not([hidden])", timeout=30_000)
        reason = page.inner_text("#calc-fallback-reason")
        assert "main.js" in reason and "did not load" in reason and "clear this site's data" in reason, reason
        assert page.inner_text("#calc-retry") == "Reload the page"
        context.close()


def test_an_offline_copy_that_cannot_be_saved_says_so_on_the_page(chromium, site_without):
    # A precached file missing on the server fails the install as a full storage quota does.
    with SiteServer(site_without("404.html")) as server:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(server.url + "algorithm/")
        notice = page.wait_for_selector(".hg-cache-notice[data-kind='install-failed']", timeout=60_000)
        assert "could not be saved for offline use" in notice.inner_text()
        assert page.locator("h1").count() == 1, "the page itself is whole"
        context.close()

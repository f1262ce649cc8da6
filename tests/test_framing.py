"""A page framed by another origin says so, with a link that opens it on its own (a meta CSP cannot
carry frame-ancestors, and GitHub Pages sends no header); unframed, or framed by the site itself, it
says nothing."""

from __future__ import annotations

import pytest
from site_server import SiteServer

pytestmark = pytest.mark.browser


@pytest.fixture()
def framing_origin(site, tmp_path):
    (tmp_path / "index.html").write_text(f'<!doctype html><title>Framer</title><iframe src="{site.url}algorithm/"></iframe>')
    with SiteServer(tmp_path) as server:
        yield server


def test_a_page_in_another_origins_frame_says_so(chromium, site, framing_origin):
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    page.goto(framing_origin.url)
    notice = page.frame_locator("iframe").locator(".hg-framed")
    notice.wait_for()
    assert "another site's frame" in notice.inner_text()
    assert notice.locator("a").get_attribute("target") == "_top"
    page.goto(site.url + "algorithm/")
    assert page.locator(".hg-framed").count() == 0, "unframed, nothing shows"
    context.close()


def test_a_page_framed_by_the_site_itself_says_nothing(chromium, site):
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    page.goto(site.url + "algorithm/")
    page.evaluate("url => { const frame = document.createElement('iframe'); frame.src = url; document.body.append(frame); }", site.url + "algorithm/")
    framed = page.frame_locator("iframe")
    framed.locator("h1").wait_for()
    assert framed.locator(".hg-framed").count() == 0
    context.close()

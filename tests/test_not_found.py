"""A missing address: the site's 404 page says the page is not found and offers search and the main
pages, passes its Content-Security-Policy (no blocked script) and has no serious axe violation."""

from __future__ import annotations

import pytest
from test_delivery import _axe

pytestmark = pytest.mark.browser
MISSING = "no/such/page/"


def test_a_missing_page_says_so_and_offers_search_and_the_main_pages(chromium, site):
    context = chromium.new_context()
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(site.url + MISSING)
    assert response is not None and response.status == 404
    assert page.inner_text("h1") == "Page not found"
    links = {page.inner_text(f".hg-404-links a >> nth={i}"): page.eval_on_selector(f".hg-404-links a >> nth={i}", "a => a.href") for i in range(4)}
    for name, target in links.items():
        assert page.goto(target).status == 200, name  # each main link leads to a page from any depth
    assert set(links) == {"Overview", "Treatment algorithm", "Calculator", "Antiplatelet and anticoagulant drugs"}
    assert not blocked, blocked
    context.close()


def test_the_404_search_opens_the_site_search_with_the_query(chromium, site):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(site.url + MISSING)
    page.fill("#hg-404-query", "warfarin")
    page.click(".hg-404-search button")
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    assert page.input_value(".md-search__input") == "warfarin"
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_404_page_has_no_serious_axe_violation(chromium, site, scheme):
    context = chromium.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    page.goto(site.url + MISSING)
    assert not _axe(page)
    context.close()

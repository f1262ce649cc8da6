"""Material's search, as a reader types into it."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


def search_finds(page: Page, query: str) -> None:
    """A query typed before Material's search index is ready can go unanswered, and a loaded machine
    takes many seconds to build the index: type it again until results show (at most 60 s). Typed key
    by key: Material reads the query on keyup (and just after focus), so a filled-in value that
    raced the focus would never be read."""
    for _ in range(12):
        page.fill(".md-search__input", "")
        page.locator(".md-search__input").press_sequentially(query)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=5_000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"search found nothing for {query!r} in 60 s")

"""Content past its `next_review` date says so on every page and in every plan; before it, nothing
shows. The reader's clock is fixed (Playwright's clock) on either side of the date."""

from __future__ import annotations

import datetime
import json
from urllib.parse import quote

import pytest
from calculator_ui import DONE, READY
from site_html import html_pages

from hemangioma_calc.packaged import packaged_source

pytestmark = pytest.mark.browser

NEXT_REVIEW = datetime.date.fromisoformat(packaged_source().guideline.metadata.next_review)
CASE = {"age": 66, "sex": "male", "level": "T6", "pain": "present", "neurological_deficit": True, "antithrombotic": "warfarin", "inr": 2.8}


def _page_urls(site_dir) -> list[str]:
    urls = [p.relative_to(site_dir).as_posix().removesuffix("index.html") for p in html_pages(site_dir)]
    return [url for url in urls if url != "404.html"]


@pytest.mark.parametrize("day, due", [(NEXT_REVIEW + datetime.timedelta(days=1), True), (NEXT_REVIEW, False)], ids=["past", "on-the-day"])
def test_content_past_its_review_date_says_so_on_every_page_and_in_every_plan(chromium, site, site_dir, day, due):
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    page.clock.set_fixed_time(datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC))
    for url in _page_urls(site_dir):
        page.goto(site.url + url)
        assert page.locator(".md-content .hg-review-due").count() == int(due), url
    page.goto(site.url + "calculator/#case=" + quote(json.dumps(CASE)))
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(DONE)
    page.wait_for_selector("#result[data-pathway='surgery']")
    assert page.locator("#plan-body .hg-review-due").count() == int(due)
    if due:
        assert NEXT_REVIEW.isoformat() in page.inner_text("#plan-body .hg-review-due")
    context.close()

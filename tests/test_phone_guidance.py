"""The guidance on a phone (375x812): body text at 16 px or more, every link and control a target
of at least 24x24 px (WCAG 2.5.8), and the drug intervals a list in which no entry is said for two
drugs. The calculator page's own layout is tested with the calculator."""

from __future__ import annotations

import pytest
from phone_layout import AT_REST, SMALL_TARGETS, SMALL_TEXT
from site_html import html_pages

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}


def _guidance_urls(site_dir) -> list[str]:
    urls = [p.relative_to(site_dir).as_posix().removesuffix("index.html") for p in html_pages(site_dir)]
    return [u for u in urls if u not in ("calculator/", "404.html")]


def test_guidance_text_is_16px_or_more_and_every_target_24px_on_a_phone(chromium, site, site_dir):
    context = chromium.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    problems = []
    for url in _guidance_urls(site_dir):
        page.goto(site.url + url)
        page.wait_for_function(AT_REST)
        problems += [f"{url or 'index'} text {t}" for t in page.evaluate(SMALL_TEXT)]
        problems += [f"{url or 'index'} target {t}" for t in page.evaluate(SMALL_TARGETS)]
    context.close()
    assert not problems, problems


def test_no_drug_interval_entry_is_said_for_two_drugs(chromium, site):
    context = chromium.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(site.url + "special-populations/")
    lists = page.eval_on_selector_all(".hg-intervals > ul", "lists => lists.map(l => [...l.children].map(li => li.textContent.trim()))")
    assert len(lists) == 2, "one list for planned surgery, one before a neuraxial block"
    for entries in lists:
        said = [entry.split(": ", 1)[1] for entry in entries]
        assert len(said) == len(set(said)), said
        clauses = [c for text in said for c in text.split("; ")[1:] if "day" in c]  # a restart, an interval
        assert len(clauses) == len(set(clauses)), clauses
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "nothing scrolls sideways"
    context.close()


CLIPPED_LABELS = """svg => {
  const view = svg.viewBox.baseVal, clipped = [];
  for (const text of svg.querySelectorAll('text')) {
    const t = text.getBBox(), box = text.closest('a')?.querySelector('rect')?.getBBox() ?? view;
    const inside = (r, o) => r.x >= o.x && r.y >= o.y && r.x + r.width <= o.x + o.width && r.y + r.height <= o.y + o.height;
    if (!inside(t, view) || !inside(t, box)) clipped.push(text.textContent);
  }
  return clipped;
}"""


def test_the_algorithm_figure_fits_a_phone_and_no_label_is_cut_off(chromium, site):
    context = chromium.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(site.url + "algorithm/")
    assert not page.locator("svg.hg-flowchart").is_visible(), "the wide chart gives way to the narrow one"
    figure, wrap = page.locator("svg.hg-flowchart-narrow"), page.locator(".hg-flowchart-wrap")
    assert figure.is_visible()
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), "the figure fits the width: no sideways scroll"
    assert figure.bounding_box()["width"] <= wrap.bounding_box()["width"]
    assert not figure.evaluate(CLIPPED_LABELS)
    sizes = figure.evaluate("svg => [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height)")
    assert min(sizes) >= 15, "labels are drawn at reading size"
    branches = page.eval_on_selector_all("svg.hg-flowchart a", "links => links.map(a => a.getAttribute('href'))")
    assert branches == figure.evaluate("svg => [...svg.querySelectorAll('a')].map(a => a.getAttribute('href'))"), "same branches, same order"
    context.close()


def test_on_a_wide_screen_the_desktop_chart_shows(chromium, site):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site.url + "algorithm/")
    assert page.locator("svg.hg-flowchart").is_visible() and not page.locator("svg.hg-flowchart-narrow").is_visible()
    context.close()

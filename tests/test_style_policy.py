"""Styles under a Content-Security-Policy without 'unsafe-inline': every page, in light and dark
mode, with the search used and the calculator's plan on screen, breaks no rule of the policy."""

from __future__ import annotations

import re

import pytest
from calculator_ui import show_rich_example
from site_html import html_pages

pytestmark = pytest.mark.browser
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"')
# Recorded before any page script runs (an init script is not subject to the page's policy).
RECORD_VIOLATIONS = """
window.hgViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.hgViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
"""


def test_no_page_allows_inline_styles(site_dir):
    for page in html_pages(site_dir):
        policy = CSP.search(page.read_text(encoding="utf-8")).group(1)
        style_src = next(d for d in policy.split("; ") if d.startswith("style-src "))
        assert style_src == "style-src 'self'", page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_with_search_used_breaks_no_rule_of_the_policy(chromium, site, site_dir, scheme):
    context = chromium.new_context(color_scheme=scheme)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda m: "Content Security Policy" in m.text and console.append(m.text))
    problems = []
    for relative in sorted(p.relative_to(site_dir).as_posix() for p in html_pages(site_dir)):
        url = relative.removesuffix("index.html")
        page.goto(site.url + url)
        if url == "calculator/":
            show_rich_example(page)
        if relative != "404.html":
            page.keyboard.press("/")  # Material's shortcut opens the search
            page.keyboard.type("anticoagulant")  # typed: Material searches on key events
            page.wait_for_selector(".md-search-result__item", timeout=10_000)
            page.hover(".md-search-result__item")
            page.keyboard.press("Escape")
        scheme_shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme_shown == ("slate" if scheme == "dark" else "default")
        problems += [f"{url or 'index'}: {v}" for v in page.evaluate("window.hgViolations")]
    context.close()
    assert not problems and not console, problems + console

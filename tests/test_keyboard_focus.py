"""Keyboard use of every page (issue 12, WCAG 2.4.7 and 2.4.11), in real Chromium at 1280x800 in
the light and the dark scheme: each Tab stop is something the reader can see (a box in the viewport,
not transparent, hidden, clipped or covered) and shows where the focus is (an outline or a shadow of
at least 2 px). The calculator page is also walked with a plan shown."""

from __future__ import annotations

import pytest
from accessibility_tree import site_pages
from calculator_ui import show_rich_example

pytestmark = pytest.mark.browser
MAX_TAB_STOPS = 400  # far more than any page has: a page that never lets go of the focus fails

# What is wrong with the focused element, if anything, once its transitions (a sliding skip link)
# have ended. Focus indicators count when at least 2 px wide and not transparent. With
# `inEveryPalette`, the stop is judged in each of the site's colour schemes in turn (the body's
# palette attributes, as Material's switch sets them; transitions off, so that the styles read are
# the scheme's own): one walk covers the light and the dark scheme.
FOCUS_PROBLEMS = r"""
async (inEveryPalette = false) => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  await Promise.race([Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))), new Promise((r) => setTimeout(r, 600))]);
  const name = (n) => `${n.tagName.toLowerCase()}${n.id ? "#" + n.id : ""}${typeof n.className === "string" && n.className.trim() ? "." + n.className.trim().split(/\s+/).join(".") : ""}`
    + ` "${(n.getAttribute("aria-label") || n.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40)}"`;
  const problemsNow = () => {
    const problems = [];
    const r = e.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) problems.push(`no box (${r.width}x${r.height})`);
    else if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) problems.push("outside the viewport");
    for (let n = e; n && n !== document.documentElement; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (parseFloat(s.opacity) === 0) problems.push(`transparent (opacity 0 on ${name(n)})`);
      if (s.visibility === "hidden") problems.push(`visibility hidden on ${name(n)}`);
      if (/rect\(0px,? 0px,? 0px,? 0px\)/.test(s.clip) || /inset\(50%\)/.test(s.clipPath)) problems.push(`clipped by ${name(n)}`);
    }
    if (!problems.length) {
      const x = (Math.max(r.left, 0) + Math.min(r.right, innerWidth)) / 2;
      const y = (Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2;
      const hit = document.elementFromPoint(x, y);
      if (hit && !e.contains(hit) && !hit.contains(e) && !(e.labels && [...e.labels].some((l) => l.contains(hit)))) problems.push(`covered by ${name(hit)}`);
    }
    const s = getComputedStyle(e);
    const opaque = (color) => !/rgba\([^)]*,\s*0\)|transparent/.test(color);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 && opaque(s.outlineColor);
    const shadow = s.boxShadow !== "none" && s.boxShadow.split(/,(?![^(]*\))/).some((one) => opaque(one) && (one.match(/-?[\d.]+px/g) || []).some((v) => parseFloat(v) >= 2));
    if (!outline && !shadow) problems.push(`no visible focus indicator (outline ${s.outlineStyle} ${s.outlineWidth}, box-shadow ${s.boxShadow})`);
    return problems;
  };
  if (!inEveryPalette) return { who: name(e), problems: problemsNow() };
  const body = document.body, keys = ["mdColorScheme", "mdColorPrimary", "mdColorAccent"];
  const current = keys.map((k) => body.dataset[k]);
  const still = new CSSStyleSheet(); // a constructed sheet: the site's CSP refuses inline styles
  still.replaceSync("*, *::before, *::after { transition: none !important; }");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, still];
  const problems = [];
  const palettes = document.querySelectorAll("[data-md-component=palette] input[data-md-color-scheme]");
  for (const palette of palettes) {
    keys.forEach((k) => (body.dataset[k] = palette.dataset[k]));
    problems.push(...problemsNow().map((p) => `${palette.dataset.mdColorScheme}: ${p}`));
  }
  keys.forEach((k, i) => (body.dataset[k] = current[i]));
  document.documentElement.getBoundingClientRect(); // restyled while still: no transition back to start
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== still);
  return { who: name(e), problems, palettes: palettes.length };
}
"""


def _tab_through(page, in_every_palette: bool = False) -> dict[str, list[str]]:
    """Tab from the top of the page until the focus leaves it: each stop's problems, by stop."""
    page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    found: dict[str, list[str]] = {}
    seen = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_PROBLEMS, in_every_palette)
        if stop is None or (seen and stop["who"] == seen[0]):
            return found
        seen.append(stop["who"])
        assert not in_every_palette or stop["palettes"] == 2, "the site has a light and a dark scheme"
        if stop["problems"]:
            found[f"stop {len(seen)}: {stop['who']}"] = stop["problems"]
    raise AssertionError(f"the focus never left the page after {MAX_TAB_STOPS} Tab presses")


@pytest.fixture(params=["light", "dark"])
def scheme(request, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, color_scheme=request.param)
    page = context.new_page()
    yield request.param, page
    context.close()


def _open(page, url: str, scheme: str) -> None:
    page.goto(url)
    assert page.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")


def test_every_tab_stop_on_every_page_is_visible_and_shows_focus_in_both_schemes(chromium, site, site_dir):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems = {}
    for path in site_pages(site_dir):
        page.goto(site.url + path)
        problems.update({f"{path or 'home'} {stop}": p for stop, p in _tab_through(page, in_every_palette=True).items()})
    context.close()
    assert problems == {}


def test_every_tab_stop_of_the_calculator_with_a_plan_is_visible_and_shows_focus(scheme, site):
    name, page = scheme
    _open(page, site.url + "calculator/", name)
    show_rich_example(page)
    assert _tab_through(page) == {}


def test_the_colour_scheme_switch_works_from_the_keyboard(scheme, site):
    name, page = scheme
    _open(page, site.url, name)
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('[data-md-component=palette]') !== null"):
            break
    else:
        raise AssertionError("the colour-scheme switch is not a Tab stop")
    assert page.evaluate(FOCUS_PROBLEMS)["problems"] == []
    page.keyboard.press("Enter")
    switched = "default" if name == "dark" else "slate"
    page.wait_for_selector(f"body[data-md-color-scheme='{switched}']", state="attached")
    assert page.evaluate("document.activeElement.closest('[data-md-component=palette]') !== null"), "the focus stays on the switch"
    assert page.evaluate(FOCUS_PROBLEMS)["problems"] == []
    page.keyboard.press(" ")
    page.wait_for_selector(f"body[data-md-color-scheme='{'slate' if name == 'dark' else 'default'}']", state="attached")


def test_one_walk_judges_each_stop_in_the_dark_scheme_too(chromium, site):
    """The walk above checks each stop in both schemes: a focus indicator lost in the dark scheme only is found."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, color_scheme="light")
    page = context.new_page()
    page.goto(site.url)
    page.evaluate(
        """() => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync("[data-md-color-scheme='slate'] *:focus { outline: none !important; box-shadow: none !important; }");
          document.adoptedStyleSheets = [sheet];
        }"""
    )
    page.keyboard.press("Tab")
    stop = page.evaluate(FOCUS_PROBLEMS, True)
    context.close()
    assert stop["problems"] and all(p.startswith("slate: no visible focus indicator") for p in stop["problems"]), stop

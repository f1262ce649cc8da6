"""Driving the calculator page as a person would: fill the form, wait for the plan, read it back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import BrowserContext, Page

PLAN_PARTS = ("card", "conclusions", "evidence", "assumptions")
READY = "#calculator[data-state='ready']"
DONE = "#result[data-state='done']"


def open_calculator(page: Page, base_url: str, fragment: str = "") -> None:
    page.goto(base_url + "calculator/" + fragment)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(DONE, timeout=30_000)


def show_rich_example(page: Page) -> None:
    """On a loaded calculator page: load the worked case with the richest plan (urgent surgery on warfarin)."""
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(DONE)
    page.select_option("#worked-case", "deficit-warfarin-high-inr")
    page.click("#load-example")
    page.wait_for_selector("#result[data-pathway='surgery']")


def _field_order(case: dict[str, Any]) -> list[str]:
    # The drug and the cancer history first: they decide which other fields are shown.
    return sorted(case, key=lambda name: name not in ("antithrombotic", "cancer_history"))


def answers_every_waiting_question(case: dict[str, Any], schema: dict[str, Any]) -> bool:
    """Can the form give this case? A question the form waits for only while other answers hold
    (imaging, with a cancer history) has no answer that means "not entered"."""
    for name, prop in schema["properties"].items():
        holds = all(
            json.dumps(case.get(other)) in values or str(case.get(other)) in values for other, values in prop.get("x-form-waits-when", {}).items()
        )
        if "x-form-waits-when" in prop and holds and name not in case:
            return False
    return True


def fill_case(page: Page, case: dict[str, Any]) -> None:
    """Clear the form, then enter every field of the case through the controls."""
    page.click("#clear-case")
    for name in _field_order(case):
        value = case[name]
        if not page.is_visible(f"[data-field='{name}']"):
            continue  # a field that does not apply to this case is not shown, and not part of it
        if name == "aggressive_features":
            for feature in value:
                page.check(f"input[name='aggressive_features'][value='{feature}']")
        elif isinstance(value, bool):
            page.check(f"#f-{name}" if value else f"#f-{name}-no")
        elif isinstance(value, (int, float)):
            page.fill(f"#f-{name}", str(value))
        else:
            page.select_option(f"#f-{name}", str(value))
    # A question the plan waits for that the case leaves out takes the engine's default, as a link does.
    for name, default in page.eval_on_selector_all(
        "[data-default]", "els => els.map(e => [e.closest('.hg-field').dataset.field, e.dataset.default])"
    ):
        if name in case:
            continue
        given = json.loads(default)
        if isinstance(given, bool):
            page.check(f"#f-{name}" if given else f"#f-{name}-no")
        elif isinstance(given, str):
            page.select_option(f"#f-{name}", given)
    # A number the plan waits for that the case leaves out is "not known", as a link reads it.
    for name in page.eval_on_selector_all("[data-unknown-for]", "els => els.map(e => e.dataset.unknownFor)"):
        if name not in case and page.is_visible(f"[data-field='{name}']"):
            page.check(f"#u-{name}")
    # Each input marks the result pending; only the reply to the latest form state marks it done.
    page.wait_for_selector(DONE)


def rendered_plan(page: Page) -> dict[str, Any]:
    """The plan as the page shows it: pathway, and per part the ids and texts in order."""
    plan: dict[str, Any] = {"pathway": page.get_attribute("#result", "data-pathway")}
    for part in PLAN_PARTS:
        selector = "#result [data-group='next-steps'] [data-id]" if part == "conclusions" else f"#result [data-part='{part}'] [data-id]"
        items = page.locator(selector)
        plan[part] = items.evaluate_all("els => els.map(e => [e.dataset.id, e.textContent])")
    return plan


def expected_from_plan(plan: dict[str, Any]) -> dict[str, Any]:
    """What the page must show: the card, the other conclusions, each evidence item once (in the
    order of the conclusions it supports), the assumptions."""
    by_id = {c["id"]: c for c in plan["conclusions"]}
    card = [by_id[c["id"]] for c in plan["card"]]
    rest = [c for c in plan["conclusions"] if c not in card]
    items = {e["id"]: e for e in plan["evidence"]}
    order = list(dict.fromkeys(i for c in [*card, *rest] for i in c["evidence"]))
    return {
        "pathway": plan["pathway"],
        "card": [{"id": c["id"], "text": c["headline"]} for c in card],
        "conclusions": [{"id": c["id"], "text": c["headline"]} for c in rest],
        "evidence": [items[i] for i in order],
        "assumptions": plan["assumptions"],
    }


def assert_same_plan(shown: dict[str, Any], engine_plan: dict[str, Any]) -> None:
    expected = expected_from_plan(engine_plan)
    assert shown["pathway"] == expected["pathway"]
    for part in PLAN_PARTS:
        shown_ids = [i for i, _ in shown[part]]
        assert shown_ids == [e["id"] for e in expected[part]], (part, shown_ids)
        for (_, text), entry in zip(shown[part], expected[part], strict=True):
            assert entry["text"] in text, (part, entry["id"])


PROGRESS_LOG = r"""
window.__progress = [];
new MutationObserver(() => {
  const s = document.getElementById('calc-status');
  const text = s ? s.textContent + document.getElementById('calc-progress').value : '';
  if (text !== window.__lastProgress) { window.__lastProgress = text; window.__progress.push(performance.now()); (window.__texts = window.__texts || []).push(text.replace(/\s+/g, " ").slice(0, 400)); }
  if (/ of [\d.]+ MB/.test(text)) window.__bytesShown = true;
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
"""


@dataclass
class SlowVisit:
    ready: bool
    bytes_shown: bool
    times: list[float]  # performance.now() of every change of the progress shown
    texts: list[str]  # what it showed


def slow_first_visit(context: BrowserContext, base_url: str, mbit_per_s: float = 1.6) -> SlowVisit:
    """A first visit of the calculator over a slow link (1.6 Mbit/s, 150 ms), recording its progress."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": mbit_per_s * 1_000_000 / 8, "uploadThroughput": 750_000 / 8},
    )
    page.add_init_script(PROGRESS_LOG)
    page.goto(base_url + "calculator/")
    page.wait_for_selector(READY, timeout=180_000)
    visit = SlowVisit(
        page.get_attribute("#calculator", "data-state") == "ready",
        bool(page.evaluate("window.__bytesShown")),
        page.evaluate("window.__progress"),
        page.evaluate("window.__texts"),
    )
    page.close()
    return visit


def longest_progress_gap(visit: SlowVisit) -> tuple[float, str]:
    """The longest time progress stood still, and between which two texts (a benchmark figure)."""
    gaps = [b - a for a, b in zip(visit.times, visit.times[1:], strict=False)]
    worst = gaps.index(max(gaps))
    return max(gaps), f"after {visit.texts[worst]!r}, until {visit.texts[worst + 1]!r}"

"""The page as assistive technology reads it: Chromium's own accessibility tree (over CDP), not a
guess from the DOM."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page


@dataclass(frozen=True)
class Link:
    name: str  # the accessible name Chromium computed
    url: str  # the absolute target


def links(page: Page) -> list[Link]:
    """Every link a screen reader can reach on the page now (hidden ones are not in the tree)."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    found = []
    for node in nodes:
        if node.get("ignored") or node.get("role", {}).get("value") != "link":
            continue
        url = next((p["value"]["value"] for p in node.get("properties", []) if p["name"] == "url"), "")
        found.append(Link(name=node.get("name", {}).get("value", "").strip(), url=url))
    return found


def site_pages(site_dir: Path) -> list[str]:
    """Every page of the built site, as a path under its root ("" for the home page)."""
    pages = sorted(p.parent.relative_to(site_dir).as_posix() for p in site_dir.glob("**/index.html"))
    return [("" if p == "." else p + "/") for p in pages]

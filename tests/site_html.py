"""Reading the built site's HTML: cited blocks (statements, pitfalls), links, ids, resources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

CITATION = re.compile(r"^\[(\d+)\]$")


@dataclass
class CitedBlock:
    page: str
    id: str
    text: str = ""
    citations: set[int] = field(default_factory=set)


class _BlockParser(HTMLParser):
    """Collects every .hg-statement / .hg-pitfall block with its text and citation numbers."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.blocks: list[CitedBlock] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[tuple[str, str]] = []  # (tag.attribute, url)
        self._stack: list[str] = []
        self._block: CitedBlock | None = None
        self._block_depth = 0
        self._in_link = False
        self._link_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for attr in ("src", "href", "poster", "data"):
            if attr in a and tag not in ("a",):
                self.resources.append((f"{tag}.{attr}", a[attr]))
        if tag in ("br", "img", "meta", "link", "input", "hr", "source"):
            return
        self._stack.append(tag)
        classes = a.get("class", "").split()
        if self._block is None and ("hg-statement" in classes or "hg-pitfall" in classes):
            self._block = CitedBlock(self.page, a.get("id", ""))
            self._block_depth = len(self._stack)
        if tag == "a" and self._block is not None:
            self._in_link, self._link_text = True, ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img", "meta", "link", "input", "hr", "source"):
            return
        if tag == "a" and self._in_link and self._block is not None:
            match = CITATION.match(self._link_text.strip())
            if match:
                self._block.citations.add(int(match.group(1)))
            self._in_link = False
        if self._stack:
            self._stack.pop()
        if self._block is not None and len(self._stack) < self._block_depth:
            self.blocks.append(self._block)
            self._block = None

    def handle_data(self, data: str) -> None:
        if self._block is not None:
            self._block.text += data
        if self._in_link:
            self._link_text += data


def parse_page(path: Path, site: Path) -> _BlockParser:
    parser = _BlockParser(path.relative_to(site).as_posix())
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))

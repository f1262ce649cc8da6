"""Post-build step: replace 'unsafe-inline' in each page's script-src with the SHA-256 hashes of
that page's own inline scripts, so that no injected inline script can run, and drop it from
style-src: the pages have no inline style element or attribute, and Material sets styles through
the CSSOM, which the policy does not govern (tests/test_style_policy.py checks every page)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
DATA_TYPES = ("application/json", "application/ld+json")


def inline_hashes(html: str) -> list[str]:
    hashes = []
    for attrs, body in INLINE_SCRIPT.findall(html):
        if any(f'type="{t}"' in attrs for t in DATA_TYPES):
            continue  # data blocks never execute
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes))


def tighten_page(html: str) -> str:
    def replace(match: re.Match[str]) -> str:
        directives = [d.strip() for d in match.group(2).split(";") if d.strip()]
        for index, directive in enumerate(directives):
            name, *sources = directive.split()
            sources = [s for s in sources if s != "'unsafe-inline'"]
            if name == "script-src":
                directives[index] = " ".join([name, *sources, *inline_hashes(html)])
            elif name == "style-src":
                directives[index] = " ".join([name, *sources])
        return match.group(1) + "; ".join(directives) + match.group(3)

    return META.sub(replace, html, count=1)


def tighten_csp(site: Path) -> int:
    pages = 0
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        tightened = tighten_page(html)
        if tightened != html:
            page.write_text(tightened, encoding="utf-8")
            pages += 1
    return pages

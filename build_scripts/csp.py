"""Post-build step: replace 'unsafe-inline' in script-src with the SHA-256 hashes of the site's
inline scripts, so that no injected inline script can run, and drop it from style-src: the pages
have no inline style element or attribute, and Material sets styles through the CSSOM, which the
policy does not govern (tests/test_style_policy.py checks every page).

Every page carries one and the same policy, listing the inline scripts of all pages. Instant
navigation keeps one document across pages: it runs the next page's inline scripts under the policy
the reader arrived with, and it adds the next page's meta tags to the head, where a different policy
would be enforced as well as the first. No inline script may depend on the content (the site's
inline scripts are Material's, the import map of code addresses and the calculator's watchdog):
otherwise one statement's change would change every page (tests/test_offline.py checks that a
returning visitor then downloads only the pages that show it)."""

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


def tighten_page(html: str, hashes: list[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        directives = [d.strip() for d in match.group(2).split(";") if d.strip()]
        for index, directive in enumerate(directives):
            name, *sources = directive.split()
            sources = [s for s in sources if s != "'unsafe-inline'"]
            if name == "script-src":
                directives[index] = " ".join([name, *sources, *hashes])
            elif name == "style-src":
                directives[index] = " ".join([name, *sources])
        return match.group(1) + "; ".join(directives) + match.group(3)

    return META.sub(replace, html, count=1)


def tighten_csp(site: Path) -> int:
    pages = sorted(site.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    hashes = sorted({digest for html in texts.values() for digest in inline_hashes(html)})
    changed = 0
    for page, html in texts.items():
        tightened = tighten_page(html, hashes)
        if tightened != html:
            page.write_text(tightened, encoding="utf-8")
            changed += 1
    return changed

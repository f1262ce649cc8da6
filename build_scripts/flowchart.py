"""The treatment algorithm as an inline SVG flowchart, drawn from the source's algorithm branches.

Plain SVG, no script: it renders with JavaScript off, prints, follows the light/dark scheme
(currentColor and Material's CSS variables), and each branch links to its section of the page.
"""

from __future__ import annotations

import textwrap
from html import escape

from hemangioma_calc.guideline import AlgorithmBranch

WIDTH = 760
ROOT_W, ROOT_X = 170, 10
BOX_X = 250
BOX_W = WIDTH - BOX_X - 10
LINE = 17
PAD = 10
GAP = 14
CHARS_PER_LINE = 62


def _lines(text: str) -> list[str]:
    return textwrap.wrap(text, CHARS_PER_LINE) or [""]


def algorithm_svg(branches: tuple[AlgorithmBranch, ...], root_label: str) -> str:
    boxes = []
    y = PAD
    for branch in branches:
        lines = [(branch.presentation, "hg-fc-presentation"), (f"→ {branch.label}", "hg-fc-pathway")]
        lines += [(line, "hg-fc-summary") for line in _lines(branch.summary)]
        height = PAD * 2 + LINE * len(lines)
        boxes.append((branch, y, height, lines))
        y += height + GAP
    total = y - GAP + PAD
    root_y = total / 2
    out = [
        f'<svg class="hg-flowchart" viewBox="0 0 {WIDTH} {total:.0f}" role="group" aria-labelledby="hg-fc-title" aria-describedby="hg-fc-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="hg-fc-title">Treatment algorithm by presentation</title>',
        f'<desc id="hg-fc-desc">{escape(root_label)}: ' + "; ".join(escape(f"{b.presentation}: {b.label}") for b in branches) + ".</desc>",
        f'<rect class="hg-fc-root" x="{ROOT_X}" y="{root_y - 30:.0f}" width="{ROOT_W}" height="60" rx="6"/>',
    ]
    for i, line in enumerate(_wrap_root(root_label)):
        out.append(
            f'<text class="hg-fc-root-text" x="{ROOT_X + ROOT_W / 2:.0f}" y="{root_y - 6 + i * LINE:.0f}" text-anchor="middle">{escape(line)}</text>'
        )
    for branch, top, height, lines in boxes:
        middle = top + height / 2
        out.append(
            f'<path class="hg-fc-edge" d="M{ROOT_X + ROOT_W} {root_y:.0f} C{BOX_X - 40} {root_y:.0f} {BOX_X - 40} {middle:.0f} {BOX_X} {middle:.0f}"/>'
        )
        out.append(f'<a href="#pathway-{branch.pathway}">')
        out.append(f'<rect class="hg-fc-box hg-fc-{branch.pathway}" x="{BOX_X}" y="{top:.0f}" width="{BOX_W}" height="{height:.0f}" rx="6"/>')
        for i, (text, css) in enumerate(lines):
            out.append(f'<text class="{css}" x="{BOX_X + PAD}" y="{top + PAD + LINE * (i + 0.8):.0f}">{escape(text)}</text>')
        out.append("</a>")
    out.append("</svg>")
    return "".join(out)


def _wrap_root(label: str) -> list[str]:
    return textwrap.wrap(label, 22)[:2]

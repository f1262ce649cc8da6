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


# The phone's layout: the same branches stacked top to bottom under the root, every line wrapped to
# the width of a 343 px column, so the chart is read at full size without scrolling sideways.
NARROW_W = 340
NARROW_BOX_X = 30
NARROW_LINE = 20
NARROW_CHARS = 32


def algorithm_svg_narrow(branches: tuple[AlgorithmBranch, ...], root_label: str) -> str:
    box_w = NARROW_W - NARROW_BOX_X - 2
    root = textwrap.wrap(root_label, NARROW_CHARS) or [""]
    root_h = PAD * 2 + NARROW_LINE * len(root)
    out = [
        f'<rect class="hg-fc-root" x="2" y="2" width="{NARROW_W - 4}" height="{root_h}" rx="6"/>',
        *(
            f'<text class="hg-fc-root-text" x="{NARROW_W / 2:.0f}" y="{2 + PAD + NARROW_LINE * (i + 0.8):.0f}" text-anchor="middle">{escape(line)}</text>'
            for i, line in enumerate(root)
        ),
    ]
    y = 2 + root_h + GAP
    for branch in branches:
        lines = [(line, "hg-fc-presentation") for line in textwrap.wrap(branch.presentation, NARROW_CHARS)]
        lines += [(line, "hg-fc-pathway") for line in textwrap.wrap(f"→ {branch.label}", NARROW_CHARS)]
        lines += [(line, "hg-fc-summary") for line in textwrap.wrap(branch.summary, NARROW_CHARS)]
        height = PAD * 2 + NARROW_LINE * len(lines)
        out.append(f'<path class="hg-fc-edge" d="M12 {2 + root_h} V{y + height / 2:.0f} H{NARROW_BOX_X}"/>')  # from the root
        out.append(f'<a href="#pathway-{branch.pathway}">')
        out.append(f'<rect class="hg-fc-box hg-fc-{branch.pathway}" x="{NARROW_BOX_X}" y="{y:.0f}" width="{box_w}" height="{height:.0f}" rx="6"/>')
        for i, (text, css) in enumerate(lines):
            out.append(f'<text class="{css}" x="{NARROW_BOX_X + PAD}" y="{y + PAD + NARROW_LINE * (i + 0.8):.0f}">{escape(text)}</text>')
        out.append("</a>")
        y += height + GAP
    total = y - GAP + 2
    head = (
        f'<svg class="hg-flowchart-narrow" viewBox="0 0 {NARROW_W} {total:.0f}" role="group" aria-labelledby="hg-fcn-title" xmlns="http://www.w3.org/2000/svg">'
        '<title id="hg-fcn-title">Treatment algorithm by presentation, top to bottom</title>'
    )
    return head + "".join(out) + "</svg>"

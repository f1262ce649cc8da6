"""What a text field of the structured source may hold: one line of words and inline Markdown, never
markup that changes what a page or a plan shows.

The build copies every string of the source into Markdown pages (and the engine into plans), so a
string that holds block syntax, an attribute list, raw HTML or a bidirectional override can add an
uncited warning, retitle a page, run a link's script or show "Stop 01 days" as "Stop 10 days". Each
field is checked against the allow-list of its kind (`FIELD_KINDS`, by key path; every other string
is clinical text): emphasis, code, links to `https:` and to the site's own pages and anchors, and
`{slot}` placeholders in template fields only. Citations are not text: they are the `citations` keys,
rendered by the build. Every check is a single pass over the string (no pattern can backtrack).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .typed_data import Problem, item_name, join


@dataclass(frozen=True)
class TextKind:
    """What the fields of one kind may hold beyond one line of plain words and inline Markdown."""

    name: str
    placeholders: bool  # `{slot}` placeholders, filled in by the engine before anything is shown


CLINICAL_TEXT = TextKind("clinical text", placeholders=False)
TEMPLATE = TextKind("template", placeholders=True)
# Fields whose kind is not clinical text, by key path with `[*]` for any list item; a path also
# covers every string below it. Register a field here when it needs more than clinical text.
FIELD_KINDS: dict[str, TextKind] = {"conclusions[*].text": TEMPLATE, "phrases[*].text": TEMPLATE}
_PARENT = re.compile(r"(?:\.[^.\[]*|\[\*\])$")  # the last step of a key path pattern

_LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x09\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Embeddings, overrides, isolates and marks: they reorder the characters a reader sees.
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A tag, a comment, a declaration or processing instruction, or an autolink: `<` then a letter, `/`, `!`, `?`.
_HTML = re.compile(r"<[A-Za-z/!?]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_BRACE = re.compile(r"[{}]")
_IMAGE = re.compile(r"!\[")
_LINK_START = re.compile(r"\]\(")
# After `](`: an https address or a relative page and anchor (`assessment.md#id`, `#id`), an
# optional "title", then `)`. Anything else (javascript:, data:, http:, //host, /root, a backslash)
# is refused; neither part can hold a space, quote, bracket or `)`, so no attempt runs past its link.
_SAFE_TARGET = re.compile(r"""\s*(?:https://[^\s"'()<>\[\]\\`]+|(?:[A-Za-z0-9._~-][A-Za-z0-9._~/-]*)?(?:#[A-Za-z0-9._-]+)?)(?:\s+"[^"\\]*")?\s*\)""")
# Block syntax where the field begins (a template may put it at the start of a line; with no line
# break allowed, nowhere else can a block start).
_BLOCK_STARTS = (
    (re.compile(r"\s"), "an indentation, which makes a code block,"),
    (re.compile(r"#"), "a heading '#'"),
    (re.compile(r">"), "a block quote '>'"),
    (re.compile(r"([-*_])(?:\s*\1){2,}\s*$"), "a horizontal rule"),
    (re.compile(r"[-*+](?:\s|$)"), "a list item"),
    (re.compile(r"[0-9]+[.)](?:\s|$)"), "a numbered list item"),
    (re.compile(r"!!!|\?\?\?"), "an admonition"),
    (re.compile(r"```|~~~"), "a code fence"),
    (re.compile(r"\[[^\]]*\]:"), "a link or footnote definition"),
)


def text_problems(data: Any) -> list[Problem]:
    """One problem per refused form in each string of the plain source data, named by key path."""
    problems = []
    for path, pattern, text in _strings(data, "", ""):
        problems += [Problem(path, reason) for reason in refusals(text, kind_of(pattern))]
    return problems


def kind_of(pattern: str) -> TextKind:
    """The kind registered for this key path pattern or the nearest one above it; else clinical text."""
    while pattern:
        if pattern in FIELD_KINDS:
            return FIELD_KINDS[pattern]
        parent = _PARENT.sub("", pattern, count=1)
        pattern = parent if parent != pattern else ""  # a top-level key has no parent
    return CLINICAL_TEXT


def refusals(text: str, kind: TextKind = CLINICAL_TEXT) -> list[str]:
    """Why this text cannot stand in a field of this kind (nothing when it can)."""
    reasons = []
    if _LINE_BREAK.search(text):
        reasons.append("a line break is not allowed: the field is one line (a folded `>-` scalar folds to one)")
    for pattern, what in ((_CONTROL, "a control character"), (_BIDI, "a bidirectional control, it reorders what the reader sees")):
        found = pattern.search(text)
        if found:
            reasons.append(f"U+{ord(found.group()):04X} is not allowed: {what}")
    html = _HTML.search(text)
    if html:
        reasons.append(f"HTML is not allowed (found '{_shown_tag(text, html.start())}'): write Markdown")
    entity = _ENTITY.search(text)
    if entity:
        reasons.append(f"an HTML character reference is not allowed (found '{entity.group()}'): write the character itself")
    brace = _BRACE.search(_PLACEHOLDER.sub("", text) if kind.placeholders else text)
    if brace:
        where = "braces other than {slot} placeholders" if kind.placeholders else "braces ({slot} placeholders only in template fields)"
        reasons.append(f"{where} are not allowed: an attribute list '{{: ...}}' sets HTML attributes")
    if "|" in text:
        reasons.append("'|' is not allowed: it makes or splits a table")
    if _IMAGE.search(text):
        reasons.append("an image is not allowed: text holds words and links")
    for start in _LINK_START.finditer(text):
        if not _SAFE_TARGET.match(text, start.end()):
            reasons.append(f"a link to '{_shown_target(text, start.end())}' is not allowed: link to https: or to the site's own pages")
            break
    block = next((what for pattern, what in _BLOCK_STARTS if pattern.match(text)), None)
    if block:
        reasons.append(f"block Markdown is not allowed ({block} at the start): write one paragraph of inline text")
    return reasons


def _strings(value: Any, path: str, pattern: str) -> Iterator[tuple[str, str, str]]:
    """(key path, key path pattern with [*] for list items, text) of every string in plain data."""
    if isinstance(value, str):
        yield path, pattern, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, join(path, str(key)), join(pattern, str(key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            name = item_name(child) if isinstance(child, dict) else None
            yield from _strings(child, f"{path}[{name or index}]", f"{pattern}[*]")


def _shown_tag(text: str, start: int) -> str:
    """The refused tag as the error shows it: up to its `>` if near, else 20 characters."""
    end = text.find(">", start)
    return text[start : end + 1 if 0 <= end - start < 40 else start + 20]


def _shown_target(text: str, start: int) -> str:
    """The refused link target as the error shows it: its first word, at most 40 characters."""
    return (text[start : start + 200].split() or [""])[0][:40]

"""A conclusion to draw: a template of the source and the worded values of its slots."""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from .guideline import Guideline
from .wording import number


@dataclass(frozen=True)
class Saying:
    """A template of the source and the values of its slots, worded for a reader."""

    template: str
    slots: tuple[tuple[str, str], ...] = ()

    def render(self, guideline: Guideline) -> str:
        return guideline.template(self.template).text.format_map(dict(self.slots))


def _worded(slots: dict[str, Any]) -> dict[str, str]:
    """Numbers written as the user or the source wrote them."""
    return {name: number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v) for name, v in slots.items()}


def say(template: str, **slots: Any) -> Saying:
    """A conclusion to draw."""
    return Saying(template, tuple(sorted(_worded(slots).items())))


def phrase(guideline: Guideline, phrase_id: str, **slots: Any) -> str:
    """A phrase of the source with its slots filled (source_ids.PHRASES declares them)."""
    return guideline.phrase(phrase_id).text.format_map(_worded(slots))


def slot_names(text: str) -> set[str]:
    """The {slots} a template text names."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def literal_text(text: str) -> str:
    """A template's own words, its {slots} left out (they are filled in later)."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(text))

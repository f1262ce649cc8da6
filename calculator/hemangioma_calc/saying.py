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


def say(template: str, **slots: Any) -> Saying:
    """A conclusion to draw: numbers are written as the user or the source wrote them."""
    worded = {name: number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v) for name, v in slots.items()}
    return Saying(template, tuple(sorted(worded.items())))


def slot_names(text: str) -> set[str]:
    """The {slots} a template text names."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def literal_text(text: str) -> str:
    """A template's own words, its {slots} left out (they are filled in later)."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(text))

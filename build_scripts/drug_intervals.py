"""The drug intervals as lists that say each thing once: drugs whose interval reads the same share
one entry, and a later clause that several entries share (a restart) is lifted into one note.

The words are the engine's (`planned_summary`, `neuraxial_summary`); this only groups them. Their
clauses are joined by "; ", which is how the engine joins the parts of one rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hemangioma_calc.guideline import Antithrombotic, Guideline
from hemangioma_calc.perioperative import neuraxial_summary, planned_summary

CLAUSE = "; "


@dataclass
class Sources:
    """The drugs of an entry that share its citations, verification and assumption."""

    drugs: list[str]
    citations: tuple[str, ...]
    verification: str
    assumption: str | None


@dataclass
class Entry:
    drugs: list[str]
    clauses: list[str]
    sources: list[Sources] = field(default_factory=list)

    @property
    def text(self) -> str:
        return CLAUSE.join(self.clauses)


@dataclass
class Note:
    """A clause said once for every drug whose interval carries it."""

    drugs: list[str]
    text: str
    citations: tuple[str, ...]


def interval_lists(g: Guideline, drugs: list[Antithrombotic], none_text: str) -> dict[str, tuple[list[Entry], list[Note]]]:
    """For planned surgery and the neuraxial block: the entries and the shared notes."""
    return {
        "planned": _lists(drugs, lambda d: d.planned, lambda rule: planned_summary(g, rule), none_text),
        "neuraxial": _lists(drugs, lambda d: d.neuraxial, lambda rule: neuraxial_summary(g, rule), none_text),
    }


def _lists(drugs: list[Antithrombotic], rule_of: Any, words: Any, none_text: str) -> tuple[list[Entry], list[Note]]:
    entries: dict[str, Entry] = {}
    for drug in drugs:
        rule = rule_of(drug)
        text = words(rule) if rule else none_text
        entry = entries.setdefault(text, Entry([], text.split(CLAUSE)))
        entry.drugs.append(drug.label)
        if rule:
            _add_source(entry, drug.label, rule)
    return list(entries.values()), _lift_shared_clauses(list(entries.values()))


def _add_source(entry: Entry, drug: str, rule: Any) -> None:
    key = (rule.citations, rule.verification, getattr(rule, "assumption", None))
    for sources in entry.sources:
        if (sources.citations, sources.verification, sources.assumption) == key:
            sources.drugs.append(drug)
            return
    entry.sources.append(Sources([drug], *key))


def _lift_shared_clauses(entries: list[Entry]) -> list[Note]:
    """A clause after the first that two or more entries hold is said once, in a note."""
    holders: dict[str, list[Entry]] = {}
    for entry in entries:
        for clause in dict.fromkeys(entry.clauses[1:]):
            holders.setdefault(clause, []).append(entry)
    notes = []
    for clause, shared in holders.items():
        if len(shared) < 2:
            continue
        for entry in shared:
            entry.clauses = [entry.clauses[0]] + [c for c in entry.clauses[1:] if c != clause]
        citations = tuple(dict.fromkeys(k for e in shared for s in e.sources for k in s.citations))
        notes.append(Note([d for e in shared for d in e.drugs], clause, citations))
    return notes

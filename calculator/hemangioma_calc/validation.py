"""Build the guideline model from plain data and check the rules no annotation can say.

`load_guideline` takes the plain data of `content/guideline.yaml` (or the JSON copy packaged with
the engine) and returns a `Guideline`, or raises `InvalidData` listing every problem with its key
path (`statements[pain-radiation].data.dose_min_cgy: ...`), all of them at once, including every
string that holds more than its field allows (`source_text`).
"""

from __future__ import annotations

import re
from typing import Any, get_args

from . import source_ids
from .case import range_keys
from .considerations import REGISTERED
from .guideline import (
    PATHWAYS,
    Antithrombotic,
    DrugClass,
    Guideline,
    Publication,
    Reviewed,
    Severity,
    Verification,
)
from .saying import literal_text, slot_names
from .source_text import text_problems
from .typed_data import InvalidData, Problem, build, join

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?")
# Class fields that name an item of the source.
_CLASS_ITEM_FIELDS = ("urgent_fallback", "planned_fallback", "reversal_statement", "planned_check", "urgent_last_dose", "renal_limit")
# Interval fields of a drug entry that its linked statement must state in words.
_INTERVAL_FIELDS = ("stop_days_before", "stop_min_days_before", "days_off", "last_dose_days_before", "restart_min_days", "restart_max_days")


def format_number(value: float) -> list[str]:
    """The ways a number may be written in the text: 2600, 2.0, 118,000, 0.25."""
    forms = {repr(value)}
    if isinstance(value, float) and value.is_integer():
        forms.add(str(int(value)))
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        forms.add(f"{int(value):,}")
    return sorted(forms)


def number_in_text(value: float, text: str) -> bool:
    return any(re.search(rf"(?<![\d.]){re.escape(form)}(?![\d]|\.\d)", text) for form in format_number(value))


def load_guideline(data: Any, *, validated_at_build: bool = False) -> Guideline:
    """Validate plain data and return the model; raise InvalidData with every problem found.

    `validated_at_build`: these very data passed every check below when the site was built, by this
    engine (the browser's source, whose bytes the worker checked against the build's hash). Checking
    them again would find the same, and cost 100-180 ms of a warm start in the browser: only the
    model is built (its types still checked)."""
    problems: list[Problem] = []
    guideline = build(Guideline, data, "", problems)
    if not validated_at_build:
        if not problems and guideline is not None:
            _Checks(guideline, problems).run()
        problems += text_problems(data)  # markup that would change what a page or a plan shows
    if problems or guideline is None:
        raise InvalidData(problems)
    return guideline


class _Checks:
    """Cross-references, numbers against their text, and the ids the engine reads."""

    def __init__(self, g: Guideline, problems: list[Problem]):
        self.g, self.problems = g, problems
        self.cited: set[str] = set()
        self.refs = {r.key for r in g.references}
        self.statements = {s.id for s in g.statements}
        self.assumptions = {a.id for a in g.assumptions}
        self.items = {i.id for i in g.identified_items()}

    def fail(self, path: str, reason: str) -> None:
        self.problems.append(Problem(path, reason))

    def run(self) -> None:
        g = self.g
        self.unique([r.key for r in g.references], "references", "key")
        self.unique([r.number for r in g.references], "references", "number")
        self.unique([i.id for i in g.identified_items()], "statements/assumptions/pitfalls/outcomes", "id")
        self.metadata()
        self.references()
        self.statement_checks()
        self.other_items()
        self.drugs()
        self.algorithm()
        self.conclusions()
        self.phrases()
        self.cases()
        self.engine_ids()
        for ref in g.references:
            if ref.key not in self.cited:
                self.fail(f"references[{ref.key}]", "is never cited")

    # --- helpers --------------------------------------------------------------------------------
    def unique(self, values: list[Any], where: str, what: str) -> None:
        seen: set[Any] = set()
        for value in values:
            if value in seen:
                self.fail(where, f"duplicate {what} {value!r}")
            seen.add(value)

    def citations(self, path: str, citations: tuple[str, ...], required: bool = True) -> None:
        if required and not citations:
            self.fail(path, "must cite at least one reference")
        for i, key in enumerate(citations):
            self.cited.add(key)
            if key not in self.refs:
                self.fail(join(path, i), f"unknown citation key {key!r}")

    def numbers(self, path: str, data: dict[str, float], text: str) -> None:
        for name, value in data.items():
            if value is not None and not number_in_text(value, text):
                self.fail(join(join(path, "data"), name), f"{value} does not appear in the text")

    def known(self, path: str, value: str | None, known: set[str], what: str) -> None:
        if value is not None and value not in known:
            self.fail(path, f"unknown {what} {value!r}")

    def reviewed(self, path: str, item: Reviewed) -> None:
        if (item.reviewed_by is None) != (item.reviewed_on is None):
            self.fail(path, "reviewed_by and reviewed_on go together")
        if item.reviewed_on is not None and not _DATE.match(item.reviewed_on):
            self.fail(f"{path}.reviewed_on", f"must be a date YYYY-MM-DD (got {item.reviewed_on!r})")

    # --- parts of the source --------------------------------------------------------------------
    def metadata(self) -> None:
        for name in ("last_reviewed", "next_review"):
            value = getattr(self.g.metadata, name)
            if not _DATE.match(value):
                self.fail(f"metadata.{name}", f"must be a date YYYY-MM-DD (got {value!r})")
        for name, literal in (("verification", Verification), ("severity", Severity)):
            missing = set(get_args(literal)) - set(getattr(self.g.labels, name))
            if missing:
                self.fail(f"labels.{name}", f"needs a label for {', '.join(sorted(missing))}")

    def references(self) -> None:
        for ref in self.g.references:
            path = f"references[{ref.key}]"
            if ref.status == "resolved":
                _check_publication(path, ref, self.problems)
            elif not ref.candidates:
                self.fail(path, "an unresolved reference needs at least one candidate")
            for j, candidate in enumerate(ref.candidates):
                _check_publication(join(f"{path}.candidates", j), candidate, self.problems)

    def statement_checks(self) -> None:
        sections = {s.id for s in self.g.sections}
        topics = {s.id: [t.id for t in s.topics] for s in self.g.sections}
        certainties = {c.id for c in self.g.certainty_levels}
        for s in self.g.statements:
            path = f"statements[{s.id}]"
            if not _ID.match(s.id):
                self.fail(f"{path}.id", "must be lower-case letters, digits, '-' or '_'")
            if s.section not in sections:
                self.fail(f"{path}.section", f"unknown section {s.section!r}")
            elif (s.topic is None) != (not topics[s.section]) or (s.topic is not None and s.topic not in topics[s.section]):
                allowed = ", ".join(topics[s.section]) or "none (the section has no topics)"
                self.fail(f"{path}.topic", f"must be one of the section's topics: {allowed} (got {s.topic!r})")
            self.known(f"{path}.certainty", s.certainty, certainties, "certainty")
            for j, a in enumerate(s.assumptions):
                self.known(join(f"{path}.assumptions", j), a, self.assumptions, "assumption")
            self.citations(f"{path}.citations", s.citations)
            self.numbers(path, s.data, s.text)
            self.reviewed(path, s)

    def other_items(self) -> None:
        certainties = {c.id for c in self.g.certainty_levels}
        for a in self.g.assumptions:
            path = f"assumptions[{a.id}]"
            self.numbers(path, a.data, a.text)
            if a.value is not None and not number_in_text(a.value, a.text):
                self.fail(f"{path}.value", f"{a.value} does not appear in the text")
            self.citations(f"{path}.citations", a.citations, required=False)
            self.reviewed(path, a)
        for kind, entries in (("pitfalls", self.g.pitfalls), ("outcomes", self.g.outcomes)):
            for entry in entries:
                path = f"{kind}[{entry.id}]"
                self.known(f"{path}.certainty", entry.certainty, certainties, "certainty")
                self.citations(f"{path}.citations", entry.citations)
                self.numbers(path, entry.data, entry.text)
                self.reviewed(path, entry)

    def drugs(self) -> None:
        g = self.g
        self.unique([c.id for c in g.drug_classes], "drug_classes", "id")
        self.unique([d.id for d in g.antithrombotics], "antithrombotics", "id")
        self.unique([r.id for r in g.thrombotic_risk.reasons], "thrombotic_risk.reasons", "id")
        self.citations("thrombotic_risk.citations", g.thrombotic_risk.citations)
        classes = {c.id: c for c in g.drug_classes}
        for c in g.drug_classes:
            for name in _CLASS_ITEM_FIELDS:
                self.known(f"drug_classes[{c.id}].{name}", getattr(c, name), self.items, "item")
            for name in ("urgent_fallback", "planned_fallback"):
                fallback = getattr(c, name)
                if fallback in self.items and g.plain_conclusion(fallback) is None:
                    self.fail(f"drug_classes[{c.id}].{name}", f"{fallback!r} needs a conclusion that speaks for it (conclusions[].speaks_for)")
            if c.renal_limit in self.assumptions and g.item(c.renal_limit).value is None:
                self.fail(f"drug_classes[{c.id}].renal_limit", f"assumption {c.renal_limit!r} needs a value")
        self.synonyms(
            [(f"drug_classes[{c.id}]", c.label, c.synonyms) for c in g.drug_classes]
            + [(f"antithrombotics[{d.id}]", d.label, d.synonyms) for d in g.antithrombotics]
        )
        for d in g.antithrombotics:
            path = f"antithrombotics[{d.id}]"
            if d.drug_class not in classes:
                self.fail(f"{path}.drug_class", f"unknown drug class {d.drug_class!r} (known: {', '.join(classes)})")
                continue
            self.known(f"{path}.urgent_statement", d.urgent_statement, self.statements, "statement")
            self.drug_rules(path, d, classes[d.drug_class])

    def synonyms(self, named: list[tuple[str, str, tuple[str, ...]]]) -> None:
        """A synonym says something new: not the entry's label, not said twice (blank text fails as text)."""
        for path, label, synonyms in named:
            seen = {label.casefold()}
            for i, word in enumerate(synonyms):
                where = join(f"{path}.synonyms", i)
                if word.casefold() in seen:
                    self.fail(where, f"{word!r} repeats the label or another synonym")
                seen.add(word.casefold())

    def drug_rules(self, path: str, d: Antithrombotic, drug_class: DrugClass) -> None:
        for needed in drug_class.requires:
            if getattr(d, needed) is None:
                self.fail(f"{path}.{needed}", f"a drug of class {drug_class.id!r} needs {needed} (drug_classes[{drug_class.id}].requires)")
        if drug_class.lab == "inr":
            if d.urgent_statement is None:
                self.fail(f"{path}.urgent_statement", "a drug whose class measures the INR needs the statement of its INR thresholds")
            elif d.urgent_statement in self.statements:
                data = self.g.item(d.urgent_statement).data
                for key in source_ids.INR_DATA_KEYS:
                    if key not in data:
                        self.fail(f"statements[{d.urgent_statement}].data", f"needs {key} (the engine reads it for {d.id})")
        if d.planned is not None:
            planned_path = f"{path}.planned"
            self.citations(f"{planned_path}.citations", d.planned.citations)
            self.known(f"{planned_path}.assumption", d.planned.assumption, self.assumptions, "assumption")
            if d.planned.statement not in self.statements:
                self.fail(f"{planned_path}.statement", f"unknown statement {d.planned.statement!r}")
            else:
                text = self.g.item(d.planned.statement).text
                for source, where in [(d.planned, planned_path)] + [(b, join(f"{planned_path}.by_crcl", i)) for i, b in enumerate(d.planned.by_crcl)]:
                    for name in _INTERVAL_FIELDS + ("crcl_min",):
                        value = getattr(source, name, None)
                        if value and not number_in_text(value, text):
                            self.fail(f"{where}.{name}", f"{value} is not stated in statements[{d.planned.statement}].text")
        if d.neuraxial is not None:
            self.citations(f"{path}.neuraxial.citations", d.neuraxial.citations)
            rule = d.neuraxial
            if rule.text:
                for name in ("hours", "min_days", "max_days"):
                    value = getattr(rule, name)
                    if value is not None and not number_in_text(value, rule.text):
                        self.fail(f"{path}.neuraxial.{name}", f"{value} is not stated in its own text")

    def algorithm(self) -> None:
        pathways = [b.pathway for b in self.g.algorithm]
        if sorted(pathways) != sorted(PATHWAYS):
            self.fail("algorithm", f"must have one branch for each pathway {', '.join(PATHWAYS)}")
        for b in self.g.algorithm:
            for part in ("steps", "follow_up"):
                for j, step in enumerate(getattr(b, part)):
                    self.known(join(f"algorithm[{b.pathway}].{part}", j), step, self.statements, "statement")

    def conclusions(self) -> None:
        """Each template names only slots the engine fills, rests on known items, and writes
        no number that its evidence or an assumption does not state."""
        self.unique([t.id for t in self.g.conclusions], "conclusions", "id")
        stated = [a.text for a in self.g.assumptions]
        spoken: dict[str, str] = {}
        for t in self.g.conclusions:
            path = f"conclusions[{t.id}]"
            for part in ("evidence", "speaks_for"):
                for j, ref in enumerate(getattr(t, part)):
                    self.known(join(f"{path}.{part}", j), ref, self.items, "item")
            for ref in t.speaks_for:
                if ref in spoken:
                    self.fail(f"{path}.speaks_for", f"{ref!r} already has its plain conclusion in conclusions[{spoken[ref]}]")
                spoken.setdefault(ref, t.id)
            slots = slot_names(t.text)
            declared = source_ids.TEMPLATES.get(t.id)
            if declared is None and not t.speaks_for:
                self.fail(path, "the engine draws no such conclusion (source_ids.TEMPLATES) and it speaks for no item")
            elif declared is None and slots:
                self.fail(f"{path}.text", f"a plain conclusion has no slots (got {', '.join(sorted(slots))})")
            elif declared is not None and not slots <= set(declared):
                unknown = ", ".join(sorted(slots - set(declared)))
                self.fail(f"{path}.text", f"names slots the engine does not fill: {unknown} (it fills {', '.join(declared) or 'none'})")
            texts = [*(self.g.item(i).text for i in (*t.evidence, *t.speaks_for) if i in self.items), *stated]
            for value in _numbers(t.text):
                if not any(number_in_text(value, text) for text in texts):
                    self.fail(f"{path}.text", f"{value:g} is stated neither in its evidence nor in an assumption")
            if t.hazard is not None and not re.fullmatch(r"H\d+", t.hazard):
                self.fail(f"{path}.hazard", f"must be a hazard id such as H12 (got {t.hazard!r})")
            self.reviewed(path, t)
        for template_id in source_ids.TEMPLATES:
            if template_id not in {t.id for t in self.g.conclusions}:
                self.fail("conclusions", f"the engine draws {template_id!r} (source_ids.TEMPLATES) but the source has no such template")

    def phrases(self) -> None:
        """Each phrase the engine fills is there, names only its declared slots, and takes every
        number from a slot (the drug's own entry), none of its own."""
        self.unique([p.id for p in self.g.phrases], "phrases", "id")
        present = {p.id for p in self.g.phrases}
        for p in self.g.phrases:
            path = f"phrases[{p.id}]"
            declared = source_ids.PHRASES.get(p.id)
            if declared is None:
                self.fail(path, "the engine fills no such phrase (source_ids.PHRASES)")
                continue
            unknown = slot_names(p.text) - set(declared)
            if unknown:
                self.fail(
                    f"{path}.text", f"names slots the engine does not fill: {', '.join(sorted(unknown))} (it fills {', '.join(declared) or 'none'})"
                )
            if _numbers(p.text):
                self.fail(f"{path}.text", "writes a number of its own: a phrase takes its numbers from slots")
        for phrase_id in source_ids.PHRASES:
            if phrase_id not in present:
                self.fail("phrases", f"the engine fills {phrase_id!r} (source_ids.PHRASES) but the source has no such phrase")

    def cases(self) -> None:
        self.unique([c.id for c in self.g.cases], "cases", "id")
        templates = {t.id for t in self.g.conclusions}
        for c in self.g.cases:
            path = f"cases[{c.id}].expected"
            self.known(f"{path}.first", c.expected.first, templates, "conclusion")
            for name, known, what in (
                ("critical", templates, "conclusion"),
                ("conclusions_include", templates, "conclusion"),
                ("conclusions_exclude", templates, "conclusion"),
                ("evidence_include", self.items, "id"),
                ("evidence_exclude", self.items, "id"),
            ):
                for j, ref in enumerate(getattr(c.expected, name)):
                    self.known(join(f"{path}.{name}", j), ref, known, what)

    def engine_ids(self) -> None:
        """The engine reads these by name (source_ids); each must exist with its data keys."""
        # With the ranges the case's inputs declare and the items of the registered considerations.
        required = {**source_ids.REQUIRED, source_ids.INPUT_RANGES: range_keys(), **{c.item: () for c in REGISTERED}}
        for item_id, keys in required.items():
            if item_id not in self.items:
                self.fail(item_id, "the engine needs this item (source_ids.py, or a rule of considerations.py) but the source has none")
                continue
            entry = self.g.item(item_id)
            for key in keys:
                present = getattr(entry, "value", None) is not None if key == source_ids.VALUE else key in getattr(entry, "data", {})
                if not present:
                    self.fail(
                        f"{item_id}.{'value' if key == source_ids.VALUE else 'data.' + key}", "the engine reads this value but the source has none"
                    )


def _numbers(text: str) -> list[float]:
    """The numbers a template writes itself (its slots are filled in later)."""
    return [float(m.replace(",", "")) for m in _NUMBER.findall(literal_text(text))]


def _check_publication(path: str, publication: Publication, problems: list[Problem]) -> None:
    if not (publication.authors and publication.journal and publication.year) and not publication.pmcid:
        problems.append(Problem(path, "a publication needs authors, journal and year (or a PubMed Central id)"))
    if publication.pmid is not None and not publication.pmid.isdigit():
        problems.append(Problem(f"{path}.pmid", f"must be digits (got {publication.pmid!r})"))
    if publication.pmcid is not None and not re.fullmatch(r"PMC\d+", publication.pmcid):
        problems.append(Problem(f"{path}.pmcid", f"must be PMC followed by digits (got {publication.pmcid!r})"))
    if publication.doi is not None and not publication.doi.startswith("10."):
        problems.append(Problem(f"{path}.doi", f"must start with '10.' (got {publication.doi!r})"))


__all__ = ["InvalidData", "Problem", "format_number", "load_guideline", "number_in_text"]

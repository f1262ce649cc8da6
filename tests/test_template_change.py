"""Changing a conclusion template re-sends only the content file and the pages that show it
(issue 19). The engine's wheel and snapshot hold no template (test_site_build.py); here, the
generated pages that change are exactly those that print the template's words."""

from __future__ import annotations

from pathlib import Path

import yaml

from build_scripts.generate_pages import generate
from build_scripts.source_files import DEFAULT_SOURCE

MARK = "Reworded for this test"


def _pages(source: dict, out: Path) -> dict[str, str]:
    path = out / "guideline.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(source, sort_keys=False, allow_unicode=True), encoding="utf-8")
    generate(path, out / "docs", benchmark=None)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((out / "docs").glob("*.md"))}


def test_a_reworded_conclusion_template_changes_only_the_pages_that_print_it(tmp_path):
    source = yaml.safe_load(DEFAULT_SOURCE.read_text(encoding="utf-8"))
    # A template every reader meets: the first conclusion of the first worked case.
    template_id = source["cases"][0]["expected"]["first"]
    before = _pages(source, tmp_path / "before")
    (template,) = [t for t in source["conclusions"] if t["id"] == template_id]
    template["text"] = f"{MARK}: {template['text'][0].lower()}{template['text'][1:]}"
    after = _pages(source, tmp_path / "after")
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed, "the template is printed on no page"
    assert changed == {name for name in after if MARK in after[name]}, "a page changed that does not show the template"

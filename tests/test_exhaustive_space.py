"""The enumerated input space itself: large in whole, and its sample drawn from every part of it."""

from __future__ import annotations

from exhaustive_space import strata, stratified_sample, whole_space


def test_whole_space_is_large(source):
    assert sum(1 for _ in whole_space(source.guideline)) > 40_000


def test_sample_draws_from_every_part_and_every_drug_and_only_from_the_space(source):
    g = source.guideline
    sample = list(stratified_sample(g))
    whole = list(whole_space(g))
    assert 1000 < len(sample) < len(whole) / 10
    assert all(case in whole for case in sample[::50])
    assert {drug.id for drug in g.antithrombotics} == {c["antithrombotic"] for c in sample if "antithrombotic" in c}
    assert len({name for name, _ in strata(g)}) == 3 + len(g.antithrombotics)


def test_sample_is_the_same_on_every_draw(source):
    assert list(stratified_sample(source.guideline)) == list(stratified_sample(source.guideline))

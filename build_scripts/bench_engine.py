"""Benchmark of the decision engine over the enumerated input space (not a test; prints figures).

Baseline in the same run: validating the case alone (parse_case). Reported: cases per second for
validation, for a whole plan, and for a plan serialised to JSON, with ratios to the baseline; and
how long a plan's card is (words of its headlines: at most 90, aim 60) over the worked cases and
the whole space.
Usage: python -m build_scripts.bench_engine [--repeat N]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

from hemangioma_calc.case import parse_case
from hemangioma_calc.packaged import packaged_source
from hemangioma_calc.plan import evaluate, plan_json
from tests.exhaustive_space import whole_space


def rate(cases: list[dict[str, Any]], work: Callable[[dict[str, Any]], object], repeat: int) -> list[float]:
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        for case in cases:
            work(case)
        rates.append(len(cases) / (time.perf_counter() - start))
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source = packaged_source()
    cases = list(whole_space())
    rows = [
        ("validate case only (baseline)", lambda c: parse_case(c, source.guideline)),
        ("evaluate plan", lambda c: evaluate(c, source)),
        ("evaluate + JSON", lambda c: plan_json(evaluate(c, source))),
    ]
    print(f"engine benchmark: {len(cases)} cases, {args.repeat} runs each; Python {platform.python_version()} on {platform.machine()}")
    print(f"{'measure':32} {'median cases/s':>15} {'min':>10} {'max':>10} {'time vs baseline':>17}")
    baseline = None
    for name, work in rows:
        rates = rate(cases, work, args.repeat)
        median = statistics.median(rates)
        baseline = baseline or median
        print(f"{name:32} {median:15,.0f} {min(rates):10,.0f} {max(rates):10,.0f} {baseline / median:16.2f}x")
    print(f"{'card words':32} {'median':>15} {'max':>10} {'conclusions (median/max)':>28}")
    for name, plans in (
        ("worked cases", [evaluate(dict(c.case), source) for c in source.guideline.cases]),
        ("whole space", [evaluate(c, source) for c in cases]),
    ):
        words = [card_words(p) for p in plans]
        counts = [len(p["conclusions"]) for p in plans]
        print(f"{name:32} {statistics.median(words):15g} {max(words):10} {statistics.median(counts):>18g} / {max(counts)}")


def card_words(plan: dict[str, Any]) -> int:
    return sum(len(c["headline"].split()) for c in plan["card"])


if __name__ == "__main__":
    main()

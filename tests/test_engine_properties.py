"""Property-based tests: numeric fields over their whole range, arbitrary malformed input, and case
text read in time linear in its length whatever its strings hold."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans import drawn, resting_on, said_of

from hemangioma_calc.case import field_range, parse_case
from hemangioma_calc.case_input import CASE, JsonTextError, parse_json_text
from hemangioma_calc.cli import main
from hemangioma_calc.packaged import packaged_source
from hemangioma_calc.plan import evaluate
from hemangioma_calc.typed_data import InvalidData

G = packaged_source().guideline
AGE = field_range(G, "age")
INR = field_range(G, "inr")
CRCL = field_range(G, "creatinine_clearance")
DOSE = field_range(G, "planned_radiation_dose_cgy")
BASE = {"age": 50, "sex": "female", "level": "T7", "pain": "refractory", "neurological_deficit": True}
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

finite = st.floats(allow_nan=False, allow_infinity=False)


@SETTINGS
@given(age=st.integers(int(AGE[0]), int(AGE[1])))
def test_any_adult_age_gives_a_plan(age):
    assert evaluate({**BASE, "age": age})["pathway"] == "surgery"


@SETTINGS
@given(age=st.integers().filter(lambda a: not AGE[0] <= a <= AGE[1]))
def test_age_outside_range_names_age(age):
    try:
        parse_case({**BASE, "age": age}, G)
    except InvalidData as error:
        assert [p.path for p in error.problems] == ["age"]
    else:
        raise AssertionError("accepted")


@SETTINGS
@given(inr=st.floats(INR[0], INR[1]), anesthesia=st.sampled_from(["general", "neuraxial", "undecided"]))
def test_warfarin_inr_is_judged_against_both_thresholds(inr, anesthesia):
    """Urgent spine surgery (BASE has a deficit): the spinal threshold counts only when a neuraxial
    block is entered, since open surgery is taken to be under general anaesthesia. A breach is a
    critical conclusion resting on the article's INR rule; reversal is said only when it is needed."""
    limits = G.item("anticoag-warfarin-inr").data
    plan = evaluate({**BASE, "antithrombotic": "warfarin", "inr": inr, "anesthesia": anesthesia})
    on_rule = resting_on(plan, "anticoag-warfarin-inr")
    flagged = any(c["severity"] == "critical" for c in on_rule)
    breach = inr >= limits["inr_surgery_below"] or (anesthesia == "neuraxial" and inr >= limits["inr_neuraxial_below"])
    assert flagged == breach
    assert ("reverse before surgery" in said_of(plan, "anticoag-warfarin-inr")) == (inr >= limits["inr_surgery_below"])


HOURS = field_range(G, "hours_since_last_dose")


@SETTINGS
@given(hours=st.floats(HOURS[0], HOURS[1]), crcl=st.floats(30, CRCL[1]))
def test_urgent_apixaban_is_flagged_exactly_when_the_last_dose_is_within_the_pause_interval(hours, crcl):
    plan = evaluate({**BASE, "antithrombotic": "apixaban", "creatinine_clearance": crcl, "hours_since_last_dose": hours, "anesthesia": "general"})
    needed = G.drug("apixaban").planned.last_dose_days_before * 24
    flagged = [c for c in plan["conclusions"] if c["id"] == "last-dose-short" and c["severity"] == "critical"]
    assert bool(flagged) == (hours < needed)
    assert ("last-dose-enough" in drawn(plan)) == (hours >= needed)


@SETTINGS
@given(crcl=st.floats(CRCL[0], CRCL[1]))
def test_dabigatran_interval_follows_the_creatinine_clearance_band(crcl):
    plan = evaluate({**BASE, "neurological_deficit": False, "antithrombotic": "dabigatran", "creatinine_clearance": crcl, "anesthesia": "general"})
    headline = said_of(plan, "anticoag-dabigatran-planned")
    assert ("2 days without the drug" in headline) == (crcl >= 50)


@SETTINGS
@given(dose=st.integers(int(DOSE[0]), int(DOSE[1])))
def test_planned_dose_is_flagged_exactly_when_inadequate(dose):
    plan = evaluate({**BASE, "planned_radiation_dose_cgy": dose})
    inadequate = G.item("pitfall-low-dose").data["dose_max_cgy"]
    low = G.item("pain-radiation").data["dose_min_cgy"]
    flagged = [c for c in resting_on(plan, "pitfall-low-dose") if c["id"] == "radiation-inadequate" and c["severity"] == "critical"]
    assert bool(flagged) == (0 < dose <= inadequate)  # a planned dose of 0 is no radiation
    below = [c for c in plan["conclusions"] if c["id"] == "radiation-below-range" and c["severity"] == "critical"]
    assert bool(below) == (inadequate < dose < low)


@SETTINGS
@given(value=finite.filter(lambda v: not INR[0] <= v <= INR[1]))
def test_implausible_inr_names_inr(value):
    try:
        parse_case({**BASE, "antithrombotic": "warfarin", "inr": value}, G)
    except InvalidData as error:
        assert [p.path for p in error.problems] == ["inr"]
    else:
        raise AssertionError("accepted")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | finite | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=12,
)
field_names = st.sampled_from(
    list(BASE) + ["antithrombotic", "inr", "creatinine_clearance", "aggressive_features", "planned_resection", "surgery_timing", "anesthesia"]
)


def _run(text: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["evaluate", "-"], stdin=io.StringIO(text), stdout=out, stderr=err)
    return code, err.getvalue()


@SETTINGS
@given(doc=json_values)
def test_any_json_gives_a_plan_or_exit_2_never_an_exception(doc):
    code, err = _run(json.dumps(doc))
    assert code in (0, 2)
    if code == 2:
        assert err and all(line.startswith("error: ") for line in err.splitlines())


@SETTINGS
@given(changes=st.dictionaries(field_names, json_values, min_size=1, max_size=4))
def test_corrupted_valid_case_gives_a_plan_or_field_errors(changes):
    code, err = _run(json.dumps({**BASE, **changes}))
    assert code in (0, 2)
    if code == 2:
        assert all(line.startswith("error: ") for line in err.splitlines())


@SETTINGS
@given(text=st.text(max_size=40))
def test_any_text_gives_exit_0_or_2(text):
    assert _run(text)[0] in (0, 2)


# --- the case text is read in time linear in its length, whatever its strings hold --------------
# Pieces that make a string scanner work: escaped quotes and backslashes, bare quotes, lone
# backslashes, brackets and separators, escapes; repeated into long runs and wrapped as a whole case,
# a string value, an unclosed string or a list.
ADVERSARIAL_PIECE = st.sampled_from(['\\"', "\\\\", '"', "\\", "[", "]", "{", "}", ",", ":", "a", " ", "\\u00e9", "\\n"])
ADVERSARIAL_MOTIF = st.lists(ADVERSARIAL_PIECE, min_size=1, max_size=12).map("".join)
WRAPPINGS: list[Callable[[str], str]] = [lambda s: s, lambda s: '"' + s, lambda s: '{"sex": "' + s + '"}', lambda s: "[" + s]


def _cpu_seconds_to_read(text: str) -> float:
    start = time.process_time()
    try:
        parse_json_text(text)
    except JsonTextError:
        pass  # a refusal must be as cheap as a parse
    return time.process_time() - start


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(motif=ADVERSARIAL_MOTIF, wrap=st.sampled_from(WRAPPINGS))
def test_any_case_text_is_read_in_time_linear_in_its_length(motif, wrap):
    def text_of(size: int) -> str:
        return wrap(motif * (size // len(motif)))

    large = text_of(CASE.max_bytes - 20)  # just within the size bound, so every step runs
    small_cost, large_cost = _cpu_seconds_to_read(text_of(len(large) // 10)), _cpu_seconds_to_read(large)
    # Generous CPU bounds, not timings: about 0.05 s per MB here; a quadratic scan took 27 s on 80 kB.
    assert large_cost < 1.0, f"{large_cost:.2f} s of CPU for 1 MB of {motif!r}"
    assert large_cost < 30 * small_cost + 0.1, f"10 times the text cost {large_cost / max(small_cost, 1e-9):.0f} times as much"

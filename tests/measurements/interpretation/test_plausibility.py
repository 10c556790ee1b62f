"""Named plausibility limits: inclusive at both ends, just outside is implausible."""

from __future__ import annotations

import pytest

from measurements.interpretation import plausibility

EDGES = [
    ("systolic", 60, 260), ("diastolic", 30, 160), ("pulse", 30, 220), ("mass", 20, 250),
    ("grip", 0, 100), ("height", 100, 220), ("bmi", 10, 70), ("waist", 40, 200),
    ("body_fat", 3, 70), ("impedance", 100, 1500),
]


@pytest.mark.parametrize(("name", "low", "high"), EDGES)
def test_limits_are_inclusive(name: str, low: float, high: float) -> None:
    assert plausibility.check(name, low) is None
    assert plausibility.check(name, high) is None
    below = plausibility.check(name, low - 0.1)
    above = plausibility.check(name, high + 0.1)
    assert below is not None and below.name == name and below.value == low - 0.1
    assert above is not None and above.limit.high == high
    assert below.message_key == "measure.again"


def test_every_limit_says_why() -> None:
    assert {name for name, _, _ in EDGES} == set(plausibility.LIMITS)
    for limit in plausibility.LIMITS.values():
        assert len(limit.why) > 20
        assert limit.low < limit.high


def test_blood_pressure_needs_systolic_above_diastolic() -> None:
    assert plausibility.check_blood_pressure(120, 80, 70) == ()
    (fault,) = plausibility.check_blood_pressure(90, 90, 70)
    assert fault.name == "pulse_pressure"
    assert [f.name for f in plausibility.check_blood_pressure(50, 20, 250)] == [
        "systolic", "diastolic", "pulse"]


def test_check_all_skips_absent_values() -> None:
    assert plausibility.check_all({"mass": 70.0, "body_fat": None}) == ()


def test_unknown_limit_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        plausibility.check("shoe_size", 42)

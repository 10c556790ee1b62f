"""AWGS 2019 low grip (< 28 kg men, < 18 kg women) at the boundaries, best/mean, relative grip.
Source: shared/reference/health-kiosk-anchors.md §2.4 (https://bibliotheek.ehb.be:2400/topics/en-us/3000319/criteria)."""

from __future__ import annotations

import pytest

from measurements.interpretation import grip
from measurements.interpretation.grip import Hand, Trial
from measurements.norms import NormsCatalog, Sex

AWGS_GRIP = [
    (Sex.MALE, 27.9, "low_grip"),
    (Sex.MALE, 27.99, "low_grip"),
    (Sex.MALE, 28.0, "normal"),
    (Sex.FEMALE, 17.9, "low_grip"),
    (Sex.FEMALE, 18.0, "normal"),
    (Sex.FEMALE, 27.9, "normal"),
    (Sex.MALE, 0.0, "low_grip"),
]


@pytest.mark.parametrize(("sex", "kg", "expected"), AWGS_GRIP)
def test_awgs_low_grip(norms: NormsCatalog, sex: Sex, kg: float, expected: str) -> None:
    result = norms.bands("awgs").classify("grip_max", kg, sex)
    assert result is not None
    assert result.category.code == expected
    assert (result.table.id, result.table.version) == ("awgs", "2019.1")


@pytest.mark.parametrize(("measure", "value", "expected"), [
    ("gait_speed", 0.99, "low_performance"), ("gait_speed", 1.0, "normal"),
    ("chair_stand_5x", 11.9, "normal"), ("chair_stand_5x", 12.0, "low_performance"),
    ("sppb_total", 9, "low_performance"), ("sppb_total", 10, "normal"),
])
def test_awgs_performance_cutoffs(norms: NormsCatalog, measure: str, value: float,
                                  expected: str) -> None:
    result = norms.bands("awgs").classify(measure, value)
    assert result is not None and result.category.code == expected


def test_summary_best_mean_relative() -> None:
    trials = [Trial(Hand.RIGHT, 1, 30.0), Trial(Hand.LEFT, 1, 26.0), Trial(Hand.RIGHT, 2, 31.5),
              Trial(Hand.LEFT, 2, 27.0), Trial(Hand.RIGHT, 3, 29.0), Trial(Hand.LEFT, 3, 25.5)]
    summary = grip.summarize(trials, mass_kg=70.0)
    right, left = summary.hands
    assert (right.hand, right.best_kg, right.mean_kg, right.trials) == (Hand.RIGHT, 31.5, 30.2, 3)
    assert (left.hand, left.best_kg, left.mean_kg) == (Hand.LEFT, 27.0, 26.2)
    assert summary.best_kg == 31.5
    assert summary.relative_pct == 45.0  # 31.5 / 70 x 100


def test_summary_needs_trials() -> None:
    with pytest.raises(ValueError, match="no grip trials"):
        grip.summarize([])


def test_interpret_uses_the_best_of_both_hands(norms: NormsCatalog) -> None:
    summary = grip.summarize([Trial(Hand.RIGHT, 1, 27.0), Trial(Hand.LEFT, 1, 28.0)])
    result = grip.interpret(summary, Sex.MALE, norms.bands("awgs"))
    assert result.awgs is not None and result.awgs.category.code == "normal"
    assert result.as_json()["table_id"] == "awgs"
    unknown = grip.interpret(summary, None, norms.bands("awgs"))
    assert unknown.awgs is None
    assert "참고" in unknown.explanation.ko

import numpy as np
import pytest

from measurements.pose.features import (
    angle_deg,
    fill_gaps,
    hysteresis_cycles,
    mid,
    smooth,
    value_at,
)


def test_angle_of_a_right_angle_and_a_straight_line():
    v = np.array([[0.0, 0.0]])
    assert angle_deg(np.array([[1.0, 0.0]]), v, np.array([[0.0, 1.0]]))[0] == pytest.approx(90)
    assert angle_deg(np.array([[1.0, 0.0]]), v, np.array([[-2.0, 0.0]]))[0] == pytest.approx(180)
    assert np.isnan(angle_deg(np.array([[np.nan, 0.0]]), v, np.array([[0.0, 1.0]]))[0])


def test_mid_uses_the_visible_side_when_one_is_missing():
    a = np.array([[0.0, 0.0], [np.nan, np.nan], [np.nan, np.nan]])
    b = np.array([[2.0, 2.0], [4.0, 4.0], [np.nan, np.nan]])
    m = mid(a, b)
    assert m[0].tolist() == [1.0, 1.0]
    assert m[1].tolist() == [4.0, 4.0]
    assert np.isnan(m[2]).all()


def test_fill_gaps_bridges_short_gaps_only():
    t = np.arange(10) * 0.1
    x = np.arange(10, dtype=float)
    x[2:4] = np.nan  # 0.3 s between finite samples
    x[5:9] = np.nan  # 0.5 s: too long for max_gap 0.4
    out = fill_gaps(t, x, max_gap_s=0.4)
    assert out[2:4].tolist() == pytest.approx([2.0, 3.0])
    assert np.isnan(out[5:9]).all()


def test_smoothing_is_centred():
    t = np.arange(100) / 30.0
    x = t * 2.0
    s = smooth(t, x, 0.2)
    np.testing.assert_allclose(s[10:-10], x[10:-10], atol=1e-9)  # a ramp is unchanged


def test_cycles_interpolate_crossings_and_report_partials():
    t = np.arange(0, 10, 0.1)
    x = np.zeros_like(t)
    x[(t >= 1) & (t < 2)] = 1.0  # full
    x[(t >= 4) & (t < 5)] = 0.6  # partial
    x[(t >= 7)] = 1.0  # full, never comes down
    cycles, partials = hysteresis_cycles(t, x, low=0.3, high=0.8, partial=0.5)
    assert len(cycles) == 2
    assert cycles[0].up_s == pytest.approx(1.0 - 0.1 * 0.2)  # 0 -> 1 between 0.9 and 1.0
    assert cycles[0].down_s == pytest.approx(1.9 + 0.1 * 0.7)
    assert cycles[1].down_s is None
    assert len(partials) == 1
    assert partials[0].peak == pytest.approx(0.6)


def test_a_signal_that_starts_high_waits_for_the_first_low():
    t = np.arange(0, 3, 0.1)
    x = np.where(t < 1, 1.0, 0.0)
    x[t >= 2] = 1.0
    cycles, _ = hysteresis_cycles(t, x, low=0.3, high=0.8)
    assert len(cycles) == 1
    assert cycles[0].up_s > 1.9


def test_value_at_interpolates_and_is_nan_outside():
    t = np.array([0.0, 1.0, 2.0])
    x = np.array([0.0, 10.0, np.nan])
    assert value_at(t, x, 0.5) == pytest.approx(5.0)
    assert np.isnan(value_at(t, x, 5.0))

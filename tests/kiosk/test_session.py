import pytest

from kiosk.session import Activity, InactivityPolicy
from measurements.clock import FakeClock


def test_warns_then_expires_and_a_touch_resets() -> None:
    clock = FakeClock()
    policy = InactivityPolicy(clock, timeout_s=120, warning_s=30)
    clock.advance(89)
    assert policy.evaluate(busy=False).activity is Activity.ACTIVE
    clock.advance(1)
    state = policy.evaluate(busy=False)
    assert state.activity is Activity.WARNING and state.seconds_left == pytest.approx(30)
    policy.touch()
    assert policy.evaluate(busy=False).activity is Activity.ACTIVE
    clock.advance(120)
    assert policy.evaluate(busy=False).activity is Activity.EXPIRED


def test_no_timeout_while_a_measurement_runs() -> None:
    clock = FakeClock()
    policy = InactivityPolicy(clock, timeout_s=60, warning_s=20)
    for _ in range(10):
        clock.advance(59)
        assert policy.evaluate(busy=True).activity is Activity.ACTIVE
    # when the measurement ends the person gets the full time again
    clock.advance(39)
    assert policy.evaluate(busy=False).activity is Activity.ACTIVE


def test_warning_must_be_shorter_than_timeout() -> None:
    with pytest.raises(ValueError, match="warning_s"):
        InactivityPolicy(FakeClock(), timeout_s=30, warning_s=30)

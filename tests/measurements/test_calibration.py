from datetime import timedelta

import pytest

from drivers.readings import DeviceIdentity, LinkKind
from measurements import calibration, store
from measurements.calibration import CheckPoint
from measurements.clock import FakeClock
from measurements.database import open_database

SCALE = calibration.DEFAULT_TOLERANCES["scale"]
BP = calibration.DEFAULT_TOLERANCES["blood_pressure"]


@pytest.mark.parametrize(
    ("reference", "measured", "passes"),
    [(20.0, 20.1, True), (20.0, 20.11, False), (150.0, 150.15, True), (150.0, 150.16, False)],
)
def test_scale_points_against_tolerance(reference: float, measured: float, passes: bool) -> None:
    assert calibration.evaluate([CheckPoint(reference, measured)], SCALE).passed is passes


def test_every_point_must_pass() -> None:
    result = calibration.evaluate([CheckPoint(0, 0), CheckPoint(100, 100), CheckPoint(200, 203.5)],
                                  BP)
    assert not result.passed
    assert [ok for _, _, ok in result.points] == [True, True, False]


def test_no_points_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one"):
        calibration.evaluate([], SCALE)


def test_lockout_follows_the_newest_check_and_its_due_date() -> None:
    db = open_database(None)
    clock = FakeClock()
    device = store.record_device(
        db, DeviceIdentity("BC-418", "Tanita", "/dev/ttyUSB0", LinkKind.SERIAL, "T123"),
        "scale", now=clock.now())
    assert calibration.status(db, device, now=clock.now()).reason == "never_calibrated"
    bad = calibration.evaluate([CheckPoint(20, 20.4)], SCALE)
    calibration.record(db, device_id=device, technician_id="T-07", result=bad,
                       reference_serials=["W20-001"], now=clock.now(), interval_days=90)
    assert calibration.status(db, device, now=clock.now()).reason == "calibration_failed"
    clock.advance(60)
    good = calibration.evaluate([CheckPoint(20, 20.05), CheckPoint(50, 50.0)], SCALE)
    cal_id = calibration.record(db, device_id=device, technician_id="T-07", result=good,
                                reference_serials=["W20-001", "W50-002"], now=clock.now(),
                                interval_days=90)
    status = calibration.status(db, device, now=clock.now())
    assert not status.locked
    assert store.current_calibration_id(db, device) == cal_id
    clock.advance(timedelta(days=90).total_seconds())
    assert calibration.status(db, device, now=clock.now()).reason == "calibration_overdue"
    audit = db.execute("SELECT action, actor_id FROM audit_log WHERE action = 'calibration'")
    assert audit.fetchall() == [("calibration", "T-07")] * 2

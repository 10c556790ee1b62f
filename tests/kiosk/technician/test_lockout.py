"""Issue #7 acceptance: an overdue device is locked out for visitors (menu button disabled,
"점검 중인 기기예요") and unlocked by a passing calibration done through the technician
screens; a failing one keeps it locked.  Simulated devices start with a seeded calibration."""

from datetime import timedelta

from kiosk import lockout
from measurements import calibration
from tests.kiosk.staff.helpers import create_accounts, sign_in

YEAR_AND_A_DAY_S = (calibration.DEFAULT_INTERVAL_DAYS["blood_pressure"] + 1) * 86400


def _bp_button(station):
    menu = station.window.screens["menu"]
    menu.retranslate()
    return menu.buttons["blood_pressure"]


def _calibrate_bp(station, driver, points: list[tuple[str, str]]) -> None:
    driver.click("calibrate-blood_pressure")
    screen = station.window.screens["tech-calibration"]
    assert station.window.current is screen
    assert not station.window.next.isEnabled()  # no serial, no points yet
    screen.serials.setFocus()
    from PySide6.QtTest import QTest

    QTest.keyClicks(screen.serials, "MANO-2231, CERT-77")
    for reference, reading in points:
        driver.click("field-reference")
        driver.type_digits(reference)
        driver.click("field-reading")
        driver.type_digits(reading)
        driver.click("add-point")
    driver.shot("calibration-points")
    driver.click("next")
    assert station.window.current.screen_id == "tech-calibration-log"


def test_simulated_devices_start_with_a_seeded_audited_calibration(station) -> None:
    db = station.ctx.db
    seeded = db.execute("SELECT subject FROM audit_log WHERE action ="
                        " 'calibration_seeded_for_simulator'").fetchall()
    assert {s for (s,) in seeded} == {lockout.device_id(d) for d in station.ctx.config.devices}
    assert station.ctx.devices.unavailable_reason("blood_pressure") is None
    # a second start seeds nothing new
    assert lockout.seed_simulated_calibrations(db, station.ctx.config,
                                               now=station.ctx.clock.now()) == []


def test_overdue_device_is_locked_then_unlocked_by_a_passing_calibration(station, driver
                                                                        ) -> None:
    create_accounts(station)
    station.ctx.clock.advance(YEAR_AND_A_DAY_S)
    assert station.ctx.devices.unavailable_reason("blood_pressure") == "calibration_overdue"

    driver.sign_in_as_visitor()
    button = _bp_button(station)
    assert not button.isEnabled()
    assert "점검 중인 기기예요" in button.text()
    station.window.go("goodbye")
    driver.click("next")

    sign_in(station, driver, "2001")
    assert station.window.current.screen_id == "tech-devices"
    status = station.window.screens["tech-devices"].findChild(object, "status-blood_pressure")
    assert "교정 기한 지남" in status.text()
    _calibrate_bp(station, driver, [("100", "101"), ("200", "198")])  # within ±3 mmHg
    log = station.window.screens["tech-calibration-log"]
    assert "통과" in log.result.text()
    assert "MANO-2231" in log.text.toPlainText()

    assert station.ctx.devices.unavailable_reason("blood_pressure") is None
    row = station.ctx.db.execute(
        "SELECT technician_id, reference_serials, result, due_at FROM calibrations"
        " WHERE device_id = ? ORDER BY performed_at DESC LIMIT 1",
        [lockout.device_id(station.ctx.config.device("blood_pressure"))]).fetchone()
    assert row[0] == "2001" and row[2] == "pass"
    assert '"MANO-2231"' in row[1] and '"CERT-77"' in row[1]
    assert row[3] > (station.ctx.clock.now() + timedelta(days=364)).isoformat()
    audit = station.ctx.db.execute("SELECT actor_id FROM audit_log WHERE action ="
                                   " 'calibration' AND actor_id = '2001'").fetchall()
    assert audit == [("2001",)]

    driver.click("next")  # log -> devices
    driver.click("sign-out")
    driver.sign_in_as_visitor()
    button = _bp_button(station)
    assert button.isEnabled() and "점검" not in button.text()


def test_a_failing_calibration_locks_the_device(station, driver) -> None:
    create_accounts(station)
    sign_in(station, driver, "2001")
    _calibrate_bp(station, driver, [("100", "105")])  # 5 mmHg off: IEC 80601-2-30 fails it
    assert "불합격" in station.window.screens["tech-calibration-log"].result.text()
    assert station.ctx.devices.unavailable_reason("blood_pressure") == "calibration_failed"
    driver.click("next")  # log -> devices
    driver.click("sign-out")
    driver.sign_in_as_visitor()
    assert not _bp_button(station).isEnabled()


def test_diagnostics_show_raw_frames_as_hex(station, driver) -> None:
    create_accounts(station)
    sign_in(station, driver, "2001")
    driver.click("diagnose-blood_pressure")
    screen = station.window.screens["tech-diagnostics"]
    assert "identity" in screen.output.toPlainText()
    driver.click("diagnose-run")
    driver.wait_for(lambda: not screen.busy, timeout_s=20)
    text = screen.output.toPlainText()
    reading = station.ctx.extras["last_diagnostic_reading"]
    assert f"systolic_mmhg = {reading.systolic_mmhg}" in text
    assert "raw frames: " in text
    for frame in reading.frames:
        assert frame.data.hex(" ") in text

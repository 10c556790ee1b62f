"""Calibration pass/fail bounds and intervals come from the station config (issue 7)."""

from dataclasses import replace

from kiosk import config, lockout
from measurements import calibration

SCALE = config.DeviceConfig("체성분계", "scale", "tanita-bc-418", "/dev/ttyUSB0")
# 20 kg reference read as 20.1 kg: inside the OIML class III default (0.1 kg)
POINT = [calibration.CheckPoint(20.0, 20.1)]


def test_defaults_apply_without_overrides() -> None:
    bound = lockout.tolerance("scale", SCALE)
    assert bound == calibration.DEFAULT_TOLERANCES["scale"]
    assert calibration.evaluate(POINT, bound).passed
    assert lockout.interval_days("scale", SCALE) == calibration.DEFAULT_INTERVAL_DAYS["scale"]


def test_a_stricter_configured_tolerance_fails_the_same_check() -> None:
    strict = replace(SCALE, tolerance_absolute=0.05, tolerance_relative=0.0)
    bound = lockout.tolerance("scale", strict)
    assert (bound.absolute, bound.relative, bound.unit) == (0.05, 0.0, "kg")
    assert "station config" in bound.source
    assert not calibration.evaluate(POINT, bound).passed


def test_only_the_given_bound_is_overridden() -> None:
    bound = lockout.tolerance("scale", replace(SCALE, tolerance_relative=0.01))
    assert bound.absolute == calibration.DEFAULT_TOLERANCES["scale"].absolute
    assert bound.relative == 0.01


def test_configured_interval_sets_the_due_date() -> None:
    assert lockout.interval_days("scale", replace(SCALE, calibration_interval_days=30)) == 30


def test_config_file_carries_the_policy(tmp_path) -> None:
    path = tmp_path / "station.toml"
    path.write_text('[[devices]]\nname = "S"\nkind = "scale"\nmodel = "tanita-bc-418"\n'
                    'address = "sim://tanita-bc-418"\ntolerance_absolute = 0.05\n'
                    'tolerance_relative = 0\ncalibration_interval_days = 30\n', encoding="utf-8")
    device = config.load(path).device("scale")
    assert (device.tolerance_absolute, device.tolerance_relative,
            device.calibration_interval_days) == (0.05, 0.0, 30)

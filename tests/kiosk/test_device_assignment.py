"""kiosk/device_assignment.py: the [[devices]] entry a paired device gets, and the config rewrite."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk import config, device_assignment

NOW = datetime(2026, 11, 29, 14, 30, 5, tzinfo=UTC)
CUFF = "5C:0E:8B:00:65:1B"

BASE = """\
# station 3
[station]
id = "TEST-3"

[[devices]]
name = "체성분계"
kind = "scale"
model = "tanita-bc-418"
address = "/dev/ttyUSB0"  # the Tanita
tolerance_absolute = 0.1

# the cuff comes next
[[devices]]
name = "혈압계 \\"A\\""
kind = "blood_pressure"
model = "and-ua-651ble"
address = "sim://and-ua-651ble"

[voice]
enabled = false
"""


def test_replacing_an_entry_keeps_everything_else() -> None:
    cfg = config.parse(BASE)
    entry = device_assignment.entry_for(cfg, "blood_pressure", "and-ua-651ble", CUFF)
    text = device_assignment.with_entry(BASE, entry)
    new = config.parse(text)
    assert new.device("blood_pressure") == config.DeviceConfig(
        '혈압계 "A"', "blood_pressure", "and-ua-651ble", CUFF)
    assert new.device("scale") == cfg.device("scale")
    assert new.voice_enabled is False and new.station_id == "TEST-3"
    assert "# the cuff comes next" in text and "# station 3" in text
    assert text.count("[[devices]]") == 2


def test_a_kind_not_yet_configured_is_appended_with_its_default_name() -> None:
    cfg = config.parse(BASE)
    entry = device_assignment.entry_for(cfg, "grip", "tindeq-progressor", "C4:AB:4D:0E:1A:01")
    assert entry.name == "악력계"
    new = config.parse(device_assignment.with_entry(BASE, entry))
    assert [d.kind for d in new.devices] == ["scale", "blood_pressure", "grip"]
    assert new.device("grip") == entry


def test_calibration_policy_of_the_configured_device_is_kept() -> None:
    entry = device_assignment.entry_for(config.parse(BASE), "scale", "tanita-sc-240", "/dev/ttyUSB1")
    assert "tolerance_absolute = 0.1" in device_assignment.entry_toml(entry)
    assert config.parse(device_assignment.with_entry(BASE, entry)).device("scale") == entry


def test_a_broken_config_is_refused_not_rewritten() -> None:
    entry = config.DeviceConfig("혈압계", "blood_pressure", "and-ua-651ble", CUFF)
    with pytest.raises(config.ConfigError):
        device_assignment.with_entry("[station\nid = 1", entry)


def test_save_backs_up_then_replaces(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text(BASE, encoding="utf-8")
    os.chmod(path, 0o640)
    assert device_assignment.writable(path)
    entry = config.DeviceConfig("혈압계", "blood_pressure", "and-ua-651ble", CUFF)

    backup = device_assignment.save_entry(path, entry, now=NOW)

    assert backup.name == "station.toml.bak-20261129T143005"
    assert backup.read_text(encoding="utf-8") == BASE
    assert config.load(path).device("blood_pressure") == entry
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["station.toml", backup.name]  # no temp left


def test_a_second_save_in_the_same_second_keeps_the_first_backup(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text(BASE, encoding="utf-8")
    first = device_assignment.save_entry(
        path, config.DeviceConfig("혈압계", "blood_pressure", "and-ua-651ble", CUFF), now=NOW)
    second = device_assignment.save_entry(
        path, config.DeviceConfig("악력계", "grip", "tindeq-progressor", "C4:AB:4D:0E:1A:01"), now=NOW)
    assert second.name == first.name + "-1"
    assert first.read_text(encoding="utf-8") == BASE
    assert config.load(second).device("blood_pressure") is not None
    assert config.load(path).device("grip") is not None and config.load(second).device("grip") is None


def test_no_file_is_not_writable(tmp_path: Path) -> None:
    assert not device_assignment.writable(None)
    assert not device_assignment.writable(tmp_path / "missing.toml")

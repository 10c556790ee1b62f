from pathlib import Path

import pytest

from kiosk import config

GOOD = """
[station]
id = "GJ-DONGGU-01"
language = "en"
idle_timeout_s = 90
idle_warning_s = 30

[platform]
url = "https://fhir.example.kr/r4"
idempotency = "put"

[[devices]]
name = "BP"
kind = "blood_pressure"
model = "and-ua-651ble"
address = "AA:BB:CC:DD:EE:FF"

[[devices]]
name = "Scale"
kind = "scale"
model = "tanita-bc-418"
address = "/dev/ttyUSB0"
"""


def test_missing_file_everywhere_means_simulated_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "DEFAULT_PATHS", (Path("/nonexistent/station.toml"),))
    cfg = config.load()
    assert cfg.source is None
    assert cfg.devices and all(d.simulated for d in cfg.devices)


def test_good_file_parses_into_frozen_values(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text(GOOD, encoding="utf-8")
    cfg = config.load(path)
    assert cfg.station_id == "GJ-DONGGU-01"
    assert cfg.language == "en"
    assert cfg.idle_timeout_s == 90.0
    assert cfg.platform.idempotency == "put"
    assert cfg.device("scale").address == "/dev/ttyUSB0"
    assert not cfg.device("blood_pressure").simulated
    with pytest.raises(AttributeError):
        cfg.station_id = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ('[station]\nid = "x"\nlanguage = "fr"\n', 3, "station.language"),
        ('[station]\nidle_timeout_s = "soon"\n', 2, "station.idle_timeout_s"),
        ('[station]\nidle_warning_s = 5\n', 2, "station.idle_warning_s"),
        ('[station]\ncolour = "red"\n', 2, "station.colour"),
        ('[station]\nlookup_key_hex = "abc"\n', 2, "station.lookup_key_hex"),
        ('[platform]\nidempotency = "both"\n', 2, "platform.idempotency"),
        ('[station]\nid = "x"\n\n[[devices]]\nname = "BP"\nkind = "thermometer"\n'
         'model = "m"\naddress = "sim://m"\n', 4, "devices[0].kind"),
        ('[[devices]]\nname = "BP"\nkind = "grip"\n', 1, "devices[0].model"),
        ('[station\nid = "x"\n', 1, "-"),
        ('[[devices]]\nname = "S"\nkind = "scale"\nmodel = "m"\naddress = "sim://m"\n'
         'tolerance_absolute = -0.1\n', 1, "devices[0].tolerance_absolute"),
        ('[[devices]]\nname = "S"\nkind = "scale"\nmodel = "m"\naddress = "sim://m"\n'
         'calibration_interval_days = 0\n', 1, "devices[0].calibration_interval_days"),
        ('[[devices]]\nname = "S"\nkind = "scale"\nmodel = "m"\naddress = "sim://m"\n'
         'tolerance_pct = 1\n', 1, "devices[0].tolerance_pct"),
    ],
)
def test_malformed_config_names_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str
) -> None:
    path = tmp_path / "station.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(config.ConfigError) as caught:
        config.load(path)
    err = caught.value
    assert (err.path, err.line, err.key) == (path, line, key)
    assert str(path) in str(err) and f"line {line}" in str(err)


def test_explicit_path_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError, match="file not found"):
        config.load(tmp_path / "nope.toml")


def test_non_utf8_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_bytes(b"\xff\xfe[station]")
    with pytest.raises(config.ConfigError, match="cannot read"):
        config.load(path)


def test_the_documented_example_config_is_valid() -> None:
    example = Path(__file__).resolve().parents[2] / "docs" / "station.example.toml"
    cfg = config.load(example)
    assert cfg.station_id == "GJ-DONGGU-LIFELOG-01"
    assert {d.kind for d in cfg.devices} == set(config.DEVICE_KINDS)

"""The ``decode(kind, data)`` registry behind ``lifelog-kiosk decode``."""

from __future__ import annotations

import json

import pytest

from drivers.codecs.decode import (
    KINDS,
    Kind,
    decode,
    decoder_for,
    jsonable,
    known_kinds,
    register,
    resolve_kind,
)
from drivers.codecs.errors import CodecError, UnknownKind

REQUIRED = [
    "2A35",
    "2A36",
    "2A49",
    "2A9D",
    "2A9E",
    "2A9C",
    "2A08",
    "2A2B",
    "2A52",
    "2A19",
    "mi-scale-2",
    "tindeq",
]


def test_required_kinds_are_registered() -> None:
    assert set(REQUIRED) <= set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_example_decodes_to_json(kind: str) -> None:
    result = decode(kind, bytes.fromhex(KINDS[kind].example_hex))
    assert result["kind"] == kind
    assert result["raw_hex"] == bytes.fromhex(KINDS[kind].example_hex).hex(" ").upper()
    json.dumps(result, allow_nan=False)


def test_blood_pressure_keys_carry_units() -> None:
    # Nordic BloodPressureMeasurementDataCallbackTest.java kPa vector (devices-and-protocols.md §2.2)
    kpa = decode("2A35", bytes.fromhex("15 BD F0 0B 00 9F F0 3C 00 12 00"))
    assert kpa["systolic_kpa"] == 18.9 and kpa["diastolic_kpa"] == 11.0 and kpa["unit"] == "kPa"
    assert "systolic_mmhg" not in kpa
    assert kpa["status"]["pulse_rate_range"] == "below_lower_limit"
    failed = decode("2a35", bytes.fromhex("00 FF 07 FF 07 FF 07"))
    assert failed["systolic_mmhg"] == "NaN" and failed["measurement_failed"] is True


def test_weight_and_mi_scale_keys() -> None:
    assert decode("2A9D", bytes.fromhex("00 4C 04"))["mass_kg"] == 5.5
    unsuccessful = decode("2A9D", bytes.fromhex("00 FF FF"))
    assert unsuccessful["mass_kg"] == "unsuccessful" and unsuccessful["unsuccessful"] is True
    mi = decode("mi-scale-2", bytes.fromhex("02 26 B2 07 05 04 0F 02 01 AC 01 86 42"))
    assert mi["mass_kg"] == pytest.approx(85.15) and mi["impedance_ohm"] == 428 and mi["stabilized"] is True


def test_tindeq_samples() -> None:
    result = decode("tindeq", bytes.fromhex(KINDS["tindeq"].example_hex))
    assert result["samples"] == [{"force_kgf": 12.5, "time_us": 1000}]


@pytest.mark.parametrize("spelling", ["2a35", "0x2A35", " 2A35 ", "2A35"])
def test_kind_spellings(spelling: str) -> None:
    assert resolve_kind(spelling) == "2A35"


def test_unknown_kind_lists_known_kinds() -> None:
    with pytest.raises(UnknownKind) as info:
        decode("2A99", b"\x00")
    assert "2A35" in str(info.value) and "mi-scale-2" in str(info.value)
    assert isinstance(info.value, CodecError)
    assert list(info.value.known) == known_kinds()


def test_register_adds_and_refuses_duplicates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("drivers.codecs.decode.KINDS", dict(KINDS))
    from drivers.codecs import decode as module

    register(
        "battery-copy", Kind("Battery again", "drivers.codecs.device_info", "decode_battery_level", "5A")
    )
    assert module.decode("battery-copy", b"\x5a")["level_percent"] == 90
    with pytest.raises(ValueError, match="already registered"):
        register("2A35", KINDS["2A35"])


def test_missing_codec_module_is_a_codec_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        KINDS, "ghost", Kind("not written yet", "drivers.codecs.no_such_codec", "decode", "00")
    )
    with pytest.raises(CodecError, match="not available"):
        decode("ghost", b"\x00")


def test_decoder_for_returns_the_raw_decoder() -> None:
    from drivers.codecs.weight_scale import decode_weight_measurement

    assert decoder_for("2a9d") is decode_weight_measurement


def test_jsonable_generic_walk() -> None:
    from drivers.codecs.tindeq import Command, ControlCommand

    assert jsonable(ControlCommand(Command.TARE_SCALE, b"\x01\xab")) == {
        "command": "tare_scale",
        "payload": "01 AB",
    }

"""Battery Level 0x2A19, DIS strings and System ID 0x2A23."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs.device_info import (
    BatteryLevel,
    SystemId,
    decode_battery_level,
    decode_dis_string,
    decode_system_id,
    encode_battery_level,
    encode_dis_string,
    encode_system_id,
)
from drivers.codecs.errors import CodecError, ReservedValue, TrailingBytes, TruncatedFrame


@pytest.mark.parametrize("percent", [0, 1, 57, 100])
def test_battery_levels(percent: int) -> None:
    assert decode_battery_level(bytes([percent])) == BatteryLevel(percent)
    assert encode_battery_level(BatteryLevel(percent)) == bytes([percent])


def test_battery_reserved_and_length() -> None:
    with pytest.raises(ReservedValue):
        decode_battery_level(b"\x65")  # 101 % is reserved (GSS 0x2A19)
    with pytest.raises(TruncatedFrame):
        decode_battery_level(b"")
    with pytest.raises(TrailingBytes):
        decode_battery_level(b"\x10\x00")


def test_dis_strings() -> None:
    # A&D UA-651BLE model and firmware (devices-and-protocols.md §3.1 / §5.2)
    assert decode_dis_string(b"UA-651BLE") == "UA-651BLE"
    assert decode_dis_string(b"BLP008_d017\x00\x00") == "BLP008_d017"  # NUL padding dropped
    assert decode_dis_string("체중계".encode()) == "체중계"
    with pytest.raises(CodecError):
        decode_dis_string(b"\xff\xfe")


def test_system_id() -> None:
    frame = bytes.fromhex("01 02 03 04 05 5C 2D 00")
    value = decode_system_id(frame)
    assert value == SystemId(0x0504030201, 0x002D5C)
    assert encode_system_id(value) == frame
    with pytest.raises(TruncatedFrame):
        decode_system_id(frame[:7])


@given(st.text().filter(lambda t: not t.endswith("\x00")))
def test_dis_string_round_trip(text: str) -> None:
    assert decode_dis_string(encode_dis_string(text)) == text


@given(st.integers(0, 2**40 - 1), st.integers(0, 2**24 - 1))
def test_system_id_round_trip(manufacturer: int, oui: int) -> None:
    value = SystemId(manufacturer, oui)
    assert decode_system_id(encode_system_id(value)) == value


@given(st.integers(0, 100))
def test_battery_round_trip(percent: int) -> None:
    assert decode_battery_level(encode_battery_level(BatteryLevel(percent))).level_percent == percent

"""Date Time 0x2A08 and Current Time 0x2A2B."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

from drivers.codecs.date_time import (
    CurrentTime,
    DateTime,
    decode_current_time,
    decode_date_time,
    encode_current_time,
    encode_date_time,
)
from drivers.codecs.errors import CodecError, ReservedValue, TruncatedFrame
from tests.drivers.codecs.strategies import current_times, date_times

# A&D timestamp example, obniz src/parts/Ble/UA651BLE/index.ts comment (devices-and-protocols.md §2.2)
AND_EXAMPLE = bytes.fromhex("DD 07 08 1A 09 0A 14")
# Current Time prototype vector, devices-and-protocols.md §2.3 (openScale buildCurrentTimePayload layout)
CTS_VECTOR = bytes.fromhex("EA 07 03 02 0E 05 09 01 00 01")


def test_and_example() -> None:
    value = decode_date_time(AND_EXAMPLE)
    assert value.to_datetime() == dt.datetime(2013, 8, 26, 9, 10, 20)
    assert encode_date_time(value) == AND_EXAMPLE
    assert encode_date_time(DateTime.from_datetime(dt.datetime(2013, 8, 26, 9, 10, 20))) == AND_EXAMPLE


def test_current_time_vector() -> None:
    value = decode_current_time(CTS_VECTOR)
    assert value.date_time.to_datetime() == dt.datetime(2026, 3, 2, 14, 5, 9)
    assert value.day_of_week == 1  # 2026-03-02 is a Monday
    assert value.fractions256 == 0
    assert value.manual_update and not value.time_zone_changed
    assert encode_current_time(value) == CTS_VECTOR
    assert encode_current_time(CurrentTime.from_datetime(dt.datetime(2026, 3, 2, 14, 5, 9), 1)) == CTS_VECTOR


def test_unknown_date_fields() -> None:
    value = decode_date_time(bytes.fromhex("00 00 00 00 0C 00 00"))
    assert not value.is_known and value.to_datetime() is None


@pytest.mark.parametrize(
    "frame",
    [
        "DD 07 0D 1A 09 0A 14",  # month 13
        "DD 07 08 20 09 0A 14",  # day 32
        "DD 07 08 1A 18 0A 14",  # hour 24
        "DD 07 08 1A 09 3C 14",  # minute 60
        "DD 07 08 1A 09 0A 3C",  # second 60
        "01 00 08 1A 09 0A 14",  # year 1 (valid years are 1582..9999)
        "DD 07 02 1E 09 0A 14",  # 30 February
    ],
)
def test_reserved_values_are_refused(frame: str) -> None:
    with pytest.raises(ReservedValue):
        decode_date_time(bytes.fromhex(frame))


def test_current_time_reserved_fields() -> None:
    with pytest.raises(ReservedValue):
        decode_current_time(bytes.fromhex("EA 07 03 02 0E 05 09 08 00 01"))  # day of week 8
    with pytest.raises(ReservedValue):
        decode_current_time(bytes.fromhex("EA 07 03 02 0E 05 09 01 00 10"))  # adjust reason RFU bit


def test_truncated() -> None:
    with pytest.raises(TruncatedFrame):
        decode_current_time(CTS_VECTOR[:-1])


def test_encode_refuses_out_of_range() -> None:
    with pytest.raises(CodecError):
        encode_date_time(DateTime(2026, 1, 1, 25, 0, 0))


@given(date_times())
def test_date_time_round_trip(value: DateTime) -> None:
    frame = encode_date_time(value)
    assert decode_date_time(frame) == value
    assert encode_date_time(decode_date_time(frame)) == frame


@given(current_times)
def test_current_time_round_trip(value: CurrentTime) -> None:
    frame = encode_current_time(value)
    assert decode_current_time(frame) == value

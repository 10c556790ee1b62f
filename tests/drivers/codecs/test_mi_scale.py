"""Xiaomi Mi Scale 1 / Mi Body Composition Scale 2 advertisements."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs.date_time import DateTime
from drivers.codecs.errors import ReservedValue, TrailingBytes, TruncatedFrame
from drivers.codecs.mi_scale import (
    MassUnit,
    MiScale1Advertisement,
    MiScale2Advertisement,
    decode_mi_scale_1,
    decode_mi_scale_2,
    encode_mi_scale_1,
    encode_mi_scale_2,
)
from drivers.codecs.units import KG_PER_LB
from tests.drivers.codecs.strategies import u8, u16

# Bluetooth-Devices/xiaomi-ble tests/test_parser.py test_Xiaomi_Scale2 (devices-and-protocols.md §3.3)
SCALE2 = bytes.fromhex("02 26 B2 07 05 04 0F 02 01 AC 01 86 42")
# Bluetooth-Devices/xiaomi-ble tests/test_parser.py test_Xiaomi_Scale1
SCALE1 = bytes.fromhex("22 9E 43 E5 07 04 0B 10 13 01")


def test_scale2_vector() -> None:
    advert = decode_mi_scale_2(SCALE2)
    assert advert.mass_kg == pytest.approx(85.15)
    assert advert.unit is MassUnit.KG
    assert advert.impedance_ohm == 428
    assert advert.stabilized and advert.impedance_present and not advert.load_removed
    assert advert.timestamp == DateTime(1970, 5, 4, 15, 2, 1)
    assert encode_mi_scale_2(advert) == SCALE2


def test_scale2_load_removed() -> None:
    # devices-and-protocols.md §3.3 "Removed: 02 82 … 00 00 00 00" (clock bytes as in SCALE2)
    advert = decode_mi_scale_2(bytes.fromhex("02 82 B2 07 05 04 0F 02 01 00 00 00 00"))
    assert advert.load_removed and not advert.stabilized
    assert advert.mass_kg == 0


def test_scale2_impedance_absent_and_units() -> None:
    advert = decode_mi_scale_2(bytes.fromhex("03 24 B2 07 05 04 0F 02 01 AC 01 6C 4A"))  # lb, no impedance
    assert advert.impedance_ohm is None
    assert advert.unit is MassUnit.LB
    assert advert.mass_kg == pytest.approx(190.52 * KG_PER_LB)  # 0x4A6C = 19052
    jin = decode_mi_scale_2(bytes.fromhex("02 64 B2 07 05 04 0F 02 01 AC 01 86 42"))
    assert jin.unit is MassUnit.JIN and jin.mass_kg == pytest.approx(170.30 * 0.5)
    with pytest.raises(ReservedValue):
        decode_mi_scale_2(bytes.fromhex("03 64 B2 07 05 04 0F 02 01 AC 01 86 42"))  # lb and jin


def test_scale2_length() -> None:
    with pytest.raises(TruncatedFrame):
        decode_mi_scale_2(SCALE2[:-1])
    with pytest.raises(TrailingBytes):
        decode_mi_scale_2(SCALE2 + b"\x00")


def test_unset_clock_still_delivers_weight() -> None:
    advert = decode_mi_scale_2(bytes.fromhex("02 26 00 00 FF FF FF FF FF AC 01 86 42"))
    assert advert.mass_kg == pytest.approx(85.15)
    assert advert.timestamp.to_datetime() is None


def test_scale1_vector() -> None:
    advert = decode_mi_scale_1(SCALE1)
    assert advert.mass_kg == pytest.approx(86.55)
    assert advert.stabilized and not advert.load_removed
    assert advert.timestamp.to_datetime().isoformat() == "2021-04-11T16:19:01"  # type: ignore[union-attr]
    assert encode_mi_scale_1(advert) == SCALE1


clocks = st.builds(DateTime, u16, u8, u8, u8, u8, u8)


@given(st.integers(0, 0xFFFF).filter(lambda c: not (c & 0x0001 and c & 0x4000)), clocks, u16, u16)
def test_scale2_round_trip(control: int, clock: DateTime, impedance: int, weight: int) -> None:
    advert = MiScale2Advertisement(control, clock, impedance, weight)
    frame = encode_mi_scale_2(advert)
    assert decode_mi_scale_2(frame) == advert
    assert encode_mi_scale_2(decode_mi_scale_2(frame)) == frame


@given(u8.filter(lambda c: not (c & 0x01 and c & 0x10)), u16, clocks)
def test_scale1_round_trip(control: int, weight: int, clock: DateTime) -> None:
    advert = MiScale1Advertisement(control, weight, clock)
    assert decode_mi_scale_1(encode_mi_scale_1(advert)) == advert

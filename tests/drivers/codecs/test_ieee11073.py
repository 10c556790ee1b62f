"""IEEE 11073-20601 SFLOAT/FLOAT: cited vectors, specials, exhaustive and property round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs.errors import CodecError
from drivers.codecs.ieee11073 import (
    MedNumber,
    Special,
    decode_float,
    decode_sfloat,
    encode_float,
    encode_sfloat,
    medfloat_json,
    sfloat_from_value,
)
from tests.drivers.codecs.strategies import float_numbers, sfloat_numbers


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        # Nordic Android-BLE-Common-Library BloodPressureMeasurementDataCallbackTest.java
        # (devices-and-protocols.md §2.1): 8A 00 -> 138, BD F0 -> 18.9
        (0x008A, 138.0),
        (0xF0BD, 18.9),
        # obniz src/parts/Ble/UA651BLE/index.ts comment quoting A&D's doc: 128 mmHg, 17.6 kPa
        (0x0080, 128.0),
        (0xF0B0, 17.6),
    ],
)
def test_sfloat_cited_vectors(raw: int, value: float) -> None:
    decoded = decode_sfloat(raw)
    assert isinstance(decoded, MedNumber)
    assert decoded.value == value
    assert encode_sfloat(decoded) == raw


@pytest.mark.parametrize(
    ("raw", "special"),
    # GSS Table 2.1 / devices-and-protocols.md §2.1
    [
        (0x07FF, Special.NAN),
        (0x0800, Special.NRES),
        (0x07FE, Special.POSITIVE_INFINITY),
        (0x0802, Special.NEGATIVE_INFINITY),
        (0x0801, Special.RESERVED),
    ],
)
def test_sfloat_specials_are_not_numbers(raw: int, special: Special) -> None:
    decoded = decode_sfloat(raw)
    assert decoded is special
    assert not isinstance(decoded, MedNumber)
    assert encode_sfloat(special) == raw
    assert medfloat_json(decoded) == special.value


@pytest.mark.parametrize(
    ("raw", "special"),
    [
        (0x007FFFFF, Special.NAN),
        (0x00800000, Special.NRES),
        (0x007FFFFE, Special.POSITIVE_INFINITY),
        (0x00800002, Special.NEGATIVE_INFINITY),
        (0x00800001, Special.RESERVED),
    ],
)
def test_float_specials(raw: int, special: Special) -> None:
    assert decode_float(raw) is special
    assert encode_float(special) == raw


def test_special_mantissa_with_nonzero_exponent_is_a_number() -> None:
    # Specials are defined with exponent 0 only (IEEE 11073-20601 §F.8, wireshark checks exponent 0)
    number = decode_sfloat(0x17FF)
    assert number == MedNumber(2047, 1)
    assert isinstance(number, MedNumber) and number.value == 20470.0


def test_negative_mantissa_and_exponent() -> None:
    assert decode_sfloat(0xFFFF) == MedNumber(-1, -1)
    assert decode_float(0xFF000001) == MedNumber(1, -1)
    assert decode_float(0x00FFFFFF) == MedNumber(-1, 0)


def test_every_sfloat_code_round_trips() -> None:
    # exhaustive: 65536 codes, each decodes and re-encodes to itself
    for raw in range(0x10000):
        assert encode_sfloat(decode_sfloat(raw)) == raw


@given(st.integers(0, 0xFFFFFFFF))
def test_float_code_round_trips(raw: int) -> None:
    assert encode_float(decode_float(raw)) == raw


@given(sfloat_numbers)
def test_sfloat_number_round_trips(number: MedNumber) -> None:
    assert decode_sfloat(encode_sfloat(number)) == number


@given(float_numbers)
def test_float_number_round_trips(number: MedNumber) -> None:
    assert decode_float(encode_float(number)) == number


@pytest.mark.parametrize(
    "number",
    [
        MedNumber(2048, 0),
        MedNumber(-2049, 0),
        MedNumber(1, 8),
        MedNumber(1, -9),
        MedNumber(2047, 0),
        MedNumber(-2048, 0),
    ],
)
def test_unencodable_sfloats_are_refused(number: MedNumber) -> None:
    with pytest.raises(CodecError):
        encode_sfloat(number)


@pytest.mark.parametrize("raw", [-1, 0x10000])
def test_sfloat_raw_out_of_range(raw: int) -> None:
    with pytest.raises(CodecError):
        decode_sfloat(raw)


def test_sfloat_from_value() -> None:
    assert sfloat_from_value(120.0, 0) == MedNumber(120, 0)
    assert sfloat_from_value(18.9, 1) == MedNumber(189, -1)
    assert sfloat_from_value(12000.0, 0) == MedNumber(1200, 1)  # folded into the exponent
    with pytest.raises(CodecError):
        sfloat_from_value(float("nan"), 1)
    with pytest.raises(CodecError):
        sfloat_from_value(123.45, 2)  # 12345 needs more than 12 bits

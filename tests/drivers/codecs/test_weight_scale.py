"""Weight Measurement 0x2A9D and Weight Scale Feature 0x2A9E."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs.date_time import DateTime
from drivers.codecs.errors import CodecError, ReservedValue, TruncatedFrame
from drivers.codecs.units import KG_PER_LB, UNSUCCESSFUL, UnitSystem
from drivers.codecs.weight_scale import (
    WeightMeasurement,
    WeightScaleFeature,
    decode_weight_measurement,
    decode_weight_scale_feature,
    encode_weight_measurement,
    encode_weight_scale_feature,
    height_from_raw,
    mass_from_raw,
)
from tests.drivers.codecs.strategies import date_times, u8

# Public Q&A quoting GSS §3.27.2.7: 00 4C 04 -> 1100 × 0.005 = 5.5 kg
# https://coderapp.vercel.app/answer/68571845 (devices-and-protocols.md §2.4)
QA_VECTOR = bytes.fromhex("00 4C 04")


def test_cited_vector() -> None:
    record = decode_weight_measurement(QA_VECTOR)
    assert record.unit_system is UnitSystem.SI
    assert record.mass_kg == 5.5
    assert not record.unsuccessful
    assert encode_weight_measurement(record) == QA_VECTOR


def test_unsuccessful_is_explicit() -> None:
    # GSS 0x2A9D: weight 0xFFFF = "Measurement Unsuccessful" -- not 327.675 kg
    for flags in ("00", "01"):
        record = decode_weight_measurement(bytes.fromhex(f"{flags} FF FF"))
        assert record.mass_kg is UNSUCCESSFUL and record.unsuccessful
        assert encode_weight_measurement(record) == bytes.fromhex(f"{flags} FF FF")


def test_largest_real_weight() -> None:
    record = decode_weight_measurement(bytes.fromhex("00 FE FF"))
    assert record.mass_kg == pytest.approx(327.67)


def test_imperial_full_record() -> None:
    # constructed from the GSS layout: flags 0x0F, 154.32 lb, 2026-03-02 14:05:09, user 3,
    # BMI 24.5, height 68.5 in
    frame = bytes.fromhex("0F 48 3C EA 07 03 02 0E 05 09 03 F5 00 AD 02")
    record = decode_weight_measurement(frame)
    assert record.unit_system is UnitSystem.IMPERIAL
    assert record.mass_kg == pytest.approx(154.32 * KG_PER_LB)
    assert record.timestamp == DateTime(2026, 3, 2, 14, 5, 9)
    assert record.user_id == 3
    assert record.bmi_kg_m2 == pytest.approx(24.5)
    assert record.height_m == pytest.approx(68.5 * 0.0254)
    assert encode_weight_measurement(record) == frame


def test_rfu_flags_and_truncation() -> None:
    with pytest.raises(ReservedValue):
        decode_weight_measurement(bytes.fromhex("10 4C 04"))
    with pytest.raises(TruncatedFrame):
        decode_weight_measurement(bytes.fromhex("08 4C 04 F5 00"))  # BMI without height


def test_encode_rejects_half_bmi_and_out_of_range() -> None:
    with pytest.raises(CodecError):
        encode_weight_measurement(WeightMeasurement(UnitSystem.SI, 70.0, bmi_kg_m2=24.0))
    with pytest.raises(CodecError):
        encode_weight_measurement(WeightMeasurement(UnitSystem.SI, 400.0))
    with pytest.raises(CodecError):
        encode_weight_measurement(WeightMeasurement(UnitSystem.SI, float("nan")))


def test_feature_bits() -> None:
    # bit0 time stamp, bit1 multiple users, bit2 BMI, bits3-6 weight res 7 (0.005 kg), bits7-9 height res 3
    feature = decode_weight_scale_feature((0x07 | 7 << 3 | 3 << 7).to_bytes(4, "little"))
    assert feature.time_stamp_supported and feature.multiple_users_supported and feature.bmi_supported
    assert feature.weight_resolution_kg == 0.005
    assert feature.height_resolution_m == 0.001
    plain = decode_weight_scale_feature(bytes(4))
    assert plain.weight_resolution_kg is None and plain.height_resolution_m is None
    assert decode_weight_scale_feature((4 << 3).to_bytes(4, "little")).weight_resolution_kg == 0.05
    assert encode_weight_scale_feature(feature) == (0x07 | 7 << 3 | 3 << 7).to_bytes(4, "little")


@st.composite
def weight_records(draw: st.DrawFn) -> WeightMeasurement:
    system = draw(st.sampled_from(list(UnitSystem)))
    mass = draw(st.just(UNSUCCESSFUL) | st.integers(0, 0xFFFE).map(lambda raw: mass_from_raw(raw, system)))
    bmi_height = draw(st.booleans())
    return WeightMeasurement(
        system,
        mass,
        draw(st.none() | date_times()),
        draw(st.none() | u8),
        draw(st.integers(0, 0xFFFF)) * 0.1 if bmi_height else None,
        height_from_raw(draw(st.integers(0, 0xFFFF)), system) if bmi_height else None,
    )


@given(weight_records())
def test_round_trip(record: WeightMeasurement) -> None:
    frame = encode_weight_measurement(record)
    assert decode_weight_measurement(frame) == record
    assert encode_weight_measurement(decode_weight_measurement(frame)) == frame


@given(st.integers(0, 0xFFFFFFFF))
def test_feature_round_trip(raw: int) -> None:
    assert decode_weight_scale_feature(encode_weight_scale_feature(WeightScaleFeature(raw))).raw == raw

"""Blood Pressure Measurement 0x2A35 / ICP 0x2A36 / BP Feature 0x2A49."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs.blood_pressure import (
    BloodPressureFeature,
    BloodPressureMeasurement,
    MeasurementStatus,
    PressureUnit,
    PulseRateRange,
    decode_blood_pressure_feature,
    decode_blood_pressure_measurement,
    decode_intermediate_cuff_pressure,
    encode_blood_pressure_feature,
    encode_blood_pressure_measurement,
)
from drivers.codecs.date_time import DateTime
from drivers.codecs.errors import ReservedValue, TrailingBytes, TruncatedFrame
from drivers.codecs.ieee11073 import MedNumber, Special
from drivers.codecs.units import MMHG_PER_KPA
from tests.drivers.codecs.strategies import date_times, sfloats, u8, u16

# NordicSemiconductor/Android-BLE-Common-Library, ble-common/src/test/java/no/nordicsemi/android/
# ble/common/callback/bps/BloodPressureMeasurementDataCallbackTest.java (devices-and-protocols.md §2.2)
NORDIC_FULL = bytes.fromhex("1E 8A 00 58 00 78 00 00 00 04 11 14 29 3B 3C 00 01 27 00")
NORDIC_KPA = bytes.fromhex("15 BD F0 0B 00 9F F0 3C 00 12 00")
NORDIC_MINIMAL = bytes.fromhex("00 BD F0 0B 00 9F F0")


def test_nordic_full_vector() -> None:
    record = decode_blood_pressure_measurement(NORDIC_FULL)
    assert record.unit is PressureUnit.MMHG
    assert (record.systolic_mmhg, record.diastolic_mmhg, record.mean_arterial_pressure_mmhg) == (138, 88, 120)
    assert record.timestamp == DateTime(0, 4, 17, 20, 41, 59)  # year 0 = not known
    assert record.timestamp.to_datetime() is None
    assert record.pulse_rate_bpm == MedNumber(60, 0)
    assert record.user_id == 1
    assert record.status == MeasurementStatus(0x0027)
    assert record.status.body_movement and record.status.cuff_too_loose and record.status.irregular_pulse
    assert record.status.pulse_rate_range is PulseRateRange.WITHIN
    assert record.status.improper_position
    assert not record.measurement_failed
    assert encode_blood_pressure_measurement(record) == NORDIC_FULL


def test_nordic_kpa_vector() -> None:
    record = decode_blood_pressure_measurement(NORDIC_KPA)
    assert record.unit is PressureUnit.KPA
    assert (record.systolic, record.diastolic, record.mean_arterial_pressure) == (
        MedNumber(189, -1),
        MedNumber(11, 0),
        MedNumber(159, -1),
    )
    assert record.systolic_mmhg == pytest.approx(18.9 * MMHG_PER_KPA)
    assert record.systolic_mmhg == pytest.approx(141.76, abs=0.01)  # 18.9 kPa in mmHg
    assert record.timestamp is None and record.user_id is None
    assert record.pulse_rate_bpm == MedNumber(60, 0)
    assert record.status is not None
    assert record.status.cuff_too_loose and not record.status.body_movement
    assert record.status.pulse_rate_range is PulseRateRange.BELOW_LOWER_LIMIT
    assert encode_blood_pressure_measurement(record) == NORDIC_KPA


def test_nordic_minimal_vector_is_a_framing_test() -> None:
    # flags 0 = mmHg; the vector reuses kPa-scaled numbers, so 18.9/11/15.9 labelled mmHg (§2.2)
    record = decode_blood_pressure_measurement(NORDIC_MINIMAL)
    assert record.unit is PressureUnit.MMHG
    assert (record.systolic_mmhg, record.diastolic_mmhg, record.mean_arterial_pressure_mmhg) == (
        18.9,
        11,
        15.9,
    )
    assert record.pulse_rate_bpm is None and record.status is None
    assert encode_blood_pressure_measurement(record) == NORDIC_MINIMAL


@pytest.mark.parametrize(("code", "special"), [("FF 07", Special.NAN), ("00 08", Special.NRES)])
def test_failed_measurement_is_explicit(code: str, special: Special) -> None:
    # devices-and-protocols.md §2.1: a failed cuff sends NaN/NRes -- never "2047 mmHg"
    frame = bytes.fromhex(f"00 {code} {code} {code}")
    record = decode_blood_pressure_measurement(frame)
    assert record.measurement_failed
    assert record.systolic is special and record.systolic_mmhg is special
    assert encode_blood_pressure_measurement(record) == frame


def test_nan_pulse_only_flags_pulse() -> None:
    record = decode_blood_pressure_measurement(bytes.fromhex("04 8A 00 58 00 78 00 FF 07"))
    assert not record.measurement_failed
    assert record.pulse_rate_failed


def test_rfu_flags_are_refused() -> None:
    with pytest.raises(ReservedValue):
        decode_blood_pressure_measurement(bytes.fromhex("20 8A 00 58 00 78 00"))


@pytest.mark.parametrize("cut", range(len(NORDIC_FULL)))
def test_every_truncation_is_a_codec_error(cut: int) -> None:
    with pytest.raises(TruncatedFrame):
        decode_blood_pressure_measurement(NORDIC_FULL[:cut])


def test_trailing_bytes_are_refused() -> None:
    with pytest.raises(TrailingBytes):
        decode_blood_pressure_measurement(NORDIC_MINIMAL + b"\x00")


def test_intermediate_cuff_pressure() -> None:
    # BPS 1.0 §3.2: same layout; current pressure in the systolic field, the others NaN
    record = decode_intermediate_cuff_pressure(bytes.fromhex("00 78 00 FF 07 FF 07"))
    assert record.systolic_mmhg == 120
    assert record.diastolic is Special.NAN


def test_feature() -> None:
    feature = decode_blood_pressure_feature(bytes.fromhex("3F 00"))
    assert feature.body_movement_detection and feature.cuff_fit_detection and feature.multiple_bond
    assert feature.irregular_pulse_detection and feature.pulse_rate_range_detection
    assert feature.measurement_position_detection
    assert not decode_blood_pressure_feature(b"\x00\x00").cuff_fit_detection
    assert encode_blood_pressure_feature(feature) == b"\x3f\x00"
    with pytest.raises(TrailingBytes):
        decode_blood_pressure_feature(b"\x3f\x00\x00")


records = st.builds(
    BloodPressureMeasurement,
    st.sampled_from(list(PressureUnit)),
    sfloats,
    sfloats,
    sfloats,
    st.none() | date_times(),
    st.none() | sfloats,
    st.none() | u8,
    st.none() | st.builds(MeasurementStatus, u16),
)


@given(records)
def test_record_round_trip(record: BloodPressureMeasurement) -> None:
    frame = encode_blood_pressure_measurement(record)
    assert decode_blood_pressure_measurement(frame) == record
    assert encode_blood_pressure_measurement(decode_blood_pressure_measurement(frame)) == frame


@given(u16)
def test_feature_round_trip(raw: int) -> None:
    feature = BloodPressureFeature(raw)
    assert decode_blood_pressure_feature(encode_blood_pressure_feature(feature)) == feature

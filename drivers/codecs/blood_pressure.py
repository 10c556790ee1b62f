"""Blood Pressure Measurement 0x2A35, Intermediate Cuff Pressure 0x2A36, BP Feature 0x2A49.

Layout (BLS/BPS 1.0 §3.1 and GSS 0x2A35; 0x2A36 uses the same layout, BPS §3.2):

====  ====  ===================================================================
off   size  field
====  ====  ===================================================================
0     1     Flags: bit0 units (0 mmHg, 1 kPa), bit1 Time Stamp, bit2 Pulse Rate,
            bit3 User ID, bit4 Measurement Status; bits 5-7 RFU
1     2     Systolic (SFLOAT); for 0x2A36: the current cuff pressure
3     2     Diastolic (SFLOAT); for 0x2A36: NaN
5     2     Mean Arterial Pressure (SFLOAT); for 0x2A36: NaN
+7    7     Time Stamp (Date Time 0x2A08)              if bit1
+2    2     Pulse Rate (SFLOAT, beats per minute)      if bit2
+1    1     User ID (0xFF = unknown user)              if bit3
+2    2     Measurement Status (uint16)                if bit4
====  ====  ===================================================================

Measurement Status (uint16; Nordic ``BloodPressureTypes.java``): bit0 body movement, bit1 cuff
too loose, bit2 irregular pulse, bits3-4 pulse-rate range (0 within, 1 above upper limit,
2 below lower limit, 3 RFU), bit5 improper measurement position, bits 6-15 RFU.

A NaN/NRes systolic, diastolic or MAP means the cuff failed to measure: :attr:`measurement_failed`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from drivers.codecs._wire import Reader, check_uint, pack_u16
from drivers.codecs.date_time import DateTime, read_date_time, validate_date_time, write_date_time
from drivers.codecs.errors import ReservedValue
from drivers.codecs.ieee11073 import (
    Medfloat,
    MedNumber,
    Special,
    decode_sfloat,
    encode_sfloat,
    medfloat_json,
)
from drivers.codecs.units import MMHG_PER_KPA

_UNITS_KPA, _TIME_STAMP, _PULSE, _USER, _STATUS = 0x01, 0x02, 0x04, 0x08, 0x10
_RFU_FLAGS = 0xE0
UNKNOWN_USER = 0xFF


class PressureUnit(enum.Enum):
    MMHG = "mmHg"
    KPA = "kPa"


class PulseRateRange(enum.IntEnum):
    """Measurement Status bits 3-4."""

    WITHIN = 0
    ABOVE_UPPER_LIMIT = 1
    BELOW_LOWER_LIMIT = 2
    RESERVED = 3


@dataclass(frozen=True, slots=True)
class MeasurementStatus:
    """The cuff's own quality flags (uint16, kept raw so RFU bits survive re-encoding)."""

    raw: int

    @property
    def body_movement(self) -> bool:
        return bool(self.raw & 0x0001)

    @property
    def cuff_too_loose(self) -> bool:
        return bool(self.raw & 0x0002)

    @property
    def irregular_pulse(self) -> bool:
        return bool(self.raw & 0x0004)

    @property
    def pulse_rate_range(self) -> PulseRateRange:
        return PulseRateRange((self.raw >> 3) & 0x03)

    @property
    def improper_position(self) -> bool:
        return bool(self.raw & 0x0020)

    def to_json(self) -> dict[str, object]:
        return {
            "raw": self.raw,
            "body_movement": self.body_movement,
            "cuff_too_loose": self.cuff_too_loose,
            "irregular_pulse": self.irregular_pulse,
            "pulse_rate_range": self.pulse_rate_range.name.lower(),
            "improper_position": self.improper_position,
        }


def _to_mmhg(value: Medfloat, unit: PressureUnit) -> float | Special:
    if isinstance(value, Special):
        return value
    return value.value if unit is PressureUnit.MMHG else value.value * MMHG_PER_KPA


@dataclass(frozen=True, slots=True)
class BloodPressureMeasurement:
    """One 0x2A35 (or 0x2A36) value; pressures are SFLOATs in ``unit`` exactly as sent."""

    unit: PressureUnit
    systolic: Medfloat
    diastolic: Medfloat
    mean_arterial_pressure: Medfloat
    timestamp: DateTime | None = None
    pulse_rate_bpm: Medfloat | None = None
    user_id: int | None = None  # 0xFF = unknown user
    status: MeasurementStatus | None = None

    @property
    def measurement_failed(self) -> bool:
        """True when the cuff sent a special (NaN, NRes, ±INF, reserved) instead of a pressure."""
        return any(isinstance(v, Special) for v in (self.systolic, self.diastolic,
                                                     self.mean_arterial_pressure))

    @property
    def systolic_mmhg(self) -> float | Special:
        return _to_mmhg(self.systolic, self.unit)

    @property
    def diastolic_mmhg(self) -> float | Special:
        return _to_mmhg(self.diastolic, self.unit)

    @property
    def mean_arterial_pressure_mmhg(self) -> float | Special:
        return _to_mmhg(self.mean_arterial_pressure, self.unit)

    @property
    def pulse_rate_failed(self) -> bool:
        return isinstance(self.pulse_rate_bpm, Special)


def decode_blood_pressure_measurement(data: bytes, *, what: str = "Blood Pressure Measurement 0x2A35",
                                      ) -> BloodPressureMeasurement:
    """Decode a 0x2A35 value (also 0x2A36 Intermediate Cuff Pressure; pass ``what`` for messages)."""
    reader = Reader(data, what)
    flags = reader.u8("flags")
    if flags & _RFU_FLAGS:
        raise ReservedValue(f"{what}: flags 0x{flags:02X} set RFU bits 5-7")
    unit = PressureUnit.KPA if flags & _UNITS_KPA else PressureUnit.MMHG
    systolic = decode_sfloat(reader.u16("systolic"))
    diastolic = decode_sfloat(reader.u16("diastolic"))
    mean_arterial = decode_sfloat(reader.u16("mean arterial pressure"))
    timestamp = read_date_time(reader) if flags & _TIME_STAMP else None
    pulse = decode_sfloat(reader.u16("pulse rate")) if flags & _PULSE else None
    user_id = reader.u8("user id") if flags & _USER else None
    status = MeasurementStatus(reader.u16("measurement status")) if flags & _STATUS else None
    reader.end()
    return BloodPressureMeasurement(unit, systolic, diastolic, mean_arterial, timestamp, pulse, user_id,
                                    status)


def decode_intermediate_cuff_pressure(data: bytes) -> BloodPressureMeasurement:
    """Decode 0x2A36; the current cuff pressure is in ``systolic`` (BPS 1.0 §3.2)."""
    return decode_blood_pressure_measurement(data, what="Intermediate Cuff Pressure 0x2A36")


def encode_blood_pressure_measurement(record: BloodPressureMeasurement) -> bytes:
    """The 0x2A35 / 0x2A36 bytes for ``record``; flags follow from which fields are set."""
    flags = (_UNITS_KPA if record.unit is PressureUnit.KPA else 0)
    body = b"".join(pack_u16(encode_sfloat(v), "pressure")
                    for v in (record.systolic, record.diastolic, record.mean_arterial_pressure))
    if record.timestamp is not None:
        flags |= _TIME_STAMP
        body += write_date_time(validate_date_time(record.timestamp))
    if record.pulse_rate_bpm is not None:
        flags |= _PULSE
        body += pack_u16(encode_sfloat(record.pulse_rate_bpm), "pulse rate")
    if record.user_id is not None:
        flags |= _USER
        body += bytes([check_uint(record.user_id, 8, "user id")])
    if record.status is not None:
        flags |= _STATUS
        body += pack_u16(record.status.raw, "measurement status")
    return bytes([flags]) + body


def measurement_to_json(record: BloodPressureMeasurement) -> dict[str, object]:
    """JSON form with the unit in every pressure key (``systolic_mmhg`` or ``systolic_kpa``)."""
    suffix = "mmhg" if record.unit is PressureUnit.MMHG else "kpa"
    return {
        "unit": record.unit.value,
        f"systolic_{suffix}": medfloat_json(record.systolic),
        f"diastolic_{suffix}": medfloat_json(record.diastolic),
        f"mean_arterial_pressure_{suffix}": medfloat_json(record.mean_arterial_pressure),
        "measurement_failed": record.measurement_failed,
        "timestamp": record.timestamp.to_json() if record.timestamp else None,
        "pulse_rate_bpm": medfloat_json(record.pulse_rate_bpm),
        "user_id": record.user_id,
        "status": record.status.to_json() if record.status else None,
    }


def cuff_pressure_to_json(record: BloodPressureMeasurement) -> dict[str, object]:
    """JSON form of 0x2A36: the current cuff pressure is carried in the systolic field."""
    suffix = "mmhg" if record.unit is PressureUnit.MMHG else "kpa"
    out = measurement_to_json(record)
    out = {f"cuff_pressure_{suffix}": out.pop(f"systolic_{suffix}"), **out}
    out.pop("measurement_failed")
    out["cuff_pressure_failed"] = isinstance(record.systolic, Special)
    return out


@dataclass(frozen=True, slots=True)
class BloodPressureFeature:
    """0x2A49 (uint16): what the cuff can detect (BPS 1.0 §3.3); raw kept for newer bits."""

    raw: int

    @property
    def body_movement_detection(self) -> bool:
        return bool(self.raw & 0x0001)

    @property
    def cuff_fit_detection(self) -> bool:
        return bool(self.raw & 0x0002)

    @property
    def irregular_pulse_detection(self) -> bool:
        return bool(self.raw & 0x0004)

    @property
    def pulse_rate_range_detection(self) -> bool:
        return bool(self.raw & 0x0008)

    @property
    def measurement_position_detection(self) -> bool:
        return bool(self.raw & 0x0010)

    @property
    def multiple_bond(self) -> bool:
        return bool(self.raw & 0x0020)

    def to_json(self) -> dict[str, object]:
        names = ("body_movement_detection", "cuff_fit_detection", "irregular_pulse_detection",
                 "pulse_rate_range_detection", "measurement_position_detection", "multiple_bond")
        return {"raw": self.raw, **{name: bool(self.raw & (1 << bit)) for bit, name in enumerate(names)}}


def decode_blood_pressure_feature(data: bytes) -> BloodPressureFeature:
    reader = Reader(data, "Blood Pressure Feature 0x2A49")
    feature = BloodPressureFeature(reader.u16("feature"))
    reader.end()
    return feature


def encode_blood_pressure_feature(feature: BloodPressureFeature) -> bytes:
    return pack_u16(feature.raw, "Blood Pressure Feature")


__all__ = [
    "UNKNOWN_USER",
    "BloodPressureFeature",
    "BloodPressureMeasurement",
    "MeasurementStatus",
    "MedNumber",
    "PressureUnit",
    "PulseRateRange",
    "cuff_pressure_to_json",
    "decode_blood_pressure_feature",
    "decode_blood_pressure_measurement",
    "decode_intermediate_cuff_pressure",
    "encode_blood_pressure_feature",
    "encode_blood_pressure_measurement",
    "measurement_to_json",
]

"""Weight Measurement 0x2A9D and Weight Scale Feature 0x2A9E (WSS 1.0 §3.1-3.2, GSS 0x2A9D/0x2A9E).

0x2A9D: Flags u8 (bit0 0 = SI / 1 = Imperial, bit1 Time Stamp, bit2 User ID, bit3 BMI and
Height; bits 4-7 RFU) · Weight u16 (0.005 kg SI, 0.01 lb Imperial; 0xFFFF = "Measurement
Unsuccessful") · [Time Stamp, Date Time 7] · [User ID u8, 0xFF unknown] · [BMI u16, 0.1 kg/m²
· Height u16, 0.001 m SI / 0.1 in Imperial].  Vector ``00 4C 04`` = 1100 × 0.005 = 5.5 kg.

Masses and heights are stored converted to kg and m (the record says which system the scale
used, so re-encoding reproduces the same raw counts).

0x2A9E (uint32): bit0 Time Stamp supported, bit1 Multiple Users, bit2 BMI, bits 3-6 Weight
Measurement Resolution, bits 7-9 Height Measurement Resolution, bits 10-31 RFU.  Bit positions
cross-checked against wireshark ``packet-btatt.c`` (masks 0x78 and 0x380, RFU 0xFFFFFC00).
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.codecs._wire import Reader, check_uint, pack_u16, pack_u32, quantize
from drivers.codecs.date_time import DateTime, read_date_time, validate_date_time, write_date_time
from drivers.codecs.errors import ReservedValue
from drivers.codecs.units import KG_PER_LB, M_PER_IN, UNSUCCESSFUL, UNSUCCESSFUL_RAW, UnitSystem, Unsuccessful

_IMPERIAL, _TIME_STAMP, _USER, _BMI_HEIGHT = 0x01, 0x02, 0x04, 0x08
_RFU_FLAGS = 0xF0

# raw resolution of one count, per unit system (GSS 0x2A9D)
MASS_RESOLUTION_KG = {UnitSystem.SI: 0.005, UnitSystem.IMPERIAL: 0.01 * KG_PER_LB}
HEIGHT_RESOLUTION_M = {UnitSystem.SI: 0.001, UnitSystem.IMPERIAL: 0.1 * M_PER_IN}
BMI_RESOLUTION = 0.1  # kg/m²


def mass_from_raw(raw: int, system: UnitSystem) -> float:
    """kg for a raw mass count; lb are converted with the exact 0.45359237 kg/lb."""
    return raw * 0.005 if system is UnitSystem.SI else raw * 0.01 * KG_PER_LB


def height_from_raw(raw: int, system: UnitSystem) -> float:
    return raw * 0.001 if system is UnitSystem.SI else raw * 0.1 * M_PER_IN


@dataclass(frozen=True, slots=True)
class WeightMeasurement:
    """One 0x2A9D value.  ``mass_kg`` is :data:`UNSUCCESSFUL` when the scale sent 0xFFFF."""

    unit_system: UnitSystem
    mass_kg: float | Unsuccessful
    timestamp: DateTime | None = None
    user_id: int | None = None  # 0xFF = unknown user
    bmi_kg_m2: float | None = None  # present together with height_m
    height_m: float | None = None

    @property
    def unsuccessful(self) -> bool:
        return self.mass_kg is UNSUCCESSFUL


def decode_weight_measurement(data: bytes) -> WeightMeasurement:
    """Decode a Weight Measurement 0x2A9D value."""
    reader = Reader(data, "Weight Measurement 0x2A9D")
    flags = reader.u8("flags")
    if flags & _RFU_FLAGS:
        raise ReservedValue(f"Weight Measurement 0x2A9D: flags 0x{flags:02X} set RFU bits 4-7")
    system = UnitSystem.IMPERIAL if flags & _IMPERIAL else UnitSystem.SI
    raw_mass = reader.u16("weight")
    mass: float | Unsuccessful = (UNSUCCESSFUL if raw_mass == UNSUCCESSFUL_RAW
                                  else mass_from_raw(raw_mass, system))
    timestamp = read_date_time(reader) if flags & _TIME_STAMP else None
    user_id = reader.u8("user id") if flags & _USER else None
    bmi = height = None
    if flags & _BMI_HEIGHT:
        bmi = reader.u16("BMI") * BMI_RESOLUTION
        height = height_from_raw(reader.u16("height"), system)
    reader.end()
    return WeightMeasurement(system, mass, timestamp, user_id, bmi, height)


def encode_weight_measurement(record: WeightMeasurement) -> bytes:
    """The 0x2A9D bytes; values are rounded to the characteristic's resolution."""
    system = record.unit_system
    flags = _IMPERIAL if system is UnitSystem.IMPERIAL else 0
    if record.mass_kg is UNSUCCESSFUL:
        body = pack_u16(UNSUCCESSFUL_RAW, "weight")
    else:
        body = pack_u16(quantize(record.mass_kg, MASS_RESOLUTION_KG[system], 16, "weight"), "weight")
        if body == b"\xff\xff":
            raise ReservedValue("weight: raw 0xFFFF is reserved for 'measurement unsuccessful'")
    if record.timestamp is not None:
        flags |= _TIME_STAMP
        body += write_date_time(validate_date_time(record.timestamp))
    if record.user_id is not None:
        flags |= _USER
        body += bytes([check_uint(record.user_id, 8, "user id")])
    if (record.bmi_kg_m2 is None) != (record.height_m is None):
        raise ReservedValue("Weight Measurement: BMI and height are sent together (flag bit 3) or not at all")
    if record.bmi_kg_m2 is not None and record.height_m is not None:
        flags |= _BMI_HEIGHT
        body += pack_u16(quantize(record.bmi_kg_m2, BMI_RESOLUTION, 16, "BMI"), "BMI")
        body += pack_u16(quantize(record.height_m, HEIGHT_RESOLUTION_M[system], 16, "height"), "height")
    return bytes([flags]) + body


def weight_to_json(record: WeightMeasurement) -> dict[str, object]:
    return {
        "unit_system": record.unit_system.value,
        "mass_kg": record.mass_kg.value if isinstance(record.mass_kg, Unsuccessful) else record.mass_kg,
        "unsuccessful": record.unsuccessful,
        "timestamp": record.timestamp.to_json() if record.timestamp else None,
        "user_id": record.user_id,
        "bmi_kg_m2": record.bmi_kg_m2,
        "height_m": record.height_m,
    }


# Weight Measurement Resolution codes 1..7 (GSS 0x2A9E): (kg, lb) per count; 0 = not specified
WEIGHT_RESOLUTIONS = {1: (0.5, 1.0), 2: (0.2, 0.5), 3: (0.1, 0.2), 4: (0.05, 0.1), 5: (0.02, 0.05),
                      6: (0.01, 0.02), 7: (0.005, 0.01)}
# Height Measurement Resolution codes 1..3: (m, in) per count; 0 = not specified
HEIGHT_RESOLUTIONS = {1: (0.01, 1.0), 2: (0.005, 0.5), 3: (0.001, 0.1)}


@dataclass(frozen=True, slots=True)
class WeightScaleFeature:
    """0x2A9E (uint32), kept raw; properties decode the fields."""

    raw: int

    @property
    def time_stamp_supported(self) -> bool:
        return bool(self.raw & 0x001)

    @property
    def multiple_users_supported(self) -> bool:
        return bool(self.raw & 0x002)

    @property
    def bmi_supported(self) -> bool:
        return bool(self.raw & 0x004)

    @property
    def weight_resolution_code(self) -> int:
        return (self.raw >> 3) & 0x0F

    @property
    def height_resolution_code(self) -> int:
        return (self.raw >> 7) & 0x07

    @property
    def weight_resolution_kg(self) -> float | None:
        """None when not specified (0) or a reserved code (8-15)."""
        pair = WEIGHT_RESOLUTIONS.get(self.weight_resolution_code)
        return pair[0] if pair else None

    @property
    def height_resolution_m(self) -> float | None:
        """None when not specified (0) or a reserved code (4-7)."""
        pair = HEIGHT_RESOLUTIONS.get(self.height_resolution_code)
        return pair[0] if pair else None

    def to_json(self) -> dict[str, object]:
        return {
            "raw": self.raw,
            "time_stamp_supported": self.time_stamp_supported,
            "multiple_users_supported": self.multiple_users_supported,
            "bmi_supported": self.bmi_supported,
            "weight_resolution_kg": self.weight_resolution_kg,
            "height_resolution_m": self.height_resolution_m,
        }


def decode_weight_scale_feature(data: bytes) -> WeightScaleFeature:
    reader = Reader(data, "Weight Scale Feature 0x2A9E")
    feature = WeightScaleFeature(reader.u32("feature"))
    reader.end()
    return feature


def encode_weight_scale_feature(feature: WeightScaleFeature) -> bytes:
    return pack_u32(feature.raw, "Weight Scale Feature")

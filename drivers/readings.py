"""Unit-bearing readings every driver emits, whatever the device or link.

A reading is what one device reported for one measurement, already converted to the
units named in its field names, plus what is needed to audit it later: the device
identity, the device's own clock, the station clock, and the raw frames exactly as they
arrived.  Codecs (``drivers.codecs``) produce spec-level records; drivers turn those into
these readings.  Nothing here knows about a visitor, a visit or the database.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class DeviceKind(enum.StrEnum):
    BLOOD_PRESSURE = "blood_pressure"
    SCALE = "scale"  # weight, optionally body composition
    GRIP = "grip"


class LinkKind(enum.StrEnum):
    BLE = "ble"
    SERIAL = "serial"
    SIMULATED = "sim"


@dataclass(frozen=True, slots=True)
class DeviceIdentity:
    """Who measured: enough to find the device's calibration record and firmware later."""

    model: str
    manufacturer: str
    address: str  # BLE address, serial port / pyserial URL, or sim://NAME
    link: LinkKind
    serial_number: str | None = None
    firmware: str | None = None
    hardware: str | None = None


@dataclass(frozen=True, slots=True)
class RawFrame:
    """One frame as received, for audit and re-decoding (``lifelog-kiosk decode``)."""

    source: str  # GATT characteristic UUID ("2a35"), "advertisement", or "serial"
    data: bytes
    received_at: datetime  # station clock, timezone-aware


@dataclass(frozen=True, slots=True)
class BloodPressureReading:
    systolic_mmhg: float
    diastolic_mmhg: float
    mean_arterial_mmhg: float | None
    pulse_bpm: float | None
    device: DeviceIdentity
    station_time: datetime
    device_time: datetime | None = None
    # BLS Measurement Status bits (BLS 1.0 §3.1.1.5 / GSS 0x2A35): the device's own quality flags
    irregular_pulse: bool = False
    body_movement: bool = False
    cuff_too_loose: bool = False
    improper_position: bool = False
    frames: tuple[RawFrame, ...] = ()


@dataclass(frozen=True, slots=True)
class BodyCompositionReading:
    """A scale reading; the body-composition fields are None on a weight-only scale."""

    mass_kg: float
    device: DeviceIdentity
    station_time: datetime
    device_time: datetime | None = None
    height_m: float | None = None
    bmi_kg_m2: float | None = None
    body_fat_pct: float | None = None
    impedance_ohm: float | None = None
    muscle_mass_kg: float | None = None
    fat_free_mass_kg: float | None = None
    body_water_kg: float | None = None
    basal_metabolism_kj: float | None = None
    frames: tuple[RawFrame, ...] = ()


@dataclass(frozen=True, slots=True)
class GripReading:
    """One grip trial: the peak of the force curve the dynamometer reported."""

    peak_force_kgf: float
    device: DeviceIdentity
    station_time: datetime
    device_time: datetime | None = None
    force_curve_kgf: tuple[float, ...] = field(default=())  # raw samples, if the device streams
    frames: tuple[RawFrame, ...] = ()


Reading = BloodPressureReading | BodyCompositionReading | GripReading


@dataclass(frozen=True, slots=True)
class CuffPressure:
    """Progress: intermediate cuff pressure while inflating/deflating (0x2A36)."""

    pressure_mmhg: float


@dataclass(frozen=True, slots=True)
class LiveMass:
    """Progress: an unstable weight the scale shows before it settles."""

    mass_kg: float


@dataclass(frozen=True, slots=True)
class LiveForce:
    """Progress: the force being applied right now to a grip/force gauge."""

    force_kgf: float


Progress = CuffPressure | LiveMass | LiveForce

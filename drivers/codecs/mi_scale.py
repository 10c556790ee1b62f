"""Xiaomi Mi Scale advertisements (vendor formats, not SIG WSS/BCS despite the UUIDs).

Sources: ``Bluetooth-Devices/xiaomi-ble`` (Apache-2.0) ``src/xiaomi_ble/parser.py``
``_parse_scale_v1`` / ``_parse_scale_v2`` and its ``tests/test_parser.py``; openScale
``MiScaleHandler.kt`` ``parseLive13`` (devices-and-protocols.md §3.3).

Mi Body Composition Scale 2 (XMTZC05HM): service data under UUID 0x181B, 13 octets:

====  =======================================================================
byte  content
====  =======================================================================
0     control 0: bit0 weight in lb
1     control 1: bit1 impedance present (stable), bit5 weight stabilised,
      bit6 weight in jin (catty, 0.5 kg), bit7 load removed
2-3   year u16 LE
4-8   month, day, hours, minutes, seconds
9-10  impedance u16 LE, ohm
11-12 weight u16 LE: /200 kg, or /100 lb or jin
====  =======================================================================

Mi Scale 1 (XMTZC01HM): service data under UUID 0x181D, 10 octets: control u8 (bit0 lb,
bit4 jin, bit5 stabilised, bit7 load removed) · weight u16 (same scaling) · Date Time (7).

Control bits not listed are kept raw (their meaning is not public) so frames re-encode
byte-exactly.  The clock is kept as sent and not range-checked: a scale with an unset clock
must still deliver its weight (``DateTime.to_datetime`` returns None for nonsense dates).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from drivers.codecs._wire import Reader, check_uint, pack_u16
from drivers.codecs.date_time import DateTime, read_date_time, write_date_time
from drivers.codecs.errors import ReservedValue
from drivers.codecs.units import KG_PER_LB

KG_PER_JIN = 0.5


class MassUnit(enum.Enum):
    KG = "kg"
    LB = "lb"
    JIN = "jin"


# (counts per unit, kg per unit): kg/200, lb/100, jin/100 (xiaomi-ble ``_parse_scale_v2``)
_SCALING = {MassUnit.KG: (200, 1.0), MassUnit.LB: (100, KG_PER_LB), MassUnit.JIN: (100, KG_PER_JIN)}


def _mass_kg(raw: int, unit: MassUnit) -> float:
    counts, kg_per_unit = _SCALING[unit]
    return raw / counts if unit is MassUnit.KG else raw / counts * kg_per_unit


def _unit(lb: bool, jin: bool, what: str) -> MassUnit:
    if lb and jin:
        raise ReservedValue(f"{what}: both the lb and the jin unit bits are set")
    return MassUnit.LB if lb else MassUnit.JIN if jin else MassUnit.KG


@dataclass(frozen=True, slots=True)
class MiScale2Advertisement:
    """Raw fields of one 0x181B advertisement; properties give the meaning."""

    control: int  # u16: byte 0 in the low 8 bits, byte 1 in the high 8 bits
    timestamp: DateTime
    impedance_raw: int
    weight_raw: int

    @property
    def unit(self) -> MassUnit:
        return _unit(bool(self.control & 0x0001), bool(self.control & 0x4000), "Mi Scale 2")

    @property
    def impedance_present(self) -> bool:
        return bool(self.control & 0x0200)

    @property
    def stabilized(self) -> bool:
        return bool(self.control & 0x2000)

    @property
    def load_removed(self) -> bool:
        return bool(self.control & 0x8000)

    @property
    def mass_kg(self) -> float:
        return _mass_kg(self.weight_raw, self.unit)

    @property
    def impedance_ohm(self) -> int | None:
        return self.impedance_raw if self.impedance_present else None

    def to_json(self) -> dict[str, object]:
        return {"unit": self.unit.value, "mass_kg": self.mass_kg, "impedance_ohm": self.impedance_ohm,
                "stabilized": self.stabilized, "impedance_present": self.impedance_present,
                "load_removed": self.load_removed, "timestamp": self.timestamp.to_json(),
                "control": f"{self.control & 0xFF:02X} {self.control >> 8:02X}"}


def decode_mi_scale_2(data: bytes) -> MiScale2Advertisement:
    reader = Reader(data, "Mi Scale 2 advertisement (0x181B)")
    control = reader.u8("control 0") | reader.u8("control 1") << 8
    record = MiScale2Advertisement(control, read_date_time(reader, validate=False),
                                   reader.u16("impedance"), reader.u16("weight"))
    reader.end()
    _ = record.unit  # reject contradictory unit bits now, not when a driver reads it
    return record


def encode_mi_scale_2(record: MiScale2Advertisement) -> bytes:
    _ = record.unit
    return (pack_u16(record.control, "control") + write_date_time(record.timestamp)
            + pack_u16(record.impedance_raw, "impedance") + pack_u16(record.weight_raw, "weight"))


@dataclass(frozen=True, slots=True)
class MiScale1Advertisement:
    control: int  # u8
    weight_raw: int
    timestamp: DateTime

    @property
    def unit(self) -> MassUnit:
        return _unit(bool(self.control & 0x01), bool(self.control & 0x10), "Mi Scale 1")

    @property
    def stabilized(self) -> bool:
        return bool(self.control & 0x20)

    @property
    def load_removed(self) -> bool:
        return bool(self.control & 0x80)

    @property
    def mass_kg(self) -> float:
        return _mass_kg(self.weight_raw, self.unit)

    def to_json(self) -> dict[str, object]:
        return {"unit": self.unit.value, "mass_kg": self.mass_kg, "stabilized": self.stabilized,
                "load_removed": self.load_removed, "timestamp": self.timestamp.to_json(),
                "control": f"{self.control:02X}"}


def decode_mi_scale_1(data: bytes) -> MiScale1Advertisement:
    reader = Reader(data, "Mi Scale 1 advertisement (0x181D)")
    record = MiScale1Advertisement(reader.u8("control"), reader.u16("weight"),
                                   read_date_time(reader, validate=False))
    reader.end()
    _ = record.unit
    return record


def encode_mi_scale_1(record: MiScale1Advertisement) -> bytes:
    _ = record.unit
    return (bytes([check_uint(record.control, 8, "control")]) + pack_u16(record.weight_raw, "weight")
            + write_date_time(record.timestamp))

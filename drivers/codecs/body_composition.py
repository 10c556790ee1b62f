"""Body Composition Measurement 0x2A9C (+ two-packet assembly) and BC Feature 0x2A9B.

0x2A9C (BCS 1.0 §3.2, GSS 0x2A9C; cross-checked with openScale ``StandardWeightProfileHandler.kt``
``parseBodyCompToMeasurement`` and the esp-iot-solution ``ble_bcs`` docs):

* Flags u16: bit0 Imperial, bit1 Time Stamp, bit2 User ID, bit3 Basal Metabolism, bit4 Muscle %,
  bit5 Muscle Mass, bit6 Fat Free Mass, bit7 Soft Lean Mass, bit8 Body Water Mass, bit9
  Impedance, bit10 Weight, bit11 Height, **bit12 Multiple Packet Measurement**, bits 13-15 RFU.
* Body Fat Percentage u16, 0.1 %, always present; 0xFFFF = measurement unsuccessful.
* Then, in flag order: Time Stamp (Date Time, 7) · User ID u8 · Basal Metabolism u16 kJ ·
  Muscle % u16 0.1 % · Muscle / Fat Free / Soft Lean / Body Water Mass u16 (0.005 kg or
  0.01 lb) · Impedance u16 0.1 Ω · Weight u16 (0.005 kg / 0.01 lb) · Height u16 (0.001 m / 0.1 in).

Multiple packets: a full record (up to 30 octets) does not fit the default 20-octet ATT
payload, so an analyser sends two indications with bit12 set.  Each packet is a complete
characteristic value (flags + body fat + the fields *its own* flags announce).
:func:`merge_packets` joins them: both must agree on units, on body fat and on any field both
carry.  (devices-and-protocols.md §2.5 asks to verify the exact split rule against the BCS
1.0 text; the assembler therefore accepts any partition of the fields and refuses conflicts
rather than guessing which packet is right.)  The hold-the-first-half-then-merge flow is
also how OMRON's OHQ Android SDK handles it (``jp/co/ohq/ble/OHQDevice.java``
``_didUpdateValueForBodyCompositionMeasurementCharacteristic``).

Xiaomi scales send a non-standard 0x2A9C (impedance present whatever its flag says, no body
fat; issue ``wiecosystem/Bluetooth#9``).  Such frames fail here with ``TrailingBytes`` instead
of being half-read; Mi scales are read from their advertisement (``mi_scale``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from drivers.codecs._wire import Reader, check_uint, pack_u16, pack_u32, quantize
from drivers.codecs.date_time import DateTime, read_date_time, validate_date_time, write_date_time
from drivers.codecs.errors import CodecError, ReservedValue
from drivers.codecs.units import UNSUCCESSFUL, UNSUCCESSFUL_RAW, UnitSystem, Unsuccessful
from drivers.codecs.weight_scale import (
    HEIGHT_RESOLUTION_M,
    HEIGHT_RESOLUTIONS,
    MASS_RESOLUTION_KG,
    WEIGHT_RESOLUTIONS,
    height_from_raw,
    mass_from_raw,
)

WHAT = "Body Composition Measurement 0x2A9C"
_IMPERIAL, _TIME_STAMP, _USER, _MULTI = 0x0001, 0x0002, 0x0004, 0x1000
_RFU_FLAGS = 0xE000
DEFAULT_ATT_PAYLOAD = 20  # ATT_MTU 23 - 3 (Core Spec Vol 3 Part F §3.4.7.1)

# u16 fields after User ID, in flag order: (flag bit, attribute, scale kind)
_U16_FIELDS = (
    (0x0008, "basal_metabolism_kj", "kj"),
    (0x0010, "muscle_pct", "pct"),
    (0x0020, "muscle_mass_kg", "mass"),
    (0x0040, "fat_free_mass_kg", "mass"),
    (0x0080, "soft_lean_mass_kg", "mass"),
    (0x0100, "body_water_mass_kg", "mass"),
    (0x0200, "impedance_ohm", "ohm"),
    (0x0400, "mass_kg", "mass"),
    (0x0800, "height_m", "height"),
)


@dataclass(frozen=True, slots=True)
class BodyCompositionMeasurement:
    """One 0x2A9C value (or two merged); masses in kg and height in m whatever the scale sent."""

    unit_system: UnitSystem
    body_fat_pct: float | Unsuccessful
    timestamp: DateTime | None = None
    user_id: int | None = None
    basal_metabolism_kj: float | None = None
    muscle_pct: float | None = None
    muscle_mass_kg: float | None = None
    fat_free_mass_kg: float | None = None
    soft_lean_mass_kg: float | None = None
    body_water_mass_kg: float | None = None
    impedance_ohm: float | None = None
    mass_kg: float | None = None
    height_m: float | None = None
    multiple_packet: bool = False  # bit12: this is one half of a two-packet measurement

    @property
    def unsuccessful(self) -> bool:
        return self.body_fat_pct is UNSUCCESSFUL

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"unit_system": self.unit_system.value}
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, UnitSystem | Unsuccessful):
                value = value.value
            elif isinstance(value, DateTime):
                value = value.to_json()
            out[item.name] = value
        out["unsuccessful"] = self.unsuccessful
        return out


def _resolution(kind: str, system: UnitSystem) -> float:
    return {"kj": 1.0, "pct": 0.1, "ohm": 0.1, "mass": MASS_RESOLUTION_KG[system],
            "height": HEIGHT_RESOLUTION_M[system]}[kind]


def _from_raw(raw: int, kind: str, system: UnitSystem) -> float:
    if kind == "mass":
        return mass_from_raw(raw, system)
    if kind == "height":
        return height_from_raw(raw, system)
    return raw * 0.1 if kind in ("pct", "ohm") else float(raw)


def decode_body_composition_measurement(data: bytes) -> BodyCompositionMeasurement:
    """Decode one 0x2A9C packet (a half when ``multiple_packet`` is set: see :func:`merge_packets`)."""
    reader = Reader(data, WHAT)
    flags = reader.u16("flags")
    if flags & _RFU_FLAGS:
        raise ReservedValue(f"{WHAT}: flags 0x{flags:04X} set RFU bits 13-15")
    system = UnitSystem.IMPERIAL if flags & _IMPERIAL else UnitSystem.SI
    raw_fat = reader.u16("body fat percentage")
    values: dict[str, object] = {
        "body_fat_pct": UNSUCCESSFUL if raw_fat == UNSUCCESSFUL_RAW else raw_fat * 0.1,
        "multiple_packet": bool(flags & _MULTI),
    }
    if flags & _TIME_STAMP:
        values["timestamp"] = read_date_time(reader)
    if flags & _USER:
        values["user_id"] = reader.u8("user id")
    for bit, name, kind in _U16_FIELDS:
        if flags & bit:
            values[name] = _from_raw(reader.u16(name), kind, system)
    reader.end()
    return BodyCompositionMeasurement(system, **values)  # type: ignore[arg-type]


def _field_bytes(record: BodyCompositionMeasurement) -> list[tuple[int, bytes]]:
    """(flag bit, encoded octets) for every optional field present, in flag order."""
    system = record.unit_system
    parts: list[tuple[int, bytes]] = []
    if record.timestamp is not None:
        parts.append((_TIME_STAMP, write_date_time(validate_date_time(record.timestamp))))
    if record.user_id is not None:
        parts.append((_USER, bytes([check_uint(record.user_id, 8, "user id")])))
    for bit, name, kind in _U16_FIELDS:
        value = getattr(record, name)
        if value is not None:
            parts.append((bit, pack_u16(quantize(value, _resolution(kind, system), 16, name), name)))
    return parts


def _head(record: BodyCompositionMeasurement, flags: int) -> bytes:
    if record.unit_system is UnitSystem.IMPERIAL:
        flags |= _IMPERIAL
    if record.body_fat_pct is UNSUCCESSFUL:
        fat = UNSUCCESSFUL_RAW
    else:
        fat = quantize(record.body_fat_pct, 0.1, 16, "body fat percentage")
        if fat == UNSUCCESSFUL_RAW:
            raise ReservedValue("body fat percentage: raw 0xFFFF is reserved for 'unsuccessful'")
    return pack_u16(flags, "flags") + pack_u16(fat, "body fat percentage")


def encode_body_composition_measurement(record: BodyCompositionMeasurement) -> bytes:
    """One 0x2A9C packet with every present field (bit12 copied from ``multiple_packet``)."""
    parts = _field_bytes(record)
    flags = sum(bit for bit, _ in parts) | (_MULTI if record.multiple_packet else 0)
    return _head(record, flags) + b"".join(octets for _, octets in parts)


def split_measurement(record: BodyCompositionMeasurement,
                      max_payload: int = DEFAULT_ATT_PAYLOAD) -> tuple[bytes, ...]:
    """What an analyser indicates: one packet if it fits ``max_payload``, else two with bit12 set.

    The first packet takes fields in flag order while they fit; the second repeats flags and
    body fat and carries the rest (for emulators; see the module docstring for the rule).
    """
    single = encode_body_composition_measurement(replace(record, multiple_packet=False))
    if len(single) <= max_payload:
        return (single,)
    parts, first, size = _field_bytes(record), [], 4
    while parts and size + len(parts[0][1]) <= max_payload:
        size += len(parts[0][1])
        first.append(parts.pop(0))
    if not first or sum(len(octets) for _, octets in parts) + 4 > max_payload:
        raise CodecError(f"{WHAT}: record does not fit two packets of {max_payload} octets")
    return tuple(
        _head(record, _MULTI | sum(bit for bit, _ in chunk)) + b"".join(octets for _, octets in chunk)
        for chunk in (first, parts)
    )


def merge_packets(first: BodyCompositionMeasurement,
                  second: BodyCompositionMeasurement) -> BodyCompositionMeasurement:
    """Join the two halves of a Multiple Packet Measurement into one record.

    Raises:
        CodecError: a half is not flagged multi-packet, or the halves disagree.
    """
    if not (first.multiple_packet and second.multiple_packet):
        raise CodecError(f"{WHAT}: both packets must have Multiple Packet Measurement (bit12) set")
    if first.unit_system is not second.unit_system:
        raise CodecError(f"{WHAT}: the two packets disagree on measurement units")
    merged: dict[str, object] = {}
    for item in fields(first):
        if item.name in ("unit_system", "multiple_packet"):
            continue
        a, b = getattr(first, item.name), getattr(second, item.name)
        if a is not None and b is not None and a != b:
            raise CodecError(f"{WHAT}: the two packets disagree on {item.name} ({a!r} vs {b!r})")
        merged[item.name] = a if a is not None else b
    return BodyCompositionMeasurement(first.unit_system, multiple_packet=False, **merged)  # type: ignore[arg-type]


class BodyCompositionAssembler:
    """Feeds decoded packets in arrival order and yields whole measurements.

    A single-packet record comes straight back; the first half of a two-packet measurement
    is held (``feed`` returns None) until the second arrives.  Call :meth:`reset` when the
    link drops so a stale half is never joined to the next visitor's packet.
    """

    def __init__(self) -> None:
        self._pending: BodyCompositionMeasurement | None = None

    @property
    def pending(self) -> bool:
        return self._pending is not None

    def reset(self) -> None:
        self._pending = None

    def feed(self, packet: BodyCompositionMeasurement) -> BodyCompositionMeasurement | None:
        if not packet.multiple_packet:
            if self._pending is not None:
                self._pending = None
                raise CodecError(f"{WHAT}: single packet arrived while the second half was awaited")
            return packet
        if self._pending is None:
            self._pending = packet
            return None
        first, self._pending = self._pending, None
        return merge_packets(first, packet)


@dataclass(frozen=True, slots=True)
class BodyCompositionFeature:
    """0x2A9B (uint32; bit positions per wireshark ``packet-btatt.c`` / GSS 0x2A9B)."""

    raw: int

    NAMES = ("time_stamp", "multiple_users", "basal_metabolism", "muscle_percentage", "muscle_mass",
             "fat_free_mass", "soft_lean_mass", "body_water_mass", "impedance", "weight", "height")

    def supports(self, name: str) -> bool:
        """``supports("impedance")``; ``name`` is one of :attr:`NAMES`."""
        return bool(self.raw & (1 << self.NAMES.index(name)))

    @property
    def mass_resolution_kg(self) -> float | None:
        pair = WEIGHT_RESOLUTIONS.get((self.raw >> 11) & 0x0F)  # bits 11-14
        return pair[0] if pair else None

    @property
    def height_resolution_m(self) -> float | None:
        pair = HEIGHT_RESOLUTIONS.get((self.raw >> 15) & 0x07)  # bits 15-17
        return pair[0] if pair else None

    def to_json(self) -> dict[str, object]:
        return {"raw": self.raw, **{f"{n}_supported": self.supports(n) for n in self.NAMES},
                "mass_resolution_kg": self.mass_resolution_kg,
                "height_resolution_m": self.height_resolution_m}


def decode_body_composition_feature(data: bytes) -> BodyCompositionFeature:
    reader = Reader(data, "Body Composition Feature 0x2A9B")
    feature = BodyCompositionFeature(reader.u32("feature"))
    reader.end()
    return feature


def encode_body_composition_feature(feature: BodyCompositionFeature) -> bytes:
    return pack_u32(feature.raw, "Body Composition Feature")

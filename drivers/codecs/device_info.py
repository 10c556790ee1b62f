"""Battery Level 0x2A19 (BAS 1.0 §3.1) and Device Information Service 0x180A strings / System ID.

* Battery Level: uint8 percent, 0..100; 101..255 are reserved (GSS 0x2A19).
* DIS strings (DIS 1.1 §3.2-3.8): UTF-8 without terminator: 0x2A29 manufacturer, 0x2A24
  model number, 0x2A25 serial number, 0x2A26 firmware, 0x2A27 hardware, 0x2A28 software.
  A&D picks its timing delays from the firmware string (devices-and-protocols.md §3.1).
* System ID 0x2A23 (DIS 1.1 §3.9): 8 octets = Manufacturer Identifier (40 bits, LE)
  followed by the Organizationally Unique Identifier (24 bits, LE).
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.codecs._wire import Reader, as_bytes, check_uint
from drivers.codecs.errors import CodecError, ReservedValue

DIS_STRINGS = {
    "2A29": "manufacturer_name",
    "2A24": "model_number",
    "2A25": "serial_number",
    "2A26": "firmware_revision",
    "2A27": "hardware_revision",
    "2A28": "software_revision",
}


@dataclass(frozen=True, slots=True)
class BatteryLevel:
    level_percent: int


def decode_battery_level(data: bytes) -> BatteryLevel:
    reader = Reader(data, "Battery Level 0x2A19")
    level = reader.u8("battery level")
    reader.end()
    if level > 100:
        raise ReservedValue(f"Battery Level 0x2A19: {level} % is outside 0..100 (101-255 reserved)")
    return BatteryLevel(level)


def encode_battery_level(level: BatteryLevel) -> bytes:
    if not 0 <= level.level_percent <= 100:
        raise ReservedValue(f"Battery Level: {level.level_percent} % is outside 0..100")
    return bytes([level.level_percent])


def decode_dis_string(data: bytes, what: str = "Device Information string") -> str:
    """Decode a DIS utf8s value.

    Trailing NULs are dropped: firmware often sends a fixed-size C buffer, and a NUL must not
    reach the device identity stored with a measurement.  Other control characters are kept.
    """
    raw = as_bytes(data, what)
    try:
        return raw.decode("utf-8").rstrip("\x00")
    except UnicodeDecodeError as err:
        raise CodecError(f"{what}: not UTF-8 ({err.reason} at offset {err.start})") from None


def dis_string_to_json(text: str) -> dict[str, object]:
    return {"text": text}


def encode_dis_string(text: str) -> bytes:
    return text.encode("utf-8")


@dataclass(frozen=True, slots=True)
class SystemId:
    manufacturer_identifier: int  # 40 bits
    organizationally_unique_identifier: int  # 24 bits (IEEE OUI)

    def to_json(self) -> dict[str, object]:
        return {"manufacturer_identifier": f"{self.manufacturer_identifier:010X}",
                "organizationally_unique_identifier": f"{self.organizationally_unique_identifier:06X}"}


def decode_system_id(data: bytes) -> SystemId:
    reader = Reader(data, "System ID 0x2A23")
    manufacturer = int.from_bytes(reader.take(5, "manufacturer identifier"), "little")
    oui = int.from_bytes(reader.take(3, "organizationally unique identifier"), "little")
    reader.end()
    return SystemId(manufacturer, oui)


def encode_system_id(value: SystemId) -> bytes:
    return (check_uint(value.manufacturer_identifier, 40, "manufacturer identifier").to_bytes(5, "little")
            + check_uint(value.organizationally_unique_identifier, 24, "OUI").to_bytes(3, "little"))

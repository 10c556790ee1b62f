"""Date Time 0x2A08 and Current Time 0x2A2B (GSS §3.70 Date Time, CTS 1.1 §3.1 Current Time).

Date Time (7 octets): year u16 (1582..9999, 0 = not known), month u8 (1..12, 0 = not known),
day u8 (1..31, 0 = not known), hours u8 (0..23), minutes u8 (0..59), seconds u8 (0..59).
It is the device's *local* wall-clock time; there is no time zone in the characteristic.

Current Time (10 octets): Date Time + Day of Week u8 (1 = Monday .. 7 = Sunday, 0 = not known)
+ Fractions256 u8 (1/256 s) + Adjust Reason u8 (bit0 manual time update, bit1 external
reference time update, bit2 change of time zone, bit3 change of DST; bits 4-7 RFU).
Vector (devices-and-protocols.md §2.3): 2026-03-02 14:05:09 -> ``EA 07 03 02 0E 05 09 01 00 01``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from drivers.codecs._wire import Reader, check_uint, pack_u16
from drivers.codecs.errors import CodecError, ReservedValue

DATE_TIME_SIZE = 7
CURRENT_TIME_SIZE = 10


@dataclass(frozen=True, slots=True)
class DateTime:
    """A device clock reading exactly as sent; zero year/month/day mean "not known"."""

    year: int
    month: int
    day: int
    hours: int
    minutes: int
    seconds: int

    @property
    def is_known(self) -> bool:
        return self.year != 0 and self.month != 0 and self.day != 0

    def to_datetime(self) -> _dt.datetime | None:
        """Naive local datetime, or None when the date is not known or not a calendar date."""
        if not self.is_known:
            return None
        try:
            return _dt.datetime(self.year, self.month, self.day, self.hours, self.minutes, self.seconds)
        except ValueError:  # e.g. 31 February from a vendor format that is not range-checked
            return None

    @classmethod
    def from_datetime(cls, value: _dt.datetime) -> DateTime:
        return cls(value.year, value.month, value.day, value.hour, value.minute, value.second)

    def to_json(self) -> dict[str, object]:
        moment = self.to_datetime()
        return {
            "year": self.year,
            "month": self.month,
            "day": self.day,
            "hours": self.hours,
            "minutes": self.minutes,
            "seconds": self.seconds,
            "iso": moment.isoformat() if moment else None,
        }


# (field, lowest, highest) allowed by GSS Date Time; year/month/day also allow 0 = not known
_RANGES = (("month", 1, 12), ("day", 1, 31), ("hours", 0, 23), ("minutes", 0, 59), ("seconds", 0, 59))


def validate_date_time(value: DateTime, what: str = "Date Time") -> DateTime:
    """Raise ``ReservedValue`` for a field outside its GSS range or an impossible calendar date."""
    if value.year != 0 and not 1582 <= value.year <= 9999:
        raise ReservedValue(f"{what}: year {value.year} outside 1582..9999 (0 = not known)")
    for name, low, high in _RANGES:
        field = getattr(value, name)
        unknown_ok = name in ("month", "day") and field == 0
        if not unknown_ok and not low <= field <= high:
            raise ReservedValue(f"{what}: {name} {field} outside {low}..{high}")
    if value.is_known and value.to_datetime() is None:
        raise ReservedValue(f"{what}: {value.year:04}-{value.month:02}-{value.day:02} is not a calendar date")
    return value


def read_date_time(reader: Reader, *, validate: bool = True) -> DateTime:
    """Read the 7-octet Date Time structure embedded in a larger frame."""
    value = DateTime(
        reader.u16("year"),
        reader.u8("month"),
        reader.u8("day"),
        reader.u8("hours"),
        reader.u8("minutes"),
        reader.u8("seconds"),
    )
    return validate_date_time(value, reader.what) if validate else value


def write_date_time(value: DateTime) -> bytes:
    """The 7 octets for ``value`` (fields are range-checked for their byte width only)."""
    try:
        return pack_u16(value.year, "year") + bytes(
            [value.month, value.day, value.hours, value.minutes, value.seconds]
        )
    except (ValueError, TypeError) as err:
        raise CodecError(f"Date Time: cannot encode {value!r}") from err


def decode_date_time(data: bytes) -> DateTime:
    """Decode a Date Time 0x2A08 value."""
    reader = Reader(data, "Date Time 0x2A08")
    value = read_date_time(reader)
    reader.end()
    return value


def encode_date_time(value: DateTime) -> bytes:
    return write_date_time(validate_date_time(value))


@dataclass(frozen=True, slots=True)
class CurrentTime:
    """Current Time 0x2A2B: the clock plus day of week, 1/256 s fraction and why it changed."""

    date_time: DateTime
    day_of_week: int  # 1 = Monday .. 7 = Sunday, 0 = not known
    fractions256: int  # units of 1/256 second
    adjust_reason: int  # bit0 manual, bit1 external reference, bit2 time zone, bit3 DST

    @property
    def manual_update(self) -> bool:
        return bool(self.adjust_reason & 0x01)

    @property
    def external_reference_update(self) -> bool:
        return bool(self.adjust_reason & 0x02)

    @property
    def time_zone_changed(self) -> bool:
        return bool(self.adjust_reason & 0x04)

    @property
    def dst_changed(self) -> bool:
        return bool(self.adjust_reason & 0x08)

    @classmethod
    def from_datetime(cls, value: _dt.datetime, adjust_reason: int = 0) -> CurrentTime:
        """What the station writes to a scale's clock (openScale ``buildCurrentTimePayload``)."""
        return cls(DateTime.from_datetime(value), value.isoweekday(), value.microsecond * 256 // 1_000_000,
                   adjust_reason)

    def to_json(self) -> dict[str, object]:
        return {
            "date_time": self.date_time.to_json(),
            "day_of_week": self.day_of_week,
            "fractions256": self.fractions256,
            "adjust_reason": self.adjust_reason,
            "manual_update": self.manual_update,
            "external_reference_update": self.external_reference_update,
            "time_zone_changed": self.time_zone_changed,
            "dst_changed": self.dst_changed,
        }


def _validate_current_time(value: CurrentTime) -> CurrentTime:
    what = "Current Time 0x2A2B"
    validate_date_time(value.date_time, what)
    if not 0 <= value.day_of_week <= 7:
        raise ReservedValue(f"{what}: day of week {value.day_of_week} outside 0..7")
    check_uint(value.fractions256, 8, "fractions256")
    if not 0 <= value.adjust_reason <= 0x0F:
        raise ReservedValue(f"{what}: adjust reason 0x{value.adjust_reason:02X} sets RFU bits 4-7")
    return value


def decode_current_time(data: bytes) -> CurrentTime:
    """Decode a Current Time 0x2A2B value."""
    reader = Reader(data, "Current Time 0x2A2B")
    value = CurrentTime(read_date_time(reader), reader.u8("day of week"), reader.u8("fractions256"),
                        reader.u8("adjust reason"))
    reader.end()
    return _validate_current_time(value)


def encode_current_time(value: CurrentTime) -> bytes:
    _validate_current_time(value)
    return write_date_time(value.date_time) + bytes([value.day_of_week, value.fractions256,
                                                     value.adjust_reason])

"""IEEE 11073-20601 SFLOAT ("medfloat16") and FLOAT ("medfloat32") as used by the SIG health profiles.

Layout (IEEE 11073-20601 §F.8 / GSS §2.3 "medfloat16/medfloat32"):

* SFLOAT: uint16 = 4-bit signed exponent (bits 15..12) | 12-bit signed mantissa (bits 11..0)
* FLOAT:  uint32 = 8-bit signed exponent (bits 31..24) | 24-bit signed mantissa (bits 23..0)
* value = mantissa × 10^exponent

Special values are the exponent-0 codes in the table below (GSS Table 2.1; identical in the
Android/Nordic ``SFLOAT_*`` constants and wireshark's FT_IEEE_11073_SFLOAT, which also checks
for exponent 0).  A decoded special is a :class:`Special` member, never a number: a cuff that
could not measure sends NaN/NRes and that must not become "2047 mmHg"
(devices-and-protocols.md §2.1).

=========  ==========  ==============
special    SFLOAT      FLOAT
=========  ==========  ==============
NaN        0x07FF      0x007FFFFF
NRes       0x0800      0x00800000
+INF       0x07FE      0x007FFFFE
−INF       0x0802      0x00800002
reserved   0x0801      0x00800001
=========  ==========  ==============
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from drivers.codecs.errors import CodecError

_POW10: list[int] = [10**i for i in range(129)]  # exact powers for any FLOAT exponent (-128..127)


class Special(enum.Enum):
    """A non-numeric medfloat: the device is telling us it has no number."""

    NAN = "NaN"  # not a number: the measurement failed
    NRES = "NRes"  # not at this resolution: the value cannot be represented
    POSITIVE_INFINITY = "+INF"
    NEGATIVE_INFINITY = "-INF"
    RESERVED = "reserved"  # reserved for future use by IEEE 11073-20601


@dataclass(frozen=True, slots=True)
class MedNumber:
    """A finite medfloat kept as mantissa and exponent, so re-encoding is byte-exact.

    ``128`` may arrive as (128, 0) or (1280, -1); both are 128 but are different bytes, and
    the raw frame must re-encode identically for audit.
    """

    mantissa: int
    exponent: int

    @property
    def value(self) -> float:
        """The number as the nearest float (division keeps 18.9 as 18.9, not 18.900000000000002)."""
        if self.exponent >= 0:
            return float(self.mantissa * _POW10[self.exponent])
        return self.mantissa / _POW10[-self.exponent]

    def __float__(self) -> float:
        return self.value


Medfloat = MedNumber | Special
"""What decoding one medfloat field yields."""

# mantissa code (exponent 0) -> special, per the table in the module docstring
_SFLOAT_SPECIALS = {
    0x07FF: Special.NAN,
    0x0800: Special.NRES,
    0x07FE: Special.POSITIVE_INFINITY,
    0x0802: Special.NEGATIVE_INFINITY,
    0x0801: Special.RESERVED,
}
_FLOAT_SPECIALS = {
    0x007FFFFF: Special.NAN,
    0x00800000: Special.NRES,
    0x007FFFFE: Special.POSITIVE_INFINITY,
    0x00800002: Special.NEGATIVE_INFINITY,
    0x00800001: Special.RESERVED,
}
_SFLOAT_CODES = {special: code for code, special in _SFLOAT_SPECIALS.items()}
_FLOAT_CODES = {special: code for code, special in _FLOAT_SPECIALS.items()}


def _signed(raw: int, bits: int) -> int:
    return raw - (1 << bits) if raw & (1 << (bits - 1)) else raw


def decode_sfloat(raw: int) -> Medfloat:
    """Decode a uint16 SFLOAT (already read little-endian from the frame)."""
    if not 0 <= raw <= 0xFFFF:
        raise CodecError(f"SFLOAT raw value {raw!r} is not a uint16")
    if raw in _SFLOAT_SPECIALS:  # the special codes all have exponent 0
        return _SFLOAT_SPECIALS[raw]
    return MedNumber(_signed(raw & 0x0FFF, 12), _signed(raw >> 12, 4))


def decode_float(raw: int) -> Medfloat:
    """Decode a uint32 FLOAT (already read little-endian from the frame)."""
    if not 0 <= raw <= 0xFFFFFFFF:
        raise CodecError(f"FLOAT raw value {raw!r} is not a uint32")
    if raw in _FLOAT_SPECIALS:
        return _FLOAT_SPECIALS[raw]
    return MedNumber(_signed(raw & 0xFFFFFF, 24), _signed(raw >> 24, 8))


def _encode(value: Medfloat, mant_bits: int, exp_bits: int, codes: dict[Special, int], name: str) -> int:
    if isinstance(value, Special):
        return codes[value]
    if not isinstance(value, MedNumber):
        raise CodecError(f"{name}: cannot encode {value!r}")
    m_lo, m_hi = -(1 << (mant_bits - 1)), (1 << (mant_bits - 1)) - 1
    e_lo, e_hi = -(1 << (exp_bits - 1)), (1 << (exp_bits - 1)) - 1
    if not (m_lo <= value.mantissa <= m_hi and e_lo <= value.exponent <= e_hi):
        raise CodecError(f"{name}: {value} is outside the representable range")
    raw = ((value.exponent & ((1 << exp_bits) - 1)) << mant_bits) | (value.mantissa & ((1 << mant_bits) - 1))
    if value.exponent == 0 and raw in (_SFLOAT_SPECIALS if mant_bits == 12 else _FLOAT_SPECIALS):
        # these mantissas are the special codes; a number must not alias them
        raise CodecError(f"{name}: mantissa {value.mantissa} with exponent 0 is a reserved special code")
    return raw


def encode_sfloat(value: Medfloat) -> int:
    """Encode to the uint16 SFLOAT code (write it little-endian)."""
    return _encode(value, 12, 4, _SFLOAT_CODES, "SFLOAT")


def encode_float(value: Medfloat) -> int:
    """Encode to the uint32 FLOAT code (write it little-endian)."""
    return _encode(value, 24, 8, _FLOAT_CODES, "FLOAT")


def sfloat_from_value(value: float, decimals: int) -> MedNumber:
    """The SFLOAT for ``value`` rounded to ``decimals`` places (for emulators and tests).

    Trailing zeros are folded into the exponent so large values (e.g. 12000) still fit the
    12-bit mantissa.

    Raises:
        CodecError: the value is not finite or needs more than 12 bits of mantissa.
    """
    if not math.isfinite(value):
        raise CodecError(f"SFLOAT: {value!r} is not finite; use a Special instead")
    mantissa, exponent = round(value * 10**decimals), -decimals
    while mantissa != 0 and mantissa % 10 == 0 and not -2045 <= mantissa <= 2045:
        mantissa, exponent = mantissa // 10, exponent + 1
    number = MedNumber(mantissa, exponent)
    encode_sfloat(number)  # validates the range
    return number


def medfloat_json(value: Medfloat | None) -> float | str | None:
    """JSON form: a number, the special's name ("NaN", "NRes", ...), or None when absent."""
    return None if value is None else value.value

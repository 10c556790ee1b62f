"""Mark-10 force-gauge ASCII readings and commands (pure).

Mark-10 Series 4 User's Guide §9.1.3 (reference shared/reference/devices-and-protocols.md §4):
commands end with CR or CR LF; ``?`` returns the displayed reading as value, space, unit and
CR LF, e.g. ``-18.78 lbF<CR><LF>`` or ``4.285 N<CR><LF>`` (Mark-10's own serial example:
``3.258 lbF\\r\\n``).  ``*10`` is the reply to an illegal command.  Tension readings carry a
minus sign.

Units are the gauge's force units; conversion to kilogram-force uses the exact definitions
(1 kgf = 9.80665 N, CGPM 1901; 1 lbf = 0.45359237 kgf; 1 ozf = 1/16 lbf; 1 gf = 0.001 kgf).

Every decoder raises :class:`drivers.codecs.errors.CodecError` and nothing else.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass

from drivers.codecs.errors import CodecError

CRLF = b"\r\n"
STANDARD_GRAVITY = 9.80665  # m/s^2, exact: 1 kgf = 9.80665 N


class ForceUnit(enum.StrEnum):
    """As the gauge prints them (Series 4/5 display units)."""

    NEWTON = "N"
    KILONEWTON = "kN"
    MILLINEWTON = "mN"
    POUND_FORCE = "lbF"
    OUNCE_FORCE = "ozF"
    KILOGRAM_FORCE = "kgF"
    GRAM_FORCE = "gF"


KGF_PER_UNIT: dict[ForceUnit, float] = {
    ForceUnit.NEWTON: 1.0 / STANDARD_GRAVITY,
    ForceUnit.KILONEWTON: 1000.0 / STANDARD_GRAVITY,
    ForceUnit.MILLINEWTON: 0.001 / STANDARD_GRAVITY,
    ForceUnit.POUND_FORCE: 0.45359237,
    ForceUnit.OUNCE_FORCE: 0.45359237 / 16.0,
    ForceUnit.KILOGRAM_FORCE: 1.0,
    ForceUnit.GRAM_FORCE: 0.001,
}

_BY_LOWER = {unit.value.lower(): unit for unit in ForceUnit}
_READING = re.compile(r"([+-]?[0-9]+(?:\.[0-9]*)?|[+-]?\.[0-9]+) +([A-Za-z]+)")


@dataclass(frozen=True, slots=True)
class ForceReading:
    """One reading; ``value_text`` is kept as sent so encode(decode(x)) == x."""

    value_text: str
    unit: ForceUnit

    @property
    def value(self) -> float:
        return float(self.value_text)

    @property
    def force_kgf(self) -> float:
        return self.value * KGF_PER_UNIT[self.unit]


@dataclass(frozen=True, slots=True)
class GaugeError:
    """``*NN``: the gauge rejected a command (``*10`` = illegal command)."""

    code: str


Message = ForceReading | GaugeError


class Command(enum.StrEnum):
    READ = "?"  # the displayed reading
    MEMORY = "MEM"
    STATISTICS = "STA"
    CLEAR_MEMORY = "CLRMEM"


def reading(value: float, unit: ForceUnit = ForceUnit.NEWTON, decimals: int = 2) -> ForceReading:
    """Build a reading the way the gauge prints it."""
    if not math.isfinite(value):
        raise CodecError("a gauge reading is finite")
    return ForceReading(f"{value:.{decimals}f}", unit)


def decode(line: bytes) -> Message:
    """Decode one line from the gauge (CR LF or LF terminated).

    Raises:
        CodecError: not a reading or error reply.
    """
    if not line.endswith(b"\n"):
        raise CodecError("Mark-10 line must end with LF")
    try:
        text = line.rstrip(b"\r\n").decode("ascii").strip()
    except UnicodeDecodeError as err:
        raise CodecError("non-ASCII byte in Mark-10 line") from err
    if re.fullmatch(r"\*[0-9]{1,3}", text):
        return GaugeError(text[1:])
    match = _READING.fullmatch(text)
    if match is None:
        raise CodecError(f"not a Mark-10 reading: {text[:20]!r}")
    unit = _BY_LOWER.get(match.group(2).lower())
    if unit is None:
        raise CodecError(f"unknown Mark-10 unit {match.group(2)!r}")
    return ForceReading(match.group(1), unit)


def encode(message: Message) -> bytes:
    """What the gauge sends for ``message`` (used by the emulator)."""
    if isinstance(message, GaugeError):
        return f"*{message.code}".encode("ascii") + CRLF
    return f"{message.value_text} {message.unit.value}".encode("ascii") + CRLF


def encode_command(command: Command) -> bytes:
    return command.value.encode("ascii") + CRLF


def decode_command(line: bytes) -> Command:
    """The gauge side of :func:`encode_command` (CR or CR LF terminated).

    Raises:
        CodecError: an illegal command (the gauge answers ``*10``).
    """
    try:
        return Command(line.rstrip(b"\r\n").decode("ascii").upper())
    except (UnicodeDecodeError, ValueError) as err:
        raise CodecError(f"illegal Mark-10 command {line[:10]!r}") from err

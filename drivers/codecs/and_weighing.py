"""A&D "standard format" weighing lines, host commands and replies (pure bytes <-> dataclasses).

Line layout (A&D GC-series manual §16.2, EK-L manual §9-2, AD-4329A manual §9.1, OP-05 manual
p.58; summarised in shared/reference/devices-and-protocols.md §4)::

    HH,[H2,]±DDDDDD.DD UUU<CR><LF>        e.g.  ST,+00070.20  kg<CR><LF>

* Header 1: ``ST`` stable, ``US`` unstable, ``OL`` out of range (overload), ``QT`` stable count.
* Header 2 (indicators only): ``GS``/``NT``/``TR``/``PT`` (also ``G ``/``N ``/``T ``) or a
  comparison result ``LO``/``OK``/``HI``/``--``.
* Data: polarity then digits with an optional decimal point (``,`` on AD-4329A formats 2/3).
  Overload replaces the digits with spaces (AD-4329A format 1, OP-05) or 9s (EJ/EK-L).
* Unit: 2 or 3 characters, space padded (``" kg"``, ``"  g"``, ``"PC"``).

Replies to commands: ``<AK>`` (0x06) acknowledges a control command (FX-i "AK, erCd" setting;
the excerpts do not show whether CR LF follows it: this codec and the emulator frame it as
``<AK><CR><LF>`` -- check on the first real unit) and ``EC,Exx`` reports an error
(HC-3Ki manual p.48): E0 communication (parity/framing), E1 undefined command, E2 not ready,
E4 too many characters, E6 format, E7 out of range.

Every decoder raises :class:`drivers.codecs.errors.CodecError` and nothing else.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from drivers.codecs.errors import CodecError

CRLF = b"\r\n"
ACK = b"\x06"  # <AK>, ASCII ACK


class Header(enum.StrEnum):
    STABLE = "ST"
    UNSTABLE = "US"
    OVERLOAD = "OL"
    COUNT = "QT"


# Header 2 values seen in the cited manuals (AD-4329A, AD-4404, OP-05, GC comparison results)
HEADER2_VALUES = frozenset({"GS", "NT", "TR", "PT", "G ", "N ", "T ", "LO", "OK", "HI", "--"})

# unit symbol (stripped) -> kilograms per unit; units without a mass meaning are absent
KG_PER_UNIT: dict[str, float] = {
    "kg": 1.0,
    "g": 0.001,
    "t": 1000.0,
    "lb": 0.45359237,  # international avoirdupois pound (exact by definition)
    "oz": 0.45359237 / 16.0,
}

_DATA = re.compile(r"[+-][0-9 .,]*")
_UNIT = re.compile(r" {0,5}[A-Za-z%]{0,3}")


@dataclass(frozen=True, slots=True)
class WeighingLine:
    """One data line.  ``data`` and ``unit_field`` are kept exactly as sent (round trip)."""

    header: Header
    data: str  # polarity + digits/point/spaces, e.g. "+00070.20"
    unit_field: str  # as sent, padding included, e.g. " kg"
    header2: str | None = None

    @property
    def unit(self) -> str:
        return self.unit_field.strip()

    @property
    def is_overload(self) -> bool:
        return self.header is Header.OVERLOAD or " " in self.data

    @property
    def value(self) -> float | None:
        """The numeric value in ``unit``; None when the digits are blanked (overload)."""
        if " " in self.data or not any(ch.isdigit() for ch in self.data):
            return None
        return float(self.data.replace(",", "."))

    @property
    def mass_kg(self) -> float | None:
        """The value converted to kg; None for overload, counts and non-mass units."""
        value = self.value
        factor = KG_PER_UNIT.get(self.unit)
        if value is None or factor is None or self.header is Header.COUNT:
            return None
        return value * factor


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """``<AK>``: the command was accepted."""


@dataclass(frozen=True, slots=True)
class ErrorReply:
    """``EC,Exx``: the device rejected a command; ``code`` is e.g. ``"E1"``."""

    code: str


Message = WeighingLine | Acknowledgement | ErrorReply


class Command(enum.StrEnum):
    """Host -> balance commands (reference §4; GC/FX-i command lists)."""

    QUERY = "Q"  # output the current value now
    STABLE = "S"  # output the next stable value
    IMMEDIATE = "SI"  # output the current value immediately (stable or not)
    STREAM = "SIR"  # output continuously
    CANCEL = "C"  # cancel S/SIR
    REZERO = "R"  # re-zero
    TARE = "T"  # tare
    ZERO = "Z"  # not in the cited manual excerpts (re-zero is R there): verify per model


def _text(line: bytes) -> str:
    if not line.endswith(CRLF):
        raise CodecError("A&D line must end with CR LF")
    body = line[:-2]
    if b"\r" in body or b"\n" in body:
        raise CodecError("embedded CR/LF in A&D line")
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError as err:
        raise CodecError("non-ASCII byte in A&D line") from err
    if not text.isprintable() and text != ACK.decode():
        raise CodecError("control character in A&D line")
    return text


def _decode_data_line(text: str) -> WeighingLine:
    try:
        header = Header(text[:2])
    except ValueError as err:
        raise CodecError(f"unknown A&D header {text[:2]!r}") from err
    if text[2:3] != ",":
        raise CodecError("A&D header not followed by a comma")
    rest = text[3:]
    header2 = None
    if len(rest) >= 3 and rest[2] == "," and rest[:2] in HEADER2_VALUES:
        header2, rest = rest[:2], rest[3:]
    match = _DATA.match(rest)
    if match is None:
        raise CodecError("A&D data must start with + or -")
    data = match.group().rstrip(" ")
    unit_field = rest[len(data):]
    digits = data[1:]
    if not any(ch.isdigit() for ch in digits) and header is not Header.OVERLOAD:
        raise CodecError("A&D data has no digits")
    if sum(digits.count(ch) for ch in ".,") > 1:
        raise CodecError("A&D data has more than one decimal point")
    if " " in digits and header is not Header.OVERLOAD:
        raise CodecError("blanked digits outside an overload line")
    if _UNIT.fullmatch(unit_field) is None:
        raise CodecError(f"bad A&D unit field {unit_field!r}")
    return WeighingLine(header=header, data=data, unit_field=unit_field, header2=header2)


def decode(line: bytes) -> Message:
    """Decode one line received from the balance (terminator included).

    Raises:
        CodecError: the bytes are not an A&D standard-format line or reply.
    """
    text = _text(line)
    if text == ACK.decode():
        return Acknowledgement()
    if text.startswith("EC,"):
        code = text[3:]
        if re.fullmatch(r"E[0-9A-Z]{1,2}", code) is None:
            raise CodecError(f"bad A&D error reply {text!r}")
        return ErrorReply(code)
    return _decode_data_line(text)


def encode(message: Message) -> bytes:
    """Encode what the balance would send (used by the emulator)."""
    if isinstance(message, Acknowledgement):
        return ACK + CRLF
    if isinstance(message, ErrorReply):
        return f"EC,{message.code}".encode("ascii") + CRLF
    head = message.header.value + "," + (f"{message.header2}," if message.header2 else "")
    return (head + message.data + message.unit_field).encode("ascii") + CRLF


def format_data(value: float, *, width: int = 9, decimals: int = 2) -> str:
    """``70.2`` -> ``"+00070.20"``: polarity, zero padding, ``width`` characters in all.

    The polarity of zero is positive (GC manual §16.2).
    """
    sign = "-" if value < 0 and round(abs(value), decimals) != 0 else "+"
    body = f"{abs(value):0{width - 1}.{decimals}f}"
    if len(body) != width - 1:
        raise CodecError(f"{value} does not fit in {width} characters")
    return sign + body


def data_line(header: Header, value: float, unit: str = "kg", *, width: int = 9,
              decimals: int = 2, header2: str | None = None) -> WeighingLine:
    """Build a line the way a balance prints it: unit right-aligned in three characters."""
    return WeighingLine(header, format_data(value, width=width, decimals=decimals),
                        unit.rjust(3), header2)


def overload_line(unit: str = "kg", *, negative: bool = False) -> WeighingLine:
    """An AD-4329A format-1 overload: digits blanked, decimal point kept."""
    return WeighingLine(Header.OVERLOAD, ("-" if negative else "+") + "    .", "  " + unit.rjust(3))


def encode_command(command: Command) -> bytes:
    """Host command bytes: the mnemonic and CR LF."""
    return command.value.encode("ascii") + CRLF


def decode_command(line: bytes) -> Command:
    """The device side of :func:`encode_command` (accepts CR, LF or CR LF).

    Raises:
        CodecError: not a known command (the balance answers ``EC,E1``).
    """
    try:
        return Command(line.rstrip(b"\r\n").decode("ascii"))
    except (UnicodeDecodeError, ValueError) as err:
        raise CodecError(f"undefined A&D command {line!r}") from err

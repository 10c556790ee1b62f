"""Tanita body-composition analyser serial output and PC-mode commands (pure).

Output record (SC-240 manual p.24, SC-330 manual p.24, MC-980MA output format p.13; reference
shared/reference/devices-and-protocols.md §4): one CSV line of 2-character header / value pairs
ending in a checksum pair and CR LF, sent unsolicited after each measurement::

    {0,16,~0,1,~1,1,~2,1,MO,"SC-240",SN,"00000002",...,ZF,369.4,CS,FD<CR><LF>

``CS`` is two upper-case hex digits: the byte sum of everything from ``{`` through the comma
before ``CS``, modulo 256.  The manuals do not state the rule; it was derived and verified
against the SC-240 manual's sample (0xFD) -- reference §4.

PC mode (MC-980MA PC-mode instructions §4.2, BC-418MA "Remote Mode"): the host sends
``D0xx.x`` tare, ``D1x`` gender, ``D2x`` body type, ``D3xxx.x`` height, ``D4xx`` age, then
``G1`` to start; each accepted command is acknowledged by echoing its 2-character prefix
(``D1``), a parameter error by the prefix and ``!`` (``D1!``), and an unknown command by ``!``.
Error status lines ``E0``..``E9`` may arrive with or without a command (MC-980MA §4.2.3).

Every decoder raises :class:`drivers.codecs.errors.CodecError` and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drivers.codecs.errors import CodecError

CRLF = b"\r\n"
LB_TO_KG = 0.45359237

# MC-980MA PC-mode instructions §4.2.3 "Error status"
ERROR_MEANINGS: dict[str, str] = {
    "E0": "internal trouble in equipment",
    "E1": "overload of scale",
    "E2": "impedance measurement error",
    "E3": "zero point setting error of scale",
    "E4": "measurement command received without personal information",
    "E5": "zero point of the scale is not set",
    "E6": "parameter of the set data is imperfect",
    "E7": "fat % measurement error",
    "E8": "setting item memory error",
    "E9": "negative overload of scale",
}

_HEADER = re.compile(r"[!-~]{2}")
_VALUE = re.compile(r'"[ -!#-+\--~]*"|[ -!#-+\--~]*')  # printable ASCII, no comma or stray quote


def checksum(body: bytes) -> int:
    """Byte sum modulo 256 of ``{`` .. the comma before ``CS`` (reference §4)."""
    return sum(body) & 0xFF


@dataclass(frozen=True, slots=True)
class TanitaRecord:
    """One measurement record: the header/value pairs as sent (values keep their quotes)."""

    pairs: tuple[tuple[str, str], ...]

    def text(self, header: str) -> str | None:
        """The value of ``header`` with any quotes removed, or None when absent."""
        for key, value in self.pairs:
            if key == header:
                return value.strip('"').strip()
        return None

    def number(self, header: str) -> float | None:
        """The value of ``header`` as a number; None when absent."""
        text = self.text(header)
        if text is None:
            return None
        try:
            return float(text)
        except ValueError:
            return None

    @property
    def model(self) -> str | None:
        return self.text("MO")

    @property
    def serial_number(self) -> str | None:
        return self.text("SN")

    @property
    def weight_kg(self) -> float | None:
        kg = self.number("Wk")
        if kg is not None:
            return kg
        lb = self.number("Wp")  # lb mode (WB-3000 manual p.10)
        return None if lb is None else lb * LB_TO_KG

    @property
    def height_cm(self) -> float | None:
        return self.number("Hm")

    @property
    def body_fat_pct(self) -> float | None:
        return self.number("FW")

    @property
    def fat_mass_kg(self) -> float | None:
        return self.number("fW")

    @property
    def fat_free_mass_kg(self) -> float | None:
        return self.number("MW")

    @property
    def muscle_mass_kg(self) -> float | None:
        return self.number("mW")

    @property
    def body_water_kg(self) -> float | None:
        return self.number("wW")

    @property
    def bmi_kg_m2(self) -> float | None:
        return self.number("MI")

    @property
    def basal_metabolism_kj(self) -> float | None:
        return self.number("rb")  # "BMR (kJ)", increments of 1 kJ (SC-240 p.24)

    @property
    def impedance_ohm(self) -> float | None:
        return self.number("ZF")  # impedance at 50 kHz

    @property
    def age_years(self) -> float | None:
        return self.number("AG")

    @property
    def gender(self) -> str | None:
        return {"1": "male", "2": "female"}.get(self.text("GE") or "")


@dataclass(frozen=True, slots=True)
class CommandAck:
    """A PC-mode acknowledgement: ``prefix`` echoed; ``accepted`` False for ``D1!``."""

    prefix: str
    accepted: bool = True


@dataclass(frozen=True, slots=True)
class Rejected:
    """``!``: the analyser did not understand the command."""


@dataclass(frozen=True, slots=True)
class DeviceError:
    """``E0``..``E9``: an error status (MC-980MA §4.2.3)."""

    code: str

    @property
    def meaning(self) -> str:
        return ERROR_MEANINGS.get(self.code, "unknown error")


Message = TanitaRecord | CommandAck | Rejected | DeviceError

_COMMAND_PREFIXES = frozenset({"D0", "D1", "D2", "D3", "D4", "D5", "D6", "G1", "M1", "U0"})


def _line_text(line: bytes) -> str:
    if not line.endswith(CRLF):
        raise CodecError("Tanita line must end with CR LF")
    body = line[:-2]
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError as err:
        raise CodecError("non-ASCII byte in Tanita line") from err
    if not text.isprintable():
        raise CodecError("control character in Tanita line")
    return text


def decode_record(line: bytes) -> TanitaRecord:
    """Decode one output record and verify its checksum.

    Raises:
        CodecError: bad framing, odd field count, bad header/value, missing or wrong ``CS``.
    """
    text = _line_text(line)
    if not text.startswith("{"):
        raise CodecError("Tanita record must start with '{'")
    cs_at = text.rfind(",CS,")
    if cs_at < 0:
        raise CodecError("Tanita record has no CS checksum")
    body, cs_text = text[: cs_at + 1], text[cs_at + 4:]
    if re.fullmatch(r"[0-9A-Fa-f]{2}", cs_text) is None:
        raise CodecError(f"bad Tanita checksum field {cs_text!r}")
    expected = checksum(body.encode("ascii"))
    if int(cs_text, 16) != expected:
        raise CodecError(f"Tanita checksum {cs_text} != {expected:02X}")
    fields = body[:-1].split(",")
    if len(fields) % 2:
        raise CodecError("Tanita record has an odd number of fields")
    pairs = tuple(zip(fields[::2], fields[1::2], strict=True))
    for header, value in pairs:
        if _HEADER.fullmatch(header) is None or _VALUE.fullmatch(value) is None:
            raise CodecError(f"bad Tanita field {header!r}={value!r}")
    if pairs[0][0] != "{0":
        raise CodecError("Tanita record must start with the {0 control field")
    return TanitaRecord(pairs)


def encode_record(record: TanitaRecord) -> bytes:
    """The record as the analyser sends it, with ``CS`` computed.

    Raises:
        CodecError: a header or value that could not be sent (comma, wrong length...).
    """
    if not record.pairs or record.pairs[0][0] != "{0":
        raise CodecError("a Tanita record starts with the {0 control field")
    for header, value in record.pairs:
        if _HEADER.fullmatch(header) is None or _VALUE.fullmatch(value) is None or header == "CS":
            raise CodecError(f"cannot encode Tanita field {header!r}={value!r}")
    body = "".join(f"{header},{value}," for header, value in record.pairs).encode("ascii")
    return body + b"CS," + f"{checksum(body):02X}".encode("ascii") + CRLF


def decode(line: bytes) -> Message:
    """Decode any line from the analyser: a record, an ack, ``!`` or an error status.

    Raises:
        CodecError: anything else.
    """
    text = _line_text(line)
    if text.startswith("{"):
        return decode_record(line)
    if text == "!":
        return Rejected()
    if re.fullmatch(r"E[0-9]", text):
        return DeviceError(text)
    if text[:2] in _COMMAND_PREFIXES and text[2:] in ("", "!"):
        return CommandAck(text[:2], accepted=text[2:] == "")
    raise CodecError(f"unknown Tanita line {text[:20]!r}")


def encode(message: Message) -> bytes:
    """What the analyser sends for ``message`` (used by the emulator)."""
    if isinstance(message, TanitaRecord):
        return encode_record(message)
    if isinstance(message, Rejected):
        return b"!" + CRLF
    if isinstance(message, DeviceError):
        return message.code.encode("ascii") + CRLF
    return (message.prefix + ("" if message.accepted else "!")).encode("ascii") + CRLF


# --- PC-mode commands (MC-980MA PC-mode instructions §4.2 items 10-14) ---------------------

def cmd_tare(kg: float) -> bytes:
    """``D0XX.X``: preset tare (clothes), 0.0-10.0 kg."""
    if not 0.0 <= kg <= 10.0:
        raise ValueError("tare must be 0.0-10.0 kg")
    return f"D0{kg:04.1f}".encode("ascii") + CRLF


def cmd_gender(gender: str) -> bytes:
    """``D1X``: 1 male, 2 female."""
    code = {"male": "1", "female": "2"}.get(gender)
    if code is None:
        raise ValueError("gender must be 'male' or 'female'")
    return f"D1{code}".encode("ascii") + CRLF


def cmd_body_type(athletic: bool = False) -> bytes:
    """``D2X``: 0 standard, 2 athletic."""
    return (b"D22" if athletic else b"D20") + CRLF


def cmd_height(cm: float) -> bytes:
    """``D3XXX.X``: height, 90-249 cm, five characters."""
    if not 90.0 <= cm <= 249.0:
        raise ValueError("height must be 90-249 cm")
    return f"D3{cm:05.1f}".encode("ascii") + CRLF


def cmd_age(years: int) -> bytes:
    """``D4XX``: age 5-99."""
    if not 5 <= years <= 99:
        raise ValueError("age must be 5-99")
    return f"D4{years:02d}".encode("ascii") + CRLF


START = b"G1" + CRLF  # start measurement (weight and impedance)


def decode_command(line: bytes) -> tuple[str, str]:
    """The device side: ``b"D3175.4\\r\\n"`` -> ``("D3", "175.4")``.

    Raises:
        CodecError: not a PC-mode command.
    """
    try:
        text = line.rstrip(b"\r\n").decode("ascii")
    except UnicodeDecodeError as err:
        raise CodecError("non-ASCII Tanita command") from err
    if text[:2] not in _COMMAND_PREFIXES:
        raise CodecError(f"unknown Tanita command {text[:8]!r}")
    return text[:2], text[2:]

"""Tindeq Progressor force gauge: control commands and data-characteristic frames.

Protocol: the official API page https://tindeq.com/progressor_api/ (its tables are images),
with byte details from public clients: ``StuartLittlefair/PyTindeq`` ``laptop/src/tindeq.py``
(commands written as ``[opcode, 0]``; samples unpacked as ``<f`` + 4-byte time) and
``Stevie-Ray/hangtime-grip-connect`` ``progressor.model.ts`` (response kinds 0-4).

* Service ``7e4e1701-1ea6-40c9-9dcc-13d34ffead57``; data ``…1702`` (notify); control ``…1703`` (write).
* Every frame is TLV: ``[tag u8][length u8][value: length octets]``.
* Commands (tag = op code): 0x64 tare, 0x65 start weight measurement (~80 Hz), 0x66 stop,
  0x67 start peak RFD, 0x68 start peak RFD series, 0x69 add calibration point, 0x6A save
  calibration, 0x6B get app version, 0x6C get error info, 0x6D clear error info, 0x6E sleep,
  0x6F get battery voltage.
* Data frames: tag 0 command response (value depends on the command: battery = u32 mV,
  version / error info = text); tag 1 weight samples = repeated (float32 kg, uint32 µs since
  measurement start); tag 2 peak RFD and tag 3 peak RFD series (payload kept opaque);
  tag 4 low-power warning.

The device reports kilograms of force (it is a load cell), hence ``force_kgf``.  A non-finite
float32 force (NaN/∞) is rejected rather than stored as a number.
"""

from __future__ import annotations

import enum
import math
import struct
from dataclasses import dataclass

from drivers.codecs._wire import Reader, pack_f32, pack_u32
from drivers.codecs.errors import CodecError, ReservedValue

SERVICE_UUID = "7e4e1701-1ea6-40c9-9dcc-13d34ffead57"
DATA_UUID = "7e4e1702-1ea6-40c9-9dcc-13d34ffead57"
CONTROL_UUID = "7e4e1703-1ea6-40c9-9dcc-13d34ffead57"
_SAMPLE = struct.Struct("<fI")


class Command(enum.IntEnum):
    TARE_SCALE = 0x64
    START_WEIGHT_MEASUREMENT = 0x65
    STOP_WEIGHT_MEASUREMENT = 0x66
    START_PEAK_RFD_MEASUREMENT = 0x67
    START_PEAK_RFD_MEASUREMENT_SERIES = 0x68
    ADD_CALIBRATION_POINT = 0x69
    SAVE_CALIBRATION = 0x6A
    GET_APP_VERSION = 0x6B
    GET_ERROR_INFO = 0x6C
    CLEAR_ERROR_INFO = 0x6D
    SLEEP = 0x6E
    GET_BATTERY_VOLTAGE = 0x6F


class ResponseKind(enum.IntEnum):
    COMMAND_RESPONSE = 0
    WEIGHT_MEASUREMENT = 1
    PEAK_RFD_MEASUREMENT = 2
    PEAK_RFD_MEASUREMENT_SERIES = 3
    LOW_POWER_WARNING = 4


@dataclass(frozen=True, slots=True)
class ControlCommand:
    """A frame written to the control characteristic."""

    command: Command
    payload: bytes = b""


@dataclass(frozen=True, slots=True)
class ForceSample:
    force_kgf: float
    time_us: int  # microseconds since the measurement started (device clock)


@dataclass(frozen=True, slots=True)
class WeightSamples:
    """Tag 1: a burst of samples (several per notification)."""

    samples: tuple[ForceSample, ...]


@dataclass(frozen=True, slots=True)
class CommandResponse:
    """Tag 0: the answer to the last command; its meaning depends on that command."""

    value: bytes

    def battery_mv(self) -> int:
        """The answer to GET_BATTERY_VOLTAGE: uint32 millivolts."""
        if len(self.value) != 4:
            raise CodecError(f"Tindeq battery response: expected 4 octets, got {len(self.value)}")
        mv: int = struct.unpack("<I", self.value)[0]
        return mv

    def text(self) -> str:
        """The answer to GET_APP_VERSION / GET_ERROR_INFO (UTF-8)."""
        try:
            return self.value.decode("utf-8").rstrip("\x00")
        except UnicodeDecodeError as err:
            raise CodecError(f"Tindeq text response: not UTF-8 ({err.reason})") from None


@dataclass(frozen=True, slots=True)
class OpaqueFrame:
    """Tags 2-4 (peak RFD, RFD series, low-power warning): payload kept as sent."""

    kind: ResponseKind
    payload: bytes = b""


TindeqFrame = CommandResponse | WeightSamples | OpaqueFrame


def _tlv(data: bytes, what: str) -> tuple[int, bytes]:
    reader = Reader(data, what)
    tag, length = reader.u8("tag"), reader.u8("length")
    value = reader.take(length, "value")
    reader.end()
    return tag, value


def _frame(tag: int, value: bytes) -> bytes:
    if len(value) > 0xFF:
        raise CodecError(f"Tindeq frame value of {len(value)} octets exceeds the 1-octet length")
    return bytes([tag, len(value)]) + value


def decode_command(data: bytes) -> ControlCommand:
    """Decode a control-characteristic write (what an emulator receives)."""
    tag, value = _tlv(data, "Tindeq command")
    try:
        return ControlCommand(Command(tag), value)
    except ValueError:
        raise ReservedValue(f"Tindeq command: unknown op code 0x{tag:02X}") from None


def encode_command(command: ControlCommand) -> bytes:
    if command.command not in Command.__members__.values():
        raise CodecError(f"Tindeq command: unknown op code {command.command!r}")
    return _frame(command.command, command.payload)


def decode_frame(data: bytes) -> TindeqFrame:
    """Decode one notification from the data characteristic."""
    tag, value = _tlv(data, "Tindeq data frame")
    if tag == ResponseKind.COMMAND_RESPONSE:
        return CommandResponse(value)
    if tag == ResponseKind.WEIGHT_MEASUREMENT:
        if len(value) % _SAMPLE.size:
            raise CodecError(f"Tindeq weight frame: {len(value)} octets is not whole 8-octet samples")
        samples = tuple(ForceSample(force, time_us) for force, time_us in _SAMPLE.iter_unpack(value))
        if not all(math.isfinite(s.force_kgf) for s in samples):
            raise ReservedValue("Tindeq weight frame: non-finite force sample")
        return WeightSamples(samples)
    try:
        return OpaqueFrame(ResponseKind(tag), value)
    except ValueError:
        raise ReservedValue(f"Tindeq data frame: unknown response kind {tag}") from None


def encode_frame(frame: TindeqFrame) -> bytes:
    """The notification bytes for a frame (what the emulator sends)."""
    if isinstance(frame, CommandResponse):
        return _frame(ResponseKind.COMMAND_RESPONSE, frame.value)
    if isinstance(frame, WeightSamples):
        body = b""
        for sample in frame.samples:
            if not math.isfinite(sample.force_kgf):
                raise CodecError("Tindeq sample force must be finite")
            body += pack_f32(sample.force_kgf, "force") + pack_u32(sample.time_us, "time")
        return _frame(ResponseKind.WEIGHT_MEASUREMENT, body)
    if frame.kind not in (ResponseKind.PEAK_RFD_MEASUREMENT, ResponseKind.PEAK_RFD_MEASUREMENT_SERIES,
                          ResponseKind.LOW_POWER_WARNING):
        raise CodecError(f"Tindeq opaque frame: kind {frame.kind!r} has its own frame type")
    return _frame(frame.kind, frame.payload)


def battery_response(millivolts: int) -> CommandResponse:
    return CommandResponse(pack_u32(millivolts, "battery voltage"))


def frame_to_json(frame: TindeqFrame) -> dict[str, object]:
    if isinstance(frame, WeightSamples):
        return {"type": "weight_samples",
                "samples": [{"force_kgf": s.force_kgf, "time_us": s.time_us} for s in frame.samples],
                "peak_force_kgf": max((s.force_kgf for s in frame.samples), default=None)}
    if isinstance(frame, CommandResponse):
        return {"type": "command_response", "value_hex": frame.value.hex(" ").upper()}
    return {"type": frame.kind.name.lower(), "payload_hex": frame.payload.hex(" ").upper()}

"""Tindeq Progressor commands and data frames.

The reference gives the layout but no captured bytes, so frames here are built from it:
commands as PyTindeq writes them (``cmd.to_bytes(2, "little")`` = ``[op, 0]``,
``StuartLittlefair/PyTindeq`` ``laptop/src/tindeq.py``) and samples as its ``<f`` + 4-byte
time struct (devices-and-protocols.md §3.4).
"""

from __future__ import annotations

import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs.errors import CodecError, ReservedValue, TrailingBytes, TruncatedFrame
from drivers.codecs.tindeq import (
    Command,
    CommandResponse,
    ControlCommand,
    ForceSample,
    OpaqueFrame,
    ResponseKind,
    TindeqFrame,
    WeightSamples,
    battery_response,
    decode_command,
    decode_frame,
    encode_command,
    encode_frame,
)


@pytest.mark.parametrize(
    ("frame", "command"),
    [
        ("64 00", Command.TARE_SCALE),
        ("65 00", Command.START_WEIGHT_MEASUREMENT),
        ("66 00", Command.STOP_WEIGHT_MEASUREMENT),
        ("6E 00", Command.SLEEP),
        ("6F 00", Command.GET_BATTERY_VOLTAGE),
    ],
)
def test_commands_as_pytindeq_writes_them(frame: str, command: Command) -> None:
    assert encode_command(ControlCommand(command)) == bytes.fromhex(frame)
    assert decode_command(bytes.fromhex(frame)) == ControlCommand(command)


def test_weight_samples() -> None:
    body = struct.pack("<fI", 12.5, 1000) + struct.pack("<fI", 30.25, 13_500)
    frame = decode_frame(bytes([1, len(body)]) + body)
    assert frame == WeightSamples((ForceSample(12.5, 1000), ForceSample(30.25, 13_500)))


def test_battery_and_version_responses() -> None:
    battery = decode_frame(bytes.fromhex("00 04 E4 0C 00 00"))
    assert isinstance(battery, CommandResponse) and battery.battery_mv() == 3300
    assert encode_frame(battery_response(3300)) == bytes.fromhex("00 04 E4 0C 00 00")
    version = decode_frame(b"\x00\x051.2.3")
    assert isinstance(version, CommandResponse) and version.text() == "1.2.3"
    with pytest.raises(CodecError):
        version.battery_mv()


def test_low_power_warning() -> None:
    assert decode_frame(b"\x04\x00") == OpaqueFrame(ResponseKind.LOW_POWER_WARNING)


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        ("01 08 00 00 48 41 E8 03 00", TruncatedFrame),  # length says 8, 7 given
        ("01 07 00 00 48 41 E8 03 00", CodecError),  # 7 octets is not whole samples
        ("00 00 00", TrailingBytes),
        ("09 00", ReservedValue),  # unknown response kind
        ("01", TruncatedFrame),
    ],
)
def test_malformed_frames(frame: str, error: type[CodecError]) -> None:
    with pytest.raises(error):
        decode_frame(bytes.fromhex(frame))


def test_non_finite_force_is_refused() -> None:
    body = struct.pack("<fI", math.nan, 0)
    with pytest.raises(ReservedValue):
        decode_frame(bytes([1, 8]) + body)
    with pytest.raises(CodecError):
        encode_frame(WeightSamples((ForceSample(math.inf, 0),)))


def test_unknown_command() -> None:
    with pytest.raises(ReservedValue):
        decode_command(b"\x10\x00")


samples = st.builds(
    ForceSample, st.floats(width=32, allow_nan=False, allow_infinity=False), st.integers(0, 0xFFFFFFFF)
)
frames = st.one_of(
    st.builds(WeightSamples, st.lists(samples, max_size=31).map(tuple)),
    st.builds(CommandResponse, st.binary(max_size=255)),
    st.builds(
        OpaqueFrame,
        st.sampled_from(
            [
                ResponseKind.PEAK_RFD_MEASUREMENT,
                ResponseKind.PEAK_RFD_MEASUREMENT_SERIES,
                ResponseKind.LOW_POWER_WARNING,
            ]
        ),
        st.binary(max_size=255),
    ),
)


@given(frames)
def test_frame_round_trip(frame: TindeqFrame) -> None:
    data = encode_frame(frame)
    assert decode_frame(data) == frame
    assert encode_frame(decode_frame(data)) == data


@given(st.sampled_from(list(Command)), st.binary(max_size=255))
def test_command_round_trip(command: Command, payload: bytes) -> None:
    assert decode_command(encode_command(ControlCommand(command, payload))) == ControlCommand(
        command, payload
    )

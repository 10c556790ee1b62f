"""Mark-10 ASCII readings: cited vectors, unit conversion, round trips, fuzzing.

Sources: Mark-10 Series 4 User's Guide §9.1.3 (``-18.78 lbF``, ``4.285 N``, ``*10`` illegal
command; reference §4), Mark-10's serial example comment ``3.258 lbF\\r\\n``.
"""

from __future__ import annotations

import contextlib
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs import mark10
from drivers.codecs.errors import CodecError


@pytest.mark.parametrize(
    ("line", "value", "unit", "kgf"),
    [
        (b"-18.78 lbF\r\n", -18.78, mark10.ForceUnit.POUND_FORCE, -18.78 * 0.45359237),
        (b"4.285 N\r\n", 4.285, mark10.ForceUnit.NEWTON, 4.285 / 9.80665),
        (b"3.258 lbF\r\n", 3.258, mark10.ForceUnit.POUND_FORCE, 3.258 * 0.45359237),
    ],
)
def test_cited_readings(line: bytes, value: float, unit: mark10.ForceUnit, kgf: float) -> None:
    message = mark10.decode(line)
    assert isinstance(message, mark10.ForceReading)
    assert message.value == value and message.unit is unit
    assert message.force_kgf == pytest.approx(kgf)
    assert mark10.encode(message) == line


def test_unit_conversions() -> None:
    assert mark10.reading(9.80665, mark10.ForceUnit.NEWTON, 5).force_kgf == pytest.approx(1.0)
    assert mark10.reading(16, mark10.ForceUnit.OUNCE_FORCE).force_kgf == pytest.approx(0.45359237)
    assert mark10.reading(1000, mark10.ForceUnit.GRAM_FORCE).force_kgf == pytest.approx(1.0)
    assert mark10.reading(0.00980665, mark10.ForceUnit.KILONEWTON, 8).force_kgf == pytest.approx(1.0)
    assert mark10.reading(25, mark10.ForceUnit.KILOGRAM_FORCE).force_kgf == 25


def test_illegal_command_reply_and_commands() -> None:
    assert mark10.decode(b"*10\r\n") == mark10.GaugeError("10")
    assert mark10.encode_command(mark10.Command.READ) == b"?\r\n"
    assert mark10.decode_command(b"?\r") is mark10.Command.READ  # CR alone also ends a command
    assert mark10.decode_command(b"clrmem\r\n") is mark10.Command.CLEAR_MEMORY
    with pytest.raises(CodecError):
        mark10.decode_command(b"FOO\r\n")


@pytest.mark.parametrize("line", [b"4.285 N", b"4.285\r\n", b"NaN N\r\n", b"inf lbF\r\n",
                                  b"4.285 furlong\r\n", b"4..2 N\r\n", b"\xff N\r\n"])
def test_malformed(line: bytes) -> None:
    with pytest.raises(CodecError):
        mark10.decode(line)


def test_reading_rejects_nan() -> None:
    with pytest.raises(ValueError, match="finite"):
        mark10.reading(math.nan)


@given(st.floats(min_value=-1e5, max_value=1e5, allow_nan=False), st.sampled_from(list(mark10.ForceUnit)),
       st.integers(0, 4))
def test_round_trip(value: float, unit: mark10.ForceUnit, decimals: int) -> None:
    message = mark10.reading(value, unit, decimals)
    assert mark10.decode(mark10.encode(message)) == message


@given(st.binary(max_size=30))
def test_fuzz_only_codec_errors(data: bytes) -> None:
    with contextlib.suppress(CodecError):
        mark10.decode(data)

"""A&D standard format: cited vectors, round trips and fuzzing.

Vector sources (quoted in shared/reference/devices-and-protocols.md §4 and §5.1):
* GC-series manual §16.2 (manualshive.com/en/manual/aandd/gc-series/446421?page=51)
* EK-L manual §9-2 (88.208.23.73:8080/en/manual/aandd/ek-l-series/3176573?page=30)
* OP-05 manual p.58 (a-d.manymanuals.fr/.../op-05/specifications-47631/60)
* AD-4329A manual §9.1 (manualshive.com/en/manual/aandd/ad4329a-dlc/3074119?page=35)
* HC-3Ki manual p.48 (error codes), prototype run in reference §5.1 (``ST,+00070.20 kg``)
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs import and_weighing as aw
from drivers.codecs.errors import CodecError


@pytest.mark.parametrize(
    ("line", "header", "header2", "value", "unit", "mass_kg"),
    [
        # reference §5.1: "S -> ST,+00070.20 kg"; its spy:// capture shows the tail
        # "… 54 2C 2B 30 30 30 37 30 2E 32 30 20 6B 67 0D 0A" (the leading 53 'S' is elided there)
        (b"S" + bytes.fromhex("542C2B30303037302E3230206B670D0A"), "ST", None, 70.20, "kg", 70.20),
        (b"ST,+0001.234 kg\r\n", "ST", None, 1.234, "kg", 1.234),  # GC §16.2 weight data
        (b"QT,+00001234 PC\r\n", "QT", None, 1234.0, "PC", None),  # GC §16.2 count data
        (b"ST,OK,+0001.234 kg\r\n", "ST", "OK", 1.234, "kg", 1.234),  # GC §16.2 with comparison
        (b"ST,+001234.5  g\r\n", "ST", None, 1234.5, "g", 1.2345),  # EK-L §9-2 gram
        (b"OL,+999999.9  g\r\n", "OL", None, 999999.9, "g", 999.9999),  # EK-L §9-2 out of range
        (b"ST,GS,+0012345kg\r\n", "ST", "GS", 12345.0, "kg", 12345.0),  # OP-05 p.58 gross
        (b"US,GS,+0123.45kg\r\n", "US", "GS", 123.45, "kg", 123.45),  # OP-05 p.58 unstable
        (b"ST,G ,+01234.5kg\r\n", "ST", "G ", 1234.5, "kg", 1234.5),  # AD-4329A §9.1
    ],
)
def test_cited_data_lines(line: bytes, header: str, header2: str | None, value: float, unit: str,  # noqa: PLR0917
                          mass_kg: float | None) -> None:
    message = aw.decode(line)
    assert isinstance(message, aw.WeighingLine)
    assert message.header == header
    assert message.header2 == header2
    assert message.value == pytest.approx(value)
    assert message.unit == unit
    if mass_kg is None:
        assert message.mass_kg is None
    else:
        assert message.mass_kg == pytest.approx(mass_kg)
    assert aw.encode(message) == line


def test_blanked_overload_has_no_value() -> None:
    # OP-05 p.58 "plus overflow": OL,GS,+<SP><SP><SP><SP>.<SP><SP>kg
    line = b"OL,GS,+    .  kg\r\n"
    message = aw.decode(line)
    assert isinstance(message, aw.WeighingLine)
    assert message.is_overload and message.value is None and message.mass_kg is None
    assert aw.encode(message) == line


def test_acknowledgement_and_errors() -> None:
    assert aw.decode(b"\x06\r\n") == aw.Acknowledgement()
    assert aw.decode(b"EC,E1\r\n") == aw.ErrorReply("E1")  # HC-3Ki p.48: undefined command
    assert aw.encode(aw.ErrorReply("E7")) == b"EC,E7\r\n"


@pytest.mark.parametrize(
    "line",
    [
        b"ST,+00070.20 kg",  # no terminator
        b"XX,+00070.20 kg\r\n",  # unknown header
        b"ST+00070.20 kg\r\n",  # no comma
        b"ST,00070.20 kg\r\n",  # no polarity
        b"ST,+ kg\r\n",  # no digits
        b"ST,+0.0.1 kg\r\n",  # two points
        b"ST,+00 70.20 kg\r\n",  # blank digits on a stable line
        b"EC,X\r\n",
        b"ST,+00070.20 kg\x00\r\n",
        b"ST,+00070.20 k\xffg\r\n",
    ],
)
def test_malformed_lines(line: bytes) -> None:
    with pytest.raises(CodecError):
        aw.decode(line)


def test_format_data_polarity_of_zero() -> None:
    assert aw.format_data(0.0) == "+00000.00"  # GC §16.2: zero is positive
    assert aw.format_data(-0.001) == "+00000.00"
    assert aw.format_data(-12.5) == "-00012.50"
    with pytest.raises(ValueError, match="does not fit"):
        aw.format_data(1e9)


def test_commands_round_trip() -> None:
    for command in aw.Command:
        assert aw.decode_command(aw.encode_command(command)) is command
    assert aw.encode_command(aw.Command.STABLE) == b"S\r\n"  # reference §5.1 "TX 53 0D 0A"
    with pytest.raises(CodecError):
        aw.decode_command(b"XYZ\r\n")


@given(
    header=st.sampled_from(list(aw.Header)),
    value=st.floats(min_value=-99999.99, max_value=99999.99, allow_nan=False),
    unit=st.sampled_from(["kg", "g", "lb", "t", "PC", "%"]),
    header2=st.none() | st.sampled_from(sorted(aw.HEADER2_VALUES)),
)
def test_round_trip(header: aw.Header, value: float, unit: str, header2: str | None) -> None:
    line = aw.data_line(header, value, unit, header2=header2)
    assert aw.decode(aw.encode(line)) == line
    decoded = aw.decode(aw.encode(line))
    assert isinstance(decoded, aw.WeighingLine)
    assert decoded.value == pytest.approx(round(value, 2), abs=0.006)


@given(unit=st.sampled_from(["kg", "g", "t"]), negative=st.booleans())
def test_overload_round_trip(unit: str, negative: bool) -> None:
    line = aw.overload_line(unit, negative=negative)
    assert aw.decode(aw.encode(line)) == line


@given(st.binary(max_size=40))
def test_fuzz_only_codec_errors(data: bytes) -> None:
    with contextlib.suppress(CodecError):
        aw.decode(data)


@given(st.text(alphabet="STUSOLQEC,+- .0123456789kgPC\x06", max_size=24))
def test_fuzz_near_miss_text(text: str) -> None:
    try:
        message = aw.decode(text.encode() + b"\r\n")
    except CodecError:
        return
    if isinstance(message, aw.WeighingLine):
        assert aw.encode(message) == text.encode() + b"\r\n"
        _ = message.value, message.mass_kg  # never raises for anything decode accepted

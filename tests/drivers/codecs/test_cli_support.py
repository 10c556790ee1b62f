"""``parse_hex`` for ``lifelog-kiosk decode KIND HEX...``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs.cli_support import parse_hex
from drivers.codecs.errors import CodecError


@pytest.mark.parametrize(
    "args",
    [
        ["1E 8A 00"],
        ["1e8a00"],
        ["1E:8A:00"],
        ["1E", "8A", "00"],
        ["0x1E", "0x8A00"],
        ["1E-8A-00"],
        ["1e,8a,00"],
    ],
)
def test_accepted_spellings(args: list[str]) -> None:
    assert parse_hex(args) == b"\x1e\x8a\x00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "no bytes"),
        (["  "], "no bytes"),
        (["1E 8 00"], "odd number"),
        (["1G"], "not hexadecimal"),
        (["1E8A0"], "odd number"),
    ],
)
def test_bad_hex_is_a_codec_error(args: list[str], message: str) -> None:
    with pytest.raises(CodecError, match=message):
        parse_hex(args)


@given(st.binary(min_size=1, max_size=32), st.sampled_from([" ", ":", "", "-"]))
def test_any_bytes_round_trip(data: bytes, separator: str) -> None:
    text = data.hex(separator) if separator else data.hex()
    assert parse_hex([text]) == data
    assert parse_hex([text.upper()]) == data

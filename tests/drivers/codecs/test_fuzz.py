"""Fuzz every decoder: arbitrary bytes either decode or raise ``CodecError`` -- nothing else.

Inputs are pure ``binary()`` plus mutations (byte edits, truncation, extension) of a valid
frame, so the fuzzer also reaches the deep branches behind the flags.  Whatever decodes must
re-encode to exactly the same bytes (the codecs are strict, so there is one encoding).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.codecs import (
    blood_pressure,
    body_composition,
    date_time,
    device_info,
    mi_scale,
    racp,
    tindeq,
    weight_scale,
)
from drivers.codecs.decode import KINDS, decode
from drivers.codecs.errors import CodecError

Decoder = Callable[[bytes], Any]
Encoder = Callable[[Any], bytes] | None

# name -> (decoder, encoder that must reproduce the input or None, seed frame in hex)
CODECS: dict[str, tuple[Decoder, Encoder, str]] = {
    "2A35": (
        blood_pressure.decode_blood_pressure_measurement,
        blood_pressure.encode_blood_pressure_measurement,
        KINDS["2A35"].example_hex,
    ),
    "2A36": (
        blood_pressure.decode_intermediate_cuff_pressure,
        blood_pressure.encode_blood_pressure_measurement,
        KINDS["2A36"].example_hex,
    ),
    "2A49": (
        blood_pressure.decode_blood_pressure_feature,
        blood_pressure.encode_blood_pressure_feature,
        "3F 00",
    ),
    "2A9D": (
        weight_scale.decode_weight_measurement,
        weight_scale.encode_weight_measurement,
        "0F 48 3C EA 07 03 02 0E 05 09 03 F5 00 AD 02",
    ),
    "2A9E": (
        weight_scale.decode_weight_scale_feature,
        weight_scale.encode_weight_scale_feature,
        "BF 01 00 00",
    ),
    "2A9C": (
        body_composition.decode_body_composition_measurement,
        body_composition.encode_body_composition_measurement,
        "FE 1F C9 00 EA 07 03 02 0E 05 09 01 64 19 92 01 70 17 10 27 28 23 58 1B 95 11 B0 36 A4 06",
    ),
    "2A9B": (
        body_composition.decode_body_composition_feature,
        body_composition.encode_body_composition_feature,
        "FF 07 00 00",
    ),
    "2A08": (date_time.decode_date_time, date_time.encode_date_time, "DD 07 08 1A 09 0A 14"),
    "2A2B": (date_time.decode_current_time, date_time.encode_current_time, "EA 07 03 02 0E 05 09 01 00 01"),
    "2A52": (racp.decode_racp, racp.encode_racp, "04 04 02 EA 07 03 02 00 00 00 EA 07 03 02 17 3B 3B"),
    "2A19": (device_info.decode_battery_level, device_info.encode_battery_level, "5A"),
    "2A23": (device_info.decode_system_id, device_info.encode_system_id, "01 02 03 04 05 5C 2D 00"),
    "dis": (device_info.decode_dis_string, None, "55 41 2D 36 35 31 42 4C 45"),
    "mi-scale-2": (mi_scale.decode_mi_scale_2, mi_scale.encode_mi_scale_2, KINDS["mi-scale-2"].example_hex),
    "mi-scale-1": (mi_scale.decode_mi_scale_1, mi_scale.encode_mi_scale_1, KINDS["mi-scale-1"].example_hex),
    "tindeq": (
        tindeq.decode_frame,
        tindeq.encode_frame,
        "01 10 00 00 48 41 E8 03 00 00 00 00 F2 41 BC 34 00 00",
    ),
    "tindeq-command": (tindeq.decode_command, tindeq.encode_command, "65 00"),
}


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["set", "cut", "grow", "flip"]))
        if action == "set" and data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        elif action == "flip" and data:
            index = draw(st.integers(0, len(data) - 1))
            data[index] ^= 1 << draw(st.integers(0, 7))
        elif action == "cut" and data:
            del data[draw(st.integers(0, len(data) - 1)) :]
        elif action == "grow":
            data += draw(st.binary(min_size=1, max_size=4))
    return bytes(data)


def inputs(seed_hex: str) -> st.SearchStrategy[bytes]:
    seed = bytes.fromhex(seed_hex)
    return st.one_of(st.binary(max_size=40), mutated(seed), st.just(seed))


def test_seeds_are_valid() -> None:
    for name, (decoder, encoder, seed_hex) in CODECS.items():
        record = decoder(bytes.fromhex(seed_hex))
        if encoder is not None:
            assert encoder(record) == bytes.fromhex(seed_hex), name


@pytest.mark.parametrize("name", sorted(CODECS))
def test_decoder_raises_only_codec_error(name: str) -> None:
    decoder, encoder, seed_hex = CODECS[name]

    @given(inputs(seed_hex))
    def check(data: bytes) -> None:
        try:
            record = decoder(data)
        except CodecError:
            return
        if encoder is not None:
            assert encoder(record) == data

    check()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_decode_dict_is_json_or_codec_error(kind: str) -> None:
    """The CLI path, for every registered kind (serial codecs included)."""

    # 50: the raw decoders above already get 100 each; no deadline: the first call imports the codec
    @settings(max_examples=50, deadline=None)
    @given(inputs(KINDS[kind].example_hex))
    def check(data: bytes) -> None:
        try:
            result = decode(kind, data)
        except CodecError:
            return
        json.dumps(result, allow_nan=False)

    check()

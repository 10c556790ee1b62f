"""Body Composition Measurement 0x2A9C (incl. Multiple Packet Measurement) and Feature 0x2A9B."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.codecs.body_composition import (
    BodyCompositionAssembler,
    BodyCompositionFeature,
    BodyCompositionMeasurement,
    decode_body_composition_feature,
    decode_body_composition_measurement,
    encode_body_composition_feature,
    encode_body_composition_measurement,
    merge_packets,
    split_measurement,
)
from drivers.codecs.date_time import DateTime
from drivers.codecs.errors import CodecError, ReservedValue, TruncatedFrame
from drivers.codecs.units import UNSUCCESSFUL, UnitSystem
from drivers.codecs.weight_scale import height_from_raw, mass_from_raw
from tests.drivers.codecs.strategies import date_times, u8

# No public byte capture of a standard 0x2A9C was found (devices-and-protocols.md §2.5 cites
# layouts only), so these frames are constructed from the GSS 0x2A9C field table.
FULL = BodyCompositionMeasurement(
    UnitSystem.SI,
    20.1,
    DateTime(2026, 3, 2, 14, 5, 9),
    1,
    6500.0,
    40.2,
    30.0,
    50.0,
    45.0,
    35.0,
    450.1,
    70.0,
    1.7,
)


def test_weight_and_impedance_packet() -> None:
    # flags 0x0600 (impedance + weight), body fat 201 -> 20.1 %, 5000 -> 500.0 Ω, 14000 -> 70 kg
    record = decode_body_composition_measurement(bytes.fromhex("00 06 C9 00 88 13 B0 36"))
    assert record.body_fat_pct == pytest.approx(20.1)
    assert record.impedance_ohm == pytest.approx(500.0)
    assert record.mass_kg == 70.0
    assert record.height_m is None and not record.multiple_packet


def test_unsuccessful_body_fat_is_explicit() -> None:
    record = decode_body_composition_measurement(bytes.fromhex("00 04 FF FF B0 36"))
    assert record.body_fat_pct is UNSUCCESSFUL and record.unsuccessful
    assert record.mass_kg == 70.0
    assert encode_body_composition_measurement(record) == bytes.fromhex("00 04 FF FF B0 36")


def test_imperial_masses_are_converted() -> None:
    # flags 0x0401: Imperial + weight; 15432 × 0.01 lb
    record = decode_body_composition_measurement(bytes.fromhex("01 04 C9 00 48 3C"))
    assert record.unit_system is UnitSystem.IMPERIAL
    assert record.mass_kg == pytest.approx(154.32 * 0.45359237)


def test_full_record_needs_two_default_packets() -> None:
    single = encode_body_composition_measurement(FULL)
    assert len(single) == 30  # > 20-octet default ATT payload (devices-and-protocols.md §2.5)
    first, second = split_measurement(FULL)
    assert len(first) <= 20 and len(second) <= 20
    halves = [decode_body_composition_measurement(p) for p in (first, second)]
    assert all(h.multiple_packet for h in halves)
    assert halves[0].mass_kg is None and halves[1].mass_kg == 70.0
    assert halves[1].body_fat_pct == pytest.approx(20.1)  # repeated in both packets
    assembler = BodyCompositionAssembler()
    assert assembler.feed(halves[0]) is None and assembler.pending
    assert assembler.feed(halves[1]) == FULL
    assert not assembler.pending


def test_small_record_is_one_packet() -> None:
    record = BodyCompositionMeasurement(UnitSystem.SI, 22.0, mass_kg=70.0)
    (packet,) = split_measurement(record)
    assert BodyCompositionAssembler().feed(decode_body_composition_measurement(packet)) == record


def test_conflicting_halves_are_refused() -> None:
    first, second = (decode_body_composition_measurement(p) for p in split_measurement(FULL))
    with pytest.raises(CodecError, match="body_fat_pct"):
        merge_packets(first, replace(second, body_fat_pct=25.0))
    with pytest.raises(CodecError, match="units"):
        merge_packets(first, replace(second, unit_system=UnitSystem.IMPERIAL))
    with pytest.raises(CodecError, match="bit12"):
        merge_packets(first, replace(second, multiple_packet=False))


def test_assembler_refuses_interleaving_and_resets() -> None:
    first, _ = (decode_body_composition_measurement(p) for p in split_measurement(FULL))
    assembler = BodyCompositionAssembler()
    assembler.feed(first)
    with pytest.raises(CodecError):
        assembler.feed(BodyCompositionMeasurement(UnitSystem.SI, 20.0))
    assert not assembler.pending
    assembler.feed(first)
    assembler.reset()  # link dropped: never join a stale half to the next packet
    assert not assembler.pending


def test_rfu_and_truncation() -> None:
    with pytest.raises(ReservedValue):
        decode_body_composition_measurement(bytes.fromhex("00 20 C9 00"))
    with pytest.raises(TruncatedFrame):
        decode_body_composition_measurement(bytes.fromhex("00 06 C9 00 88 13"))


def test_feature() -> None:
    # bits 0-10 supported, mass resolution 7 (0.005 kg) at bits 11-14, height 3 (0.001 m) at 15-17
    raw = 0x7FF | 7 << 11 | 3 << 15
    feature = decode_body_composition_feature(raw.to_bytes(4, "little"))
    assert all(feature.supports(name) for name in BodyCompositionFeature.NAMES)
    assert feature.mass_resolution_kg == 0.005 and feature.height_resolution_m == 0.001
    assert not decode_body_composition_feature(bytes(4)).supports("impedance")


_NAMES = (
    "basal_metabolism_kj",
    "muscle_pct",
    "muscle_mass_kg",
    "fat_free_mass_kg",
    "soft_lean_mass_kg",
    "body_water_mass_kg",
    "impedance_ohm",
    "mass_kg",
    "height_m",
)


@st.composite
def bc_records(draw: st.DrawFn) -> BodyCompositionMeasurement:
    system = draw(st.sampled_from(list(UnitSystem)))
    values: dict[str, float | None] = {}
    for name in _NAMES:
        raw = draw(st.none() | st.integers(0, 0xFFFF))
        if raw is None:
            values[name] = None
        elif name.endswith("_kg"):
            values[name] = mass_from_raw(raw, system)
        elif name == "height_m":
            values[name] = height_from_raw(raw, system)
        else:
            values[name] = float(raw) if name == "basal_metabolism_kj" else raw * 0.1
    fat = draw(st.just(UNSUCCESSFUL) | st.integers(0, 0xFFFE).map(lambda raw: raw * 0.1))
    record = BodyCompositionMeasurement(system, fat, draw(st.none() | date_times()), draw(st.none() | u8))
    return replace(record, **values)  # type: ignore[arg-type]


@given(bc_records(), st.booleans())
def test_round_trip(record: BodyCompositionMeasurement, multi: bool) -> None:
    record = replace(record, multiple_packet=multi)
    frame = encode_body_composition_measurement(record)
    assert decode_body_composition_measurement(frame) == record
    assert encode_body_composition_measurement(decode_body_composition_measurement(frame)) == frame


@given(bc_records())
def test_split_then_assemble_round_trip(record: BodyCompositionMeasurement) -> None:
    assembler = BodyCompositionAssembler()
    results = [assembler.feed(decode_body_composition_measurement(p)) for p in split_measurement(record)]
    assert results[-1] == record
    assert all(r is None for r in results[:-1])


@given(st.integers(0, 0xFFFFFFFF))
def test_feature_round_trip(raw: int) -> None:
    feature = BodyCompositionFeature(raw)
    assert decode_body_composition_feature(encode_body_composition_feature(feature)) == feature


def test_xiaomi_nonstandard_packet_is_refused() -> None:
    # wiecosystem/Bluetooth#9: the Mi scale sends impedance even with its flag clear; such a
    # frame has bytes its flags do not account for and must not be half-read as standard BCS
    with pytest.raises(CodecError):
        decode_body_composition_measurement(bytes.fromhex("00 04 C9 00 B0 36 F4 01"))

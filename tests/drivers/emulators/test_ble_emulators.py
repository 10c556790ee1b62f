"""The BLE emulators speak the documented protocols, checked with the codecs, not the drivers.

Each test plays the central by hand over SimulatedGattLink and decodes what the emulator
sent with drivers/codecs, so an emulator bug cannot hide behind a matching driver bug.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from drivers.codecs.blood_pressure import decode_blood_pressure_measurement
from drivers.codecs.body_composition import BodyCompositionAssembler, decode_body_composition_measurement
from drivers.codecs.date_time import CurrentTime, DateTime, encode_current_time, encode_date_time
from drivers.codecs.mi_scale import decode_mi_scale_2
from drivers.codecs.tindeq import Command as TindeqCommand
from drivers.codecs.tindeq import (
    CommandResponse,
    ControlCommand,
    WeightSamples,
    decode_frame,
    encode_command,
)
from drivers.codecs.weight_scale import decode_weight_measurement
from drivers.emulators.and_ua651ble import (
    BLOOD_PRESSURE_MEASUREMENT,
    DATE_TIME,
    AndUA651BLE,
    BloodPressurePerson,
    CuffTiming,
    StoredReading,
)
from drivers.emulators.mi_scale2 import BODY_COMPOSITION_SERVICE, MiScale2, MiScalePerson
from drivers.emulators.sim_adverts import SimulatedAdvertisementSource
from drivers.emulators.sim_link import SimulatedGattLink
from drivers.emulators.tindeq_progressor import CONTROL_UUID, DATA_UUID, TindeqProgressor
from drivers.emulators.wss_bcs_scale import (
    BODY_COMPOSITION_MEASUREMENT,
    WEIGHT_MEASUREMENT,
    ScalePerson,
    ScaleTiming,
    WssBcsScale,
)


def _dropped(link: SimulatedGattLink) -> asyncio.Event:
    """Set when the emulator drops the link."""
    event = asyncio.Event()
    link.on_disconnect(event.set)
    return event


async def _until(event: asyncio.Event) -> None:
    async with asyncio.timeout(2.0):
        await event.wait()


async def test_cuff_waits_for_the_clock_then_bursts_oldest_first_then_disconnects() -> None:
    old = (StoredReading(timedelta(days=3), BloodPressurePerson(150, 97, 80)),
           StoredReading(timedelta(hours=1), BloodPressurePerson(140, 90, 75)))
    cuff = AndUA651BLE(BloodPressurePerson(120, 80, 60), stored=old, timing=CuffTiming(step_s=0.001))
    link = SimulatedGattLink(cuff)
    dropped = _dropped(link)
    got: list[bytes] = []
    await link.connect()
    await link.subscribe(BLOOD_PRESSURE_MEASUREMENT, got.append)
    await asyncio.sleep(0.05)
    assert got == [] and "measure" not in cuff.events, "no upload before the clock is written"
    written = datetime(2026, 5, 4, 10, 0, 0)
    await link.write(DATE_TIME, encode_date_time(DateTime.from_datetime(written)))
    await _until(dropped)
    records = [decode_blood_pressure_measurement(frame) for frame in got]
    assert [r.systolic_mmhg for r in records] == [150, 140, 120]
    stamps = [r.timestamp.to_datetime() for r in records if r.timestamp]
    assert stamps == sorted(stamps)
    assert stamps[-1] is not None and abs(stamps[-1] - written) < timedelta(seconds=2)
    await cuff.aclose()


async def test_cuff_powers_off_with_e10_when_the_clock_never_comes() -> None:
    cuff = AndUA651BLE(timing=CuffTiming(power_off_s=0.01))
    link = SimulatedGattLink(cuff)
    dropped = _dropped(link)
    await link.connect()
    await _until(dropped)
    assert cuff.events[-2:] == ["E10", "disconnect"]


async def test_scale_sends_weight_then_two_bcs_packets_that_assemble() -> None:
    person = ScalePerson(mass_kg=80.25, body_fat_pct=31.4, impedance_ohm=455.5)
    scale = WssBcsScale(person, timing=ScaleTiming(step_on_s=0.001), clock="cts")
    link = SimulatedGattLink(scale)
    dropped = _dropped(link)
    weights: list[bytes] = []
    bodies: list[bytes] = []
    await link.connect()
    clock = CurrentTime.from_datetime(datetime(2026, 3, 10, 14, 5, 9))
    await link.write("2a2b", encode_current_time(clock))
    await link.subscribe(BODY_COMPOSITION_MEASUREMENT, bodies.append)
    await link.subscribe(WEIGHT_MEASUREMENT, weights.append)
    await _until(dropped)
    assert decode_weight_measurement(weights[0]).mass_kg == 80.25
    assert len(bodies) == 2 and all(len(packet) <= 20 for packet in bodies)
    assembler = BodyCompositionAssembler()
    assert assembler.feed(decode_body_composition_measurement(bodies[0])) is None
    merged = assembler.feed(decode_body_composition_measurement(bodies[1]))
    assert merged is not None
    assert merged.body_fat_pct == pytest.approx(31.4)
    assert merged.impedance_ohm == pytest.approx(455.5)


async def test_mi_scale_adverts_go_unstable_stable_impedance_removed() -> None:
    scale = MiScale2(MiScalePerson(mass_kg=66.6, impedance_ohm=480))
    source = SimulatedAdvertisementSource(scale)
    seen = []
    stream = source.stream()
    async with asyncio.timeout(2.0):
        async for report in stream:
            advert = decode_mi_scale_2(report.service_data[BODY_COMPOSITION_SERVICE])
            seen.append(advert)
            if len(seen) > 1 and advert.load_removed:
                break
    await stream.aclose()
    assert seen[0].load_removed, "first: the previous visitor's result still on air"
    live = seen[1:]
    assert not live[0].stabilized
    first_stable = next(i for i, a in enumerate(live) if a.stabilized)
    assert all(not a.stabilized for a in live[:first_stable])
    assert live[-2].impedance_ohm == 480 and live[-2].mass_kg == 66.6
    assert live[-1].load_removed


async def test_progressor_answers_commands_and_streams_until_stop() -> None:
    gauge = TindeqProgressor()
    link = SimulatedGattLink(gauge)
    frames: list[bytes] = []
    await link.connect()
    await link.subscribe(DATA_UUID, frames.append)
    await link.write(CONTROL_UUID, encode_command(ControlCommand(TindeqCommand.GET_BATTERY_VOLTAGE)))
    await asyncio.sleep(0)
    battery = decode_frame(frames[-1])
    assert isinstance(battery, CommandResponse) and battery.battery_mv() == 3980
    await link.write(CONTROL_UUID, encode_command(ControlCommand(TindeqCommand.START_WEIGHT_MEASUREMENT)))
    await asyncio.sleep(0.05)
    await link.write(CONTROL_UUID, encode_command(ControlCommand(TindeqCommand.STOP_WEIGHT_MEASUREMENT)))
    await asyncio.sleep(0.01)
    count = len(frames)
    await asyncio.sleep(0.02)
    assert len(frames) == count, "nothing after STOP"
    decoded = [decode_frame(f) for f in frames[1:]]
    samples = [s for frame in decoded if isinstance(frame, WeightSamples) for s in frame.samples]
    assert samples
    assert [s.time_us for s in samples] == sorted(s.time_us for s in samples)
    assert samples[0].force_kgf > 0.3, "not tared: the unloaded cell reads its offset"
    await link.disconnect()

"""A&D scale driver through real pyserial on a pty, against the A&D emulator."""

from __future__ import annotations

import asyncio

import pytest

from drivers.codecs import and_weighing as aw
from drivers.devices.and_scale_serial import AndScaleDriver
from drivers.emulators.and_scale import AndScaleEmulator, ScalePerson
from drivers.errors import DeviceLost, DeviceNotFound, DeviceReportedError, DriverError, Reason
from drivers.readings import BodyCompositionReading, LiveMass, Progress
from drivers.transport.serial import SerialLink
from tests.drivers.devices.serial_rig import serial_rig

MODEL = "and-fx-i"


def make_emulator(mass_kg: float = 70.2) -> AndScaleEmulator:
    return AndScaleEmulator(ScalePerson(mass_kg=mass_kg, step_on_after_s=0.05, settle_s=0.2),
                            sample_s=0.02)


def make_driver(link: SerialLink) -> AndScaleDriver:
    return AndScaleDriver(link, line_timeout_s=0.5, measure_timeout_s=5.0)


async def test_stable_weight_after_unstable_progress() -> None:
    emulator = make_emulator(63.45)
    async with serial_rig(emulator, MODEL) as rig:
        driver = make_driver(rig.link)
        progress: list[Progress] = []
        reading = await driver.measure(progress.append)
    assert isinstance(reading, BodyCompositionReading)
    assert reading.mass_kg == pytest.approx(63.45)
    assert reading.body_fat_pct is None and reading.impedance_ohm is None  # mass only
    live = [p.mass_kg for p in progress if isinstance(p, LiveMass)]
    assert len(live) >= 3 and live[0] < live[-1]  # the number climbs while the scale settles
    # every received line is kept raw, the last one is the stable weight
    decoded = [aw.decode(frame.data) for frame in reading.frames]
    assert decoded[-1] == aw.data_line(aw.Header.STABLE, 63.45)
    unstable = [m for m in decoded if isinstance(m, aw.WeighingLine) and m.header is aw.Header.UNSTABLE]
    assert len(unstable) == len(live)
    assert reading.device.address == rig.host.path and reading.device.manufacturer == "A&D"
    assert emulator.commands == [aw.Command.STREAM, aw.Command.CANCEL]


async def test_two_visitors_in_a_row() -> None:
    emulator = make_emulator(80.0)
    async with serial_rig(emulator, MODEL) as rig:
        driver = make_driver(rig.link)
        first = await driver.measure()
        emulator.person.mass_kg = 55.5
        second = await driver.measure()
    assert isinstance(first, BodyCompositionReading) and isinstance(second, BodyCompositionReading)
    assert first.mass_kg == pytest.approx(80.0)
    assert second.mass_kg == pytest.approx(55.5)


@pytest.mark.parametrize(("code", "reason"), [("E2", Reason.DEVICE_BUSY), ("E7", Reason.MEASUREMENT_FAILED),
                                              ("E1", Reason.MALFORMED_DATA)])
async def test_device_error_code(code: str, reason: Reason) -> None:
    emulator = make_emulator()
    emulator.faults.error_code = code
    async with serial_rig(emulator, MODEL) as rig:
        with pytest.raises(DeviceReportedError) as caught:
            await make_driver(rig.link).measure()
    assert caught.value.code == code and caught.value.reason is reason


@pytest.mark.parametrize("fault", ["overload", "nan"])
async def test_overload_and_blanked_readings(fault: str) -> None:
    emulator = make_emulator()
    setattr(emulator.faults, fault, True)
    async with serial_rig(emulator, MODEL) as rig:
        with pytest.raises(DeviceReportedError) as caught:
            await make_driver(rig.link).measure()
    assert caught.value.reason is Reason.MEASUREMENT_FAILED and caught.value.code == "OL"


async def test_garbage_is_a_protocol_violation_and_device_is_stopped() -> None:
    emulator = make_emulator()
    emulator.faults.garbage = b"\x00\xfe#noise\r\n"
    async with serial_rig(emulator, MODEL) as rig:
        with pytest.raises(DriverError) as caught:
            await make_driver(rig.link).measure()
        await asyncio.sleep(0.05)
    assert caught.value.reason is Reason.MALFORMED_DATA
    assert emulator.commands[-1] is aw.Command.CANCEL  # left idle


async def test_silent_device_times_out() -> None:
    emulator = make_emulator()
    emulator.faults.silent = True
    async with serial_rig(emulator, MODEL) as rig:
        with pytest.raises(DriverError) as caught:
            await make_driver(rig.link).measure()
    assert caught.value.reason is Reason.TIMEOUT


async def test_slow_device_still_measures() -> None:
    emulator = make_emulator()
    emulator.faults.response_delay_s = 0.2  # below the 0.5 s line timeout
    async with serial_rig(emulator, MODEL) as rig:
        reading = await make_driver(rig.link).measure()
    assert isinstance(reading, BodyCompositionReading) and reading.mass_kg == pytest.approx(70.2)


async def test_unplug_mid_measurement_then_recovers() -> None:
    emulator = make_emulator()
    emulator.faults.drop_mid_measurement = True
    emulator.faults.replug_after_s = 0.2
    async with serial_rig(emulator, MODEL) as rig:
        driver = make_driver(rig.link)
        progress: list[Progress] = []
        with pytest.raises(DeviceLost):
            await driver.measure(progress.append)
        assert progress, "the drop happened mid-measurement"
        reading = await driver.measure()  # re-opens with backoff once the adapter is back
    assert isinstance(reading, BodyCompositionReading) and reading.mass_kg == pytest.approx(70.2)
    assert rig.host.plug_count == 2


async def test_unplugged_while_idle_is_reopened_transparently() -> None:
    emulator = make_emulator()
    async with serial_rig(emulator, MODEL) as rig:
        driver = make_driver(rig.link)
        await driver.measure()
        rig.host.call_soon(lambda: rig.host.unplug(replug_after_s=0.1))
        await asyncio.sleep(0.05)
        reading = await driver.measure()
    assert isinstance(reading, BodyCompositionReading)
    assert rig.host.plug_count == 2


async def test_adapter_that_never_comes_back_is_not_found() -> None:
    emulator = make_emulator()
    async with serial_rig(emulator, MODEL, reopen_timeout_s=0.3) as rig:
        driver = make_driver(rig.link)
        rig.host.call_soon(lambda: rig.host.unplug(replug_after_s=None))
        await asyncio.sleep(0.05)
        with pytest.raises(DeviceNotFound):
            await driver.measure()


async def test_cancel_leaves_scale_idle_and_link_closed() -> None:
    emulator = AndScaleEmulator(ScalePerson(step_on_after_s=5.0), sample_s=0.02)  # nobody steps on
    async with serial_rig(emulator, MODEL) as rig:
        task = asyncio.create_task(make_driver(rig.link).measure())
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0.05)
        assert not rig.link.is_open
    assert emulator.commands == [aw.Command.STREAM, aw.Command.CANCEL]

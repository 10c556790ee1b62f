"""Tanita analyser driver through real pyserial on a pty, against the Tanita emulator."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from drivers.codecs import tanita
from drivers.devices.tanita_serial import TanitaDriver
from drivers.emulators.tanita_analyser import AnalyserPerson, TanitaEmulator
from drivers.errors import DeviceLost, DeviceReportedError, DriverError, Reason
from drivers.readings import BodyCompositionReading
from drivers.transport.serial import SerialLink
from tests.drivers.devices.serial_rig import serial_rig

MODEL = "tanita-bc-418"
PERSONAL: dict[str, Any] = {"sex": "female", "height_cm": 158.4, "age_years": 71}


def make_emulator(**options: Any) -> TanitaEmulator:
    person = AnalyserPerson(mass_kg=61.3, body_fat_pct=31.4, impedance_ohm=598.7)
    return TanitaEmulator(person, measure_s=0.1, **options)


def make_driver(link: SerialLink) -> TanitaDriver:
    return TanitaDriver(link, ack_timeout_s=0.5, measure_timeout_s=2.0)


async def test_pc_mode_measurement() -> None:
    emulator = make_emulator()
    async with serial_rig(emulator, MODEL) as rig:
        reading = await make_driver(rig.link).measure(**PERSONAL)
    assert isinstance(reading, BodyCompositionReading)
    assert reading.mass_kg == 61.3 and reading.body_fat_pct == 31.4 and reading.impedance_ohm == 598.7
    assert reading.height_m == pytest.approx(1.584)
    assert reading.bmi_kg_m2 == pytest.approx(61.3 / 1.584**2, abs=0.05)
    assert reading.fat_free_mass_kg == pytest.approx(61.3 * (1 - 0.314), abs=0.05)
    assert reading.device.model == "BC-418" and reading.device.serial_number == "00000001"
    # the analyser saw exactly the PC-mode sequence of MC-980MA §4.2, then G1
    assert emulator.commands == [("D0", "00.0"), ("D1", "2"), ("D2", "0"), ("D3", "158.4"),
                                 ("D4", "71"), ("G1", "")]
    # raw frames: five acknowledgements and the checksummed record, byte for byte
    assert [f.data for f in reading.frames[:5]] == [b"D0\r\n", b"D1\r\n", b"D2\r\n", b"D3\r\n", b"D4\r\n"]
    record = tanita.decode_record(reading.frames[-1].data)
    assert record.text("GE") == "2" and record.text("AG") == "71"


async def test_listening_for_a_panel_started_measurement() -> None:
    emulator = make_emulator(unsolicited_every_s=0.3)
    async with serial_rig(emulator, MODEL) as rig:
        reading = await make_driver(rig.link).measure()
    assert isinstance(reading, BodyCompositionReading) and reading.mass_kg == 61.3
    assert emulator.commands == []  # nothing is sent in listening mode


async def test_weight_only_is_refused_before_anything_is_sent() -> None:
    emulator = make_emulator()
    async with serial_rig(emulator, MODEL) as rig:
        with pytest.raises(DriverError) as caught:
            await make_driver(rig.link).measure(impedance=False, **PERSONAL)
        assert not rig.link.is_open
    assert caught.value.reason is Reason.NOT_SUPPORTED
    assert emulator.commands == []


@pytest.mark.parametrize(("code", "reason"), [("E2", Reason.MEASUREMENT_FAILED), ("E5", Reason.DEVICE_BUSY),
                                              ("E7", Reason.MEASUREMENT_FAILED)])
async def test_device_error_status(code: str, reason: Reason) -> None:
    emulator = make_emulator()
    emulator.faults.error_code = code
    async with serial_rig(emulator, MODEL) as rig:
        with pytest.raises(DeviceReportedError) as caught:
            await make_driver(rig.link).measure(**PERSONAL)
    assert (caught.value.code, caught.value.reason) == (code, reason)
    assert tanita.ERROR_MEANINGS[code] in str(caught.value)


async def test_overload_is_e1() -> None:
    emulator = make_emulator()
    emulator.faults.overload = True
    async with serial_rig(emulator, MODEL) as rig:
        with pytest.raises(DeviceReportedError) as caught:
            await make_driver(rig.link).measure(**PERSONAL)
    assert caught.value.code == "E1" and caught.value.reason is Reason.MEASUREMENT_FAILED


async def test_record_without_impedance_results_fails() -> None:
    emulator = make_emulator()
    emulator.faults.nan = True
    async with serial_rig(emulator, MODEL) as rig:
        with pytest.raises(DeviceReportedError) as caught:
            await make_driver(rig.link).measure(**PERSONAL)
    assert caught.value.reason is Reason.MEASUREMENT_FAILED


async def test_rejected_parameter() -> None:
    emulator = make_emulator()
    async with serial_rig(emulator, MODEL) as rig:
        # 300 cm is outside the analyser's 90-249 cm range (MC-980MA §4.2 item 13)
        driver = make_driver(rig.link)
        with pytest.raises(DriverError) as caught:
            await driver.measure(sex="male", height_cm=300.0, age_years=40)
    assert caught.value.reason is Reason.MALFORMED_DATA
    assert emulator.commands == []  # refused before sending


async def test_analyser_rejects_parameter_with_bang() -> None:
    emulator = make_emulator()
    async with serial_rig(emulator, MODEL) as rig:
        await rig.link.open()
        await rig.link.write(b"D3300.0\r\n")
        line = await rig.link.read_line(1.0)
    assert tanita.decode(line) == tanita.CommandAck("D3", accepted=False)


async def test_garbage_and_silence() -> None:
    emulator = make_emulator()
    emulator.faults.silent = True
    async with serial_rig(emulator, MODEL) as rig:
        with pytest.raises(DriverError) as caught:
            await make_driver(rig.link).measure(**PERSONAL)
        assert caught.value.reason is Reason.TIMEOUT
        emulator.faults.silent = False
        emulator.faults.garbage = b"{0,16,garbled\r\n"
        with pytest.raises(DriverError) as caught:
            await make_driver(rig.link).measure(**PERSONAL)
        assert caught.value.reason is Reason.MALFORMED_DATA


async def test_unplug_mid_measurement_then_recovers() -> None:
    emulator = make_emulator()
    emulator.faults.drop_mid_measurement = True
    emulator.faults.replug_after_s = 0.15
    async with serial_rig(emulator, MODEL) as rig:
        driver = make_driver(rig.link)
        with pytest.raises(DeviceLost):
            await driver.measure(**PERSONAL)
        await asyncio.sleep(0.05)
        reading = await driver.measure(**PERSONAL)
    assert isinstance(reading, BodyCompositionReading) and reading.mass_kg == 61.3

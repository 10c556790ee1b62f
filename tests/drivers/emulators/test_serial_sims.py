"""``sim://NAME`` serial devices: the real driver over real pyserial against the emulator."""

from __future__ import annotations

import pytest

from drivers.emulators.and_scale import AndScaleEmulator, ScalePerson
from drivers.emulators.mark10_gauge import GripPerson, Mark10Emulator
from drivers.emulators.serial_sims import SIMULATORS, start_simulated
from drivers.emulators.tanita_analyser import TanitaEmulator
from drivers.errors import DeviceNotFound
from drivers.readings import BodyCompositionReading, GripReading, LinkKind


def speed_up(emulator: object) -> None:
    """The kiosk's simulators are human-paced; tests use the same objects, faster."""
    if isinstance(emulator, AndScaleEmulator):
        emulator.person = ScalePerson(emulator.person.mass_kg, step_on_after_s=0.02, settle_s=0.05)
        emulator.sample_s = 0.01
    elif isinstance(emulator, TanitaEmulator):
        emulator.measure_s = 0.02
        emulator.unsolicited_every_s = 0.1
    elif isinstance(emulator, Mark10Emulator):
        emulator.person = GripPerson(emulator.person.peak_kgf, wait_s=0.02, rise_s=0.1, hold_s=0.02,
                                     release_s=0.1)


@pytest.mark.parametrize("name", sorted(SIMULATORS))
async def test_every_simulator_measures(name: str) -> None:
    sim = start_simulated(f"sim://{name}")
    try:
        sim.host.call_soon(lambda: speed_up(sim.emulator))
        reading = await sim.measure()
    finally:
        await sim.close()
    assert isinstance(reading, BodyCompositionReading | GripReading)
    assert reading.device.address == f"sim://{name}" and reading.device.link is LinkKind.SIMULATED
    assert reading.frames
    assert not sim.host.plugged  # close() stopped the emulator too


def test_unknown_simulator() -> None:
    with pytest.raises(DeviceNotFound, match="known"):
        start_simulated("sim://acme-9000")

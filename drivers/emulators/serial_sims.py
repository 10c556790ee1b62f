"""``sim://NAME`` for the serial devices: emulator on a pty + the REAL driver over real pyserial.

The kiosk's default configuration names simulated devices ``sim://tanita-bc-418`` and so on.
:func:`start_simulated` starts the matching emulator (with human-paced timing), opens its pty
path through :class:`drivers.transport.serial.SerialLink` with the model's settings row, and
returns the production driver wrapped so that ``close()`` also stops the emulator.

Names are the settings-table model keys (drivers/transport/serial.py ``SERIAL_SETTINGS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drivers.base import MeasuringDriver, ProgressCallback
from drivers.devices.and_scale_serial import AndScaleDriver
from drivers.devices.mark10_grip import Mark10GripDriver
from drivers.devices.tanita_serial import TanitaDriver
from drivers.emulators.and_scale import AndScaleEmulator, ScalePerson
from drivers.emulators.mark10_gauge import GripPerson, Mark10Emulator
from drivers.emulators.serial_pty import PtyHost, SerialDeviceEmulator, SerialFaults, start_emulator
from drivers.emulators.tanita_analyser import TanitaEmulator
from drivers.errors import DeviceNotFound
from drivers.readings import DeviceIdentity, LinkKind, Reading
from drivers.transport.serial import SERIAL_SETTINGS, SerialLink


@dataclass(frozen=True)
class _Sim:
    emulator: Callable[[SerialFaults | None], SerialDeviceEmulator]
    driver: Callable[[SerialLink], MeasuringDriver]


def _tanita(model: str) -> _Sim:
    # listening mode: the simulated visitor "keys in" their data and steps on every few seconds;
    # PC mode (sex/height/age passed to measure()) works against the same emulator
    return _Sim(lambda faults: TanitaEmulator(faults=faults, model=model, measure_s=2.5,
                                              unsolicited_every_s=4.0),
                lambda link: TanitaDriver(link, model=model, link_kind=LinkKind.SIMULATED))


SIMULATORS: dict[str, _Sim] = {
    "and-fx-i": _Sim(
        lambda faults: AndScaleEmulator(ScalePerson(mass_kg=68.4, step_on_after_s=1.5, settle_s=2.0),
                                        faults, sample_s=0.1),
        lambda link: AndScaleDriver(link, model="FX-i (sim)", link_kind=LinkKind.SIMULATED)),
    "tanita-bc-418": _tanita("BC-418"),
    "tanita-sc-240": _tanita("SC-240"),
    "tanita-mc-780": _tanita("MC-780"),
    "mark10-series4": _Sim(
        lambda faults: Mark10Emulator(GripPerson(peak_kgf=28.6, wait_s=1.0, rise_s=1.2, hold_s=0.8,
                                                 release_s=0.8), faults),
        lambda link: Mark10GripDriver(link, model="Mark-10 Series 4 (sim)", link_kind=LinkKind.SIMULATED,
                                      sample_s=0.05)),
}


class SimulatedSerialDriver:
    """The production driver for a ``sim://`` device; ``close()`` also stops its emulator."""

    def __init__(self, driver: MeasuringDriver, host: PtyHost) -> None:
        self.driver = driver
        self.host = host
        self.kind = driver.kind

    @property
    def identity(self) -> DeviceIdentity:
        return self.driver.identity

    @property
    def emulator(self) -> SerialDeviceEmulator:
        return self.host.emulator

    async def measure(self, on_progress: ProgressCallback | None = None, **options: Any) -> Reading:
        return await self.driver.measure(on_progress, **options)

    async def close(self) -> None:
        try:
            await self.driver.close()
        finally:
            self.host.stop()


def start_simulated(name: str, faults: SerialFaults | None = None) -> SimulatedSerialDriver:
    """Start ``sim://NAME``.  ``name`` may carry the ``sim://`` prefix.

    Raises:
        DeviceNotFound: no serial simulator of that name.
    """
    key = name.removeprefix("sim://")
    sim = SIMULATORS.get(key)
    if sim is None:
        raise DeviceNotFound(f"no simulated serial device {key!r}; known: {', '.join(sorted(SIMULATORS))}")
    host = start_emulator(sim.emulator(faults), key)
    link = SerialLink(host.path, SERIAL_SETTINGS[key], address=f"sim://{key}")
    return SimulatedSerialDriver(sim.driver(link), host)

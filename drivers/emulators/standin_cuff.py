"""A stand-in blood-pressure cuff used until the BLE cuff emulator is wired in.

It implements MeasuringDriver directly (no link), inflates with CuffPressure progress and
returns a plausible reading.  Deliberately simple; it is replaced by the A&D UA-651BLE
emulator behind SimulatedGattLink (drivers/emulators/) in the registry.
"""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

from drivers.base import ProgressCallback
from drivers.readings import (
    BloodPressureReading,
    CuffPressure,
    DeviceIdentity,
    DeviceKind,
    LinkKind,
    Reading,
)


class StandInCuff:
    kind = DeviceKind.BLOOD_PRESSURE

    def __init__(self, *, seconds: float = 2.0, seed: int | None = None) -> None:
        self.seconds = seconds
        self._random = random.Random(seed)  # noqa: S311 - simulation, not cryptography
        self._identity = DeviceIdentity("UA-651BLE (sim)", "A&D", "sim://standin", LinkKind.SIMULATED,
                                        serial_number="SIM0001", firmware="sim-1")

    @property
    def identity(self) -> DeviceIdentity:
        return self._identity

    async def measure(self, on_progress: ProgressCallback | None = None) -> Reading:
        steps = 20
        for step in range(steps):
            pressure = 180 * (step / steps if step < steps / 2 else (steps - step) / steps * 2)
            if on_progress:
                on_progress(CuffPressure(pressure_mmhg=round(pressure)))
            await asyncio.sleep(self.seconds / steps)
        systolic = self._random.randint(112, 138)
        return BloodPressureReading(
            systolic_mmhg=float(systolic),
            diastolic_mmhg=float(systolic - self._random.randint(38, 50)),
            mean_arterial_mmhg=None,
            pulse_bpm=float(self._random.randint(60, 80)),
            device=self._identity,
            station_time=datetime.now(UTC),
        )

    async def close(self) -> None:
        return None

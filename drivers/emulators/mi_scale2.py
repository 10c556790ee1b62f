"""Emulated Xiaomi Mi Body Composition Scale 2 (XMTZC05HM): advertisement-only.

The scale never takes a connection for its measurements: it puts 13 octets of vendor
service data under UUID 0x181B in its advertisements (NOT SIG BCS; reference
devices-and-protocols.md §3.3, xiaomi-ble ``_parse_scale_v2``, openScale ``parseLive13``).
As the scripted person steps on, the data goes: unstable weights -> stabilised weight ->
stabilised weight with impedance -> load removed.  Until somebody steps on, the scale still
broadcasts the previous visitor's result (stabilised, impedance, load removed).

Faults: STEP_OFF (load removed before the weight settles), DEVICE_ERROR (no impedance: the
feet do not touch the electrodes), GARBAGE (service data of the wrong length), SLOW (nobody
steps on).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from drivers.codecs.date_time import DateTime
from drivers.codecs.mi_scale import MiScale2Advertisement, encode_mi_scale_2
from drivers.emulators.gatt import Advertisement, PeripheralHost
from drivers.emulators.scripted import Fault, ScriptedPeripheral
from drivers.transport.gatt import normalize_uuid

BODY_COMPOSITION_SERVICE = normalize_uuid("181b")
# control word (byte 0 low, byte 1 high; codecs/mi_scale.py): byte0 0x02 as in the public
# vector ``02 26 ...``; byte1 bit1 impedance, bit5 stabilised, bit7 load removed
_BASE = 0x0002
_IMPEDANCE, _STABILIZED, _REMOVED = 0x0200, 0x2000, 0x8000


@dataclass(frozen=True)
class MiScalePerson:
    mass_kg: float = 71.3
    impedance_ohm: int = 472


@dataclass(frozen=True)
class MiScaleTiming:
    step_on_s: float = 0.005
    unstable_steps: int = 5
    step_s: float = 0.002
    impedance_s: float = 0.005  # from stabilised weight to impedance (the real scale: ~3 s)
    hold_s: float = 0.01
    slow_s: float = 30.0


class MiScale2(ScriptedPeripheral):
    def __init__(self, person: MiScalePerson | None = None, *, fault: Fault = Fault.NONE,
                 timing: MiScaleTiming | None = None,
                 previous: MiScalePerson | None = None, address: str = "5C:CA:D3:7F:00:02",
                 clock: datetime = datetime(2026, 5, 4, 9, 30, 0)) -> None:
        super().__init__()
        self.person = person or MiScalePerson()
        self.fault = fault
        self.timing = timing or MiScaleTiming()
        self.address = address
        self.clock = clock
        self.services = {}
        last = previous or MiScalePerson(80.3, 455)
        self.advertisement = self._advert(last, _BASE | _STABILIZED | _IMPEDANCE | _REMOVED,
                                          when=clock - timedelta(hours=5))

    def _advert(self, person: MiScalePerson, control: int, *, when: datetime | None = None,
                mass_kg: float | None = None) -> Advertisement:
        frame = MiScale2Advertisement(control, DateTime.from_datetime(when or self.clock),
                                      person.impedance_ohm if control & _IMPEDANCE else 0,
                                      round((person.mass_kg if mass_kg is None else mass_kg) * 200))
        data = encode_mi_scale_2(frame)
        if self.fault is Fault.GARBAGE and control & _STABILIZED:
            data = data[:9]
        return Advertisement(local_name="MIBFS", service_uuids=(BODY_COMPOSITION_SERVICE,),
                             service_data={BODY_COMPOSITION_SERVICE: data}, connectable=False)

    async def on_advertising(self, host: PeripheralHost) -> None:
        await super().on_advertising(host)
        self.spawn(self._weighing(host))

    async def _weighing(self, host: PeripheralHost) -> None:
        t, person = self.timing, self.person
        await asyncio.sleep(t.slow_s if self.fault is Fault.SLOW else t.step_on_s)
        for step in range(1, t.unstable_steps + 1):
            live_kg = person.mass_kg * step / t.unstable_steps
            await host.set_advertisement(self._advert(person, _BASE, mass_kg=live_kg))
            await asyncio.sleep(t.step_s)
        if self.fault is Fault.STEP_OFF:
            await host.set_advertisement(self._advert(person, _BASE | _REMOVED, mass_kg=0.0))
            return
        await host.set_advertisement(self._advert(person, _BASE | _STABILIZED))
        await asyncio.sleep(t.impedance_s)
        final = _BASE | _STABILIZED
        if self.fault is not Fault.DEVICE_ERROR:
            final |= _IMPEDANCE
            await host.set_advertisement(self._advert(person, final))
        await asyncio.sleep(t.hold_s)
        await host.set_advertisement(self._advert(person, final | _REMOVED))

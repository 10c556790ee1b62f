"""A Mark-10 Series 4/5 force gauge in a grip rig, squeezed by a scripted person.

Speaks the real byte protocol (drivers.codecs.mark10): ``?`` answers the displayed force as
``value unit`` CR LF; anything it does not know answers ``*10`` (Series 4 User's Guide §9.1.3).

The person: a relaxed hand for ``wait_s``, a rise to ``peak_kgf`` over ``rise_s``, a short hold,
then a release over ``release_s``.  The script starts with the first ``?`` after the previous
squeeze ended, so every measurement sees one whole squeeze.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from drivers.codecs import mark10
from drivers.codecs.errors import CodecError
from drivers.emulators.serial_pty import SerialDeviceEmulator, SerialFaults


@dataclass
class GripPerson:
    peak_kgf: float = 32.5
    wait_s: float = 0.1
    rise_s: float = 0.3
    hold_s: float = 0.1
    release_s: float = 0.2

    @property
    def total_s(self) -> float:
        return self.wait_s + self.rise_s + self.hold_s + self.release_s

    def force_at(self, t: float) -> float:
        """kgf at ``t`` seconds into the script (smooth raised-cosine ramps)."""
        if t < self.wait_s:
            return 0.0
        t -= self.wait_s
        if t < self.rise_s:
            return self.peak_kgf * 0.5 * (1 - math.cos(math.pi * t / self.rise_s))
        t -= self.rise_s
        if t < self.hold_s:
            return self.peak_kgf
        t -= self.hold_s
        if t < self.release_s:
            return self.peak_kgf * 0.5 * (1 + math.cos(math.pi * t / self.release_s))
        return 0.0


class Mark10Emulator(SerialDeviceEmulator):
    """Args: person, faults, unit (gauge display unit), decimals, capacity_kgf, tension_negative."""

    def __init__(self, person: GripPerson | None = None, faults: SerialFaults | None = None, *,
                 unit: mark10.ForceUnit = mark10.ForceUnit.NEWTON, decimals: int = 1,
                 capacity_kgf: float = 100.0, tension_negative: bool = False) -> None:
        super().__init__(faults)
        self.person = person if person is not None else GripPerson()
        self.unit = unit
        self.decimals = decimals
        self.capacity_kgf = capacity_kgf
        self.sign = -1.0 if tension_negative else 1.0
        self.polls = 0
        self._script_start: float | None = None
        self._mid_fired = False

    def on_command(self, command: bytes) -> None:
        try:
            cmd = mark10.decode_command(command)
        except CodecError:
            self.reply(mark10.encode(mark10.GaugeError("10")))
            return
        if cmd is not mark10.Command.READ:
            return  # memory/statistics commands: not used by the kiosk, not emulated
        self.polls += 1
        now = time.monotonic()
        if self._script_start is None or now - self._script_start > self.person.total_s:
            self._script_start, self._mid_fired = now, False
        t = now - self._script_start
        if self.faults.error_code is not None:
            self.reply(mark10.encode(mark10.GaugeError(self.faults.error_code)))
            return
        middle = self.person.wait_s + self.person.rise_s / 2
        if t >= middle and not self._mid_fired:
            self._mid_fired = True
            if self.faults.drop_mid_measurement:
                self._script_start = None
                self.drop_link()
                return
            if self.faults.garbage is not None:
                self.send_garbage()
                return
        kgf = self.person.force_at(t)
        if self.faults.overload and kgf > 0:
            kgf = self.capacity_kgf * 1.2
        if self.faults.nan and kgf > 0:
            self.reply(f"NaN {self.unit.value}".encode("ascii") + mark10.CRLF)
            return
        value = self.sign * kgf / mark10.KGF_PER_UNIT[self.unit]
        self.reply(mark10.encode(mark10.reading(value, self.unit, self.decimals)))

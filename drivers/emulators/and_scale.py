"""An A&D standard-format scale/indicator that a scripted person steps onto.

Speaks the real byte protocol (drivers.codecs.and_weighing): ``Q``/``SI`` answer the current
value, ``S`` the next stable one, ``SIR`` streams every ``sample_s`` until ``C``; ``R``/``Z``/``T``
answer ``<AK>``; an unknown command answers ``EC,E1`` (reference §5.1: the prototype emulator).

The person: an empty platform (stable zero) for ``step_on_after_s``, then unstable values
approaching the weight for ``settle_s``, then a stable weight.  The script starts with ``S`` or
``SIR``; ``C`` is the person stepping off.  Serve it with
:func:`drivers.emulators.serial_pty.start_emulator`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from drivers.codecs import and_weighing as aw
from drivers.codecs.errors import CodecError
from drivers.emulators.serial_pty import SerialDeviceEmulator, SerialFaults


@dataclass
class ScalePerson:
    mass_kg: float = 70.2
    step_on_after_s: float = 0.1
    settle_s: float = 0.4


class AndScaleEmulator(SerialDeviceEmulator):
    """Args: person (the script), faults, sample_s (stream period), unit/decimals (display)."""

    def __init__(self, person: ScalePerson | None = None, faults: SerialFaults | None = None, *,
                 sample_s: float = 0.05, unit: str = "kg", decimals: int = 2) -> None:
        super().__init__(faults)
        self.person = person if person is not None else ScalePerson()
        self.sample_s = sample_s
        self.unit = unit
        self.decimals = decimals
        self.commands: list[aw.Command] = []  # what the host sent, for tests and the log
        self._script_start: float | None = None
        self._streaming = False
        self._waiting_stable = False
        self._next_sample = 0.0
        self._mid_fired = False

    # --- the person ------------------------------------------------------------------------

    def mass_at(self, elapsed: float) -> tuple[aw.Header, float]:
        p = self.person
        if elapsed < p.step_on_after_s:
            return aw.Header.STABLE, 0.0
        t = elapsed - p.step_on_after_s
        if t < p.settle_s:
            # approach with a damped sway: never equal to the final weight while unstable
            approach = p.mass_kg * (1.0 - math.exp(-6.0 * t / max(p.settle_s, 1e-6)))
            return aw.Header.UNSTABLE, approach + 0.8 * math.sin(25.0 * t) + 0.3
        return aw.Header.STABLE, p.mass_kg

    def _line(self, now: float) -> aw.WeighingLine:
        elapsed = 0.0 if self._script_start is None else now - self._script_start
        header, mass = self.mass_at(elapsed)
        on_platform = elapsed >= self.person.step_on_after_s
        if on_platform and self.faults.nan:
            return aw.overload_line(self.unit)  # digits blanked (AD-4329A format 1)
        if on_platform and self.faults.overload:
            return aw.data_line(aw.Header.OVERLOAD, 10 ** (7 - self.decimals) - 10 ** -self.decimals,
                                self.unit, decimals=self.decimals)  # 9s (EJ/EK-L style)
        factor = aw.KG_PER_UNIT.get(self.unit, 1.0)
        return aw.data_line(header, mass / factor, self.unit, decimals=self.decimals)

    def _in_middle(self, now: float) -> bool:
        if self._script_start is None:
            return False
        p = self.person
        return now - self._script_start >= p.step_on_after_s + p.settle_s / 2

    # --- protocol ----------------------------------------------------------------------------

    def on_command(self, command: bytes) -> None:
        try:
            cmd = aw.decode_command(command)
        except CodecError:
            self.reply(aw.encode(aw.ErrorReply("E1")))  # undefined command (HC-3Ki p.48)
            return
        self.commands.append(cmd)
        if self.faults.error_code is not None:
            self.reply(aw.encode(aw.ErrorReply(self.faults.error_code)))
            return
        now = time.monotonic()
        if cmd in (aw.Command.QUERY, aw.Command.IMMEDIATE):
            self.reply(aw.encode(self._line(now)))
        elif cmd is aw.Command.STABLE:
            self._start(now)
            self._waiting_stable = True
        elif cmd is aw.Command.STREAM:
            self._start(now)
            self._streaming = True
        elif cmd is aw.Command.CANCEL:
            self._streaming = self._waiting_stable = False
            self._script_start = None  # the person steps off
        else:  # R, Z, T
            self.reply(aw.encode(aw.Acknowledgement()))

    def _start(self, now: float) -> None:
        if self._script_start is None:
            self._script_start = now
            self._mid_fired = False
        self._next_sample = now

    def step(self, now: float) -> None:
        if not (self._streaming or self._waiting_stable) or now < self._next_sample:
            return
        self._next_sample = now + self.sample_s
        if self._in_middle(now) and not self._mid_fired:
            self._mid_fired = True
            if self.faults.drop_mid_measurement:
                self.drop_link()
                self._streaming = self._waiting_stable = False
                self._script_start = None
                return
            self.send_garbage()
        line = self._line(now)
        if self._streaming:
            self.reply(aw.encode(line))
        elif line.header is aw.Header.OVERLOAD or (
                line.header is aw.Header.STABLE and (line.value or 0.0) > 0.0):
            self.reply(aw.encode(line))  # S: the next stable weight (or the overload)
            self._waiting_stable = False

"""Grip driver for the Tindeq Progressor force gauge (reference devices-and-protocols.md §3.4).

State machine over an injected :class:`GattLink`:

1. connect, subscribe to the data characteristic (every answer arrives there);
2. GET_APP_VERSION (-> identity firmware) and GET_BATTERY_VOLTAGE (-> a BATTERY_LOW warning
   below ``low_battery_mv``); each answer is a tag-0 command response, in order;
3. TARE (nobody may hold the handle yet), START_WEIGHT_MEASUREMENT;
4. stream: every sample -> LiveForce progress.  A trial starts when the force reaches
   ``start_threshold_kgf`` and ends once it stayed below ``end_threshold_kgf`` for
   ``release_hold_us`` of device time (the gauge's own µs clock, so link jitter does not
   matter); then STOP;
5. the reading is the peak of the curve, with every sample since START as the force curve.

Outcomes: the tag-4 low-power warning -> BATTERY_LOW (the gauge refuses); a non-finite force
sample -> MEASUREMENT_FAILED; other undecodable frames -> ProtocolViolation; the link lost
before the trial ended -> DeviceLost (never a partial peak); no squeeze within
``trial_timeout_s`` -> TIMEOUT.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from drivers.base import ProgressCallback
from drivers.codecs.errors import CodecError, ReservedValue
from drivers.codecs.tindeq import (
    CONTROL_UUID,
    DATA_UUID,
    Command,
    CommandResponse,
    ControlCommand,
    OpaqueFrame,
    ResponseKind,
    WeightSamples,
    decode_frame,
    encode_command,
)
from drivers.devices.gatt_common import Clock, Collector, GattDriver, utc_now
from drivers.errors import DeviceLost, DriverError, ProtocolViolation, Reason
from drivers.readings import DeviceIdentity, DeviceKind, GripReading, LiveForce
from drivers.transport.gatt import GattLink

_WEIGHT_FRAME_TAG = 1



class _Trial:
    """Samples since START and the peak-detection state."""

    def __init__(self, start_kgf: float, end_kgf: float, release_hold_us: int) -> None:
        self.start_kgf, self.end_kgf, self.release_hold_us = start_kgf, end_kgf, release_hold_us
        self.forces: list[float] = []
        self.started = False
        self.below_since_us: int | None = None
        self.finished = False

    def add(self, force_kgf: float, time_us: int) -> None:
        self.forces.append(force_kgf)
        if self.finished:
            return
        if not self.started:
            self.started = force_kgf >= self.start_kgf
            return
        if force_kgf >= self.end_kgf:
            self.below_since_us = None
        elif self.below_since_us is None:
            self.below_since_us = time_us
        elif time_us - self.below_since_us >= self.release_hold_us:
            self.finished = True


class TindeqGripDriver(GattDriver):
    """:class:`drivers.base.MeasuringDriver` for the Tindeq Progressor.

    Args:
        link: the GATT link.
        identity: registry model and address (the gauge has no Device Information Service).
        clock: station time, timezone-aware.
        pair: bond while connecting.
        tare: zero the gauge before each trial.
        trial_timeout_s: how long to wait for a complete squeeze.
        response_timeout_s: how long a command response may take.
    """

    kind = DeviceKind.GRIP

    def __init__(self, link: GattLink, identity: DeviceIdentity, *, clock: Clock = utc_now,
                 pair: bool = False, tare: bool = True, start_threshold_kgf: float = 2.0,
                 end_threshold_kgf: float = 1.0, release_hold_us: int = 150_000,
                 trial_timeout_s: float = 30.0, response_timeout_s: float = 3.0,
                 low_battery_mv: int = 3500) -> None:
        super().__init__(link, identity, clock=clock, pair=pair)
        self.tare = tare
        self.start_threshold_kgf = start_threshold_kgf
        self.end_threshold_kgf = end_threshold_kgf
        self.release_hold_us = release_hold_us
        self.trial_timeout_s = trial_timeout_s
        self.response_timeout_s = response_timeout_s
        self.low_battery_mv = low_battery_mv
        self.battery_mv: int | None = None

    async def _send(self, command: Command) -> None:
        await self.link.write(CONTROL_UUID, encode_command(ControlCommand(command)))

    async def _ask(self, command: Command, responses: asyncio.Queue[CommandResponse],
                   collector: Collector) -> CommandResponse:
        await self._send(command)
        try:
            async with asyncio.timeout(self.response_timeout_s):
                while responses.empty():
                    self._raise_if_over(collector)
                    await collector.wait(self.response_timeout_s)
        except TimeoutError:
            raise DriverError(Reason.TIMEOUT, f"no answer to {command.name}") from None
        return responses.get_nowait()

    @staticmethod
    def _raise_if_over(collector: Collector) -> None:
        if collector.error is not None:
            raise collector.error
        if collector.lost:
            raise DeviceLost("gauge disconnected")

    async def measure(self, on_progress: ProgressCallback | None = None) -> GripReading:
        """One grip trial; raises DriverError."""
        collector = Collector(self.clock)
        responses: asyncio.Queue[CommandResponse] = asyncio.Queue()
        trial = _Trial(self.start_threshold_kgf, self.end_threshold_kgf, self.release_hold_us)
        self._collector = collector

        def on_data(data: bytes) -> None:
            self._on_data(collector, data, responses, trial, on_progress)

        try:
            await self.link.connect(pair=self.pair)
            await self.link.subscribe(DATA_UUID, on_data)
            version = await self._ask(Command.GET_APP_VERSION, responses, collector)
            battery = await self._ask(Command.GET_BATTERY_VOLTAGE, responses, collector)
            try:
                self._identity = replace(self._identity, firmware=version.text() or self._identity.firmware)
                self.battery_mv = battery.battery_mv()
            except CodecError as err:
                raise ProtocolViolation(f"gauge answer: {err}") from err
            low = self.battery_mv < self.low_battery_mv
            self.warnings = frozenset({Reason.BATTERY_LOW}) if low else frozenset()
            if self.tare:
                await self._send(Command.TARE_SCALE)
            trial.forces.clear()
            await self._send(Command.START_WEIGHT_MEASUREMENT)
            try:
                async with asyncio.timeout(self.trial_timeout_s):
                    while not trial.finished:
                        self._raise_if_over(collector)
                        await collector.wait(self.trial_timeout_s)
            except TimeoutError:
                raise DriverError(Reason.TIMEOUT, "no complete squeeze") from None
            self._raise_if_over(collector)
            await self._send(Command.STOP_WEIGHT_MEASUREMENT)
            return GripReading(
                peak_force_kgf=max(trial.forces),
                device=self._identity,
                station_time=self.clock(),
                force_curve_kgf=tuple(trial.forces),
                frames=tuple(collector.frames),
            )
        finally:
            self._collector = None
            await self.link.disconnect()

    def _on_data(self, collector: Collector, data: bytes, responses: asyncio.Queue[CommandResponse],
                 trial: _Trial, on_progress: ProgressCallback | None) -> None:
        collector.record("7e4e1702", data)
        try:
            frame = decode_frame(data)
        except ReservedValue as err:
            if data[:1] == bytes([_WEIGHT_FRAME_TAG]):  # the only reserved value there: NaN/INF
                collector.fail(DriverError(Reason.MEASUREMENT_FAILED, "gauge sent a non-finite force"))
            else:
                collector.fail(ProtocolViolation(f"gauge frame: {err}"))
            return
        except CodecError as err:
            collector.fail(ProtocolViolation(f"gauge frame: {err}"))
            return
        if isinstance(frame, CommandResponse):
            responses.put_nowait(frame)
        elif isinstance(frame, WeightSamples):
            for sample in frame.samples:
                trial.add(sample.force_kgf, sample.time_us)
            if on_progress is not None and frame.samples:
                on_progress(LiveForce(force_kgf=frame.samples[-1].force_kgf))
        elif isinstance(frame, OpaqueFrame) and frame.kind is ResponseKind.LOW_POWER_WARNING:
            collector.fail(DriverError(Reason.BATTERY_LOW, "gauge refused: low power"))
            return
        collector.changed.set()

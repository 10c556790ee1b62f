"""Emulated Tindeq Progressor force gauge (used as a grip dynamometer).

Protocol (reference devices-and-protocols.md §3.4; tindeq.com/progressor_api, PyTindeq):
service 7e4e1701-..., data 1702 (notify), control 1703 (write).  Commands are TLV frames;
the gauge answers GET_APP_VERSION / GET_BATTERY_VOLTAGE with a tag-0 command response and,
after START_WEIGHT_MEASUREMENT, streams tag-1 frames of (float32 kg, uint32 µs) samples at
~80 Hz until STOP.  TARE zeroes the load cell.

The scripted :class:`GripPerson` waits, squeezes up to a peak, holds, and lets go.

Faults: DROP_MID_MEASUREMENT (link drops at the peak), GARBAGE (a frame that is not TLV),
NAN_READING (a NaN force sample), SLOW (the person never squeezes), NEEDS_PAIRING (control
needs an encrypted link), LOW_BATTERY (3.35 V: still measures), BATTERY_REFUSED (answers
START with the tag-4 low-power warning and streams nothing).
"""

from __future__ import annotations

import asyncio
import math
import struct
from dataclasses import dataclass

from drivers.codecs.errors import CodecError
from drivers.codecs.tindeq import (
    CONTROL_UUID,
    DATA_UUID,
    SERVICE_UUID,
    Command,
    CommandResponse,
    ForceSample,
    OpaqueFrame,
    ResponseKind,
    WeightSamples,
    battery_response,
    decode_command,
    encode_frame,
)
from drivers.emulators.gatt import Advertisement, VirtualCharacteristic
from drivers.emulators.scripted import NOTIFY, Fault, ScriptedPeripheral

SAMPLE_PERIOD_US = 12_500  # ~80 Hz (Tindeq API: weight measurement rate)


@dataclass(frozen=True)
class GripPerson:
    """A grip trial, in samples of the gauge's 80 Hz stream."""

    peak_kgf: float = 31.5
    idle_samples: int = 8
    rise_samples: int = 16
    hold_samples: int = 12
    release_samples: int = 8

    def force_at(self, index: int) -> float:
        """The force (kgf) the person applies at sample ``index``."""
        i = index - self.idle_samples
        if i < 0:
            return 0.05
        if i < self.rise_samples:
            return self.peak_kgf * math.sin(math.pi / 2 * (i + 1) / self.rise_samples)
        i -= self.rise_samples
        if i < self.hold_samples:
            return self.peak_kgf - 0.4 * i / max(self.hold_samples, 1)  # fatigue while holding
        i -= self.hold_samples
        held = self.peak_kgf - 0.4
        if i < self.release_samples:
            return held * (1 - (i + 1) / self.release_samples)
        return 0.02

    @property
    def peak_index(self) -> int:
        return self.idle_samples + self.rise_samples - 1


@dataclass(frozen=True)
class GaugeTiming:
    samples_per_frame: int = 4
    frame_interval_s: float = 0.001  # real gauge: 4 samples at 80 Hz = 0.05 s


class TindeqProgressor(ScriptedPeripheral):
    """The emulated gauge; ``commands`` logs what the central wrote."""

    def __init__(self, person: GripPerson | None = None, *, fault: Fault = Fault.NONE,
                 timing: GaugeTiming | None = None, firmware: str = "1.2.8",
                 address: str = "C4:AB:4D:0E:1A:01", tare_offset_kgf: float = 0.35) -> None:
        super().__init__()
        self.person = person or GripPerson()
        self.fault = fault
        self.timing = timing or GaugeTiming()
        self.firmware = firmware
        self.address = address
        self.tare_offset_kgf = tare_offset_kgf  # what the unloaded cell reads before TARE
        self.tared = False
        self.commands: list[Command] = []
        self.streaming = False
        bonded = fault is Fault.NEEDS_PAIRING
        self.advertisement = Advertisement(local_name="Progressor_1A01", service_uuids=(SERVICE_UUID,))
        self.services = {SERVICE_UUID: [
            VirtualCharacteristic(DATA_UUID, NOTIFY, requires_encryption=bonded),
            VirtualCharacteristic(CONTROL_UUID, frozenset({"write", "write-without-response"}),
                                  requires_encryption=bonded),
        ]}

    @property
    def battery_mv(self) -> int:
        return 3350 if self.fault in (Fault.LOW_BATTERY, Fault.BATTERY_REFUSED) else 3980

    async def on_write(self, uuid: str, data: bytes) -> None:
        await super().on_write(uuid, data)
        if uuid != CONTROL_UUID or self.host is None:
            return
        try:
            command = decode_command(data).command
        except CodecError:
            return  # the real gauge ignores what it does not understand
        self.commands.append(command)
        host = self.host
        if command is Command.GET_APP_VERSION:
            await host.notify(DATA_UUID, encode_frame(CommandResponse(self.firmware.encode())))
        elif command is Command.GET_BATTERY_VOLTAGE:
            await host.notify(DATA_UUID, encode_frame(battery_response(self.battery_mv)))
        elif command is Command.TARE_SCALE:
            self.tared = True
        elif command is Command.START_WEIGHT_MEASUREMENT:
            if self.fault is Fault.BATTERY_REFUSED:
                await host.notify(DATA_UUID, encode_frame(OpaqueFrame(ResponseKind.LOW_POWER_WARNING)))
                return
            if not self.streaming:
                self.streaming = True
                self.spawn(self._run_stream())
        elif command is Command.STOP_WEIGHT_MEASUREMENT:
            self.streaming = False

    async def on_disconnect(self) -> None:
        self.streaming = False
        await super().on_disconnect()

    def _force(self, index: int) -> float:
        force = 0.05 if self.fault is Fault.SLOW else self.person.force_at(index)
        return force if self.tared else force + self.tare_offset_kgf

    async def _run_stream(self) -> None:
        host = self.host
        index = 0
        while host is not None and self.streaming:
            samples = []
            for _ in range(self.timing.samples_per_frame):
                samples.append(ForceSample(round(self._force(index), 3), index * SAMPLE_PERIOD_US))
                index += 1
            frame = encode_frame(WeightSamples(tuple(samples)))
            past_peak = index > self.person.peak_index
            if past_peak and self.fault is Fault.DROP_MID_MEASUREMENT:
                await self.drop_link()
                return
            if past_peak and self.fault is Fault.GARBAGE:
                frame = b"\x01\x09\x00"  # a weight frame whose length promises more than it has
            if past_peak and self.fault is Fault.NAN_READING:
                frame = bytes([1, 8]) + struct.pack("<fI", math.nan, index * SAMPLE_PERIOD_US)
            await host.notify(DATA_UUID, frame)
            await asyncio.sleep(self.timing.frame_interval_s)

"""Steps every connected-GATT health driver shares: identity, battery, clock, the session window.

* identity from the Device Information Service 0x180A (reference §2.7);
* battery level 0x2A19 -> a BATTERY_LOW *warning*: a device that still measures is used
  (the reading is trustworthy), only a device that refuses ends the measurement;
* the device clock is written **before** indications are enabled (reference §7 risk 3):
  A&D devices take Date Time 0x2A08 inside their measurement service, everyone else Current
  Time 0x2A2B (§2.3);
* the session window: a device uploads stored readings from earlier visitors in the same
  burst (A&D, §2.6/§3.1).  Only a reading whose device time falls inside this session is
  this visitor's -- openScale hit exactly this (historic readings attributed to the current
  user, openScale issue #153).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from drivers.codecs.date_time import CurrentTime, DateTime, encode_current_time, encode_date_time
from drivers.codecs.errors import CodecError
from drivers.errors import DriverError, ProtocolViolation, Reason
from drivers.readings import DeviceIdentity, RawFrame
from drivers.transport.gatt import GattLink, normalize_uuid

_LOG = logging.getLogger(__name__)

MANUFACTURER_NAME = normalize_uuid("2a29")
MODEL_NUMBER = normalize_uuid("2a24")
SERIAL_NUMBER = normalize_uuid("2a25")
FIRMWARE_REVISION = normalize_uuid("2a26")
HARDWARE_REVISION = normalize_uuid("2a27")
BATTERY_LEVEL = normalize_uuid("2a19")
DATE_TIME = normalize_uuid("2a08")
CURRENT_TIME = normalize_uuid("2a2b")

LOW_BATTERY_PCT = 15  # below this the UI asks staff to change batteries (a warning, not a failure)

# A&D firmware that needs only 40 ms between steps; all other A&D firmware needs 100 ms
# (andengineering/AndroidSampleCode BleReceivedService.java; reference §3.1).
_AND_FAST_FIRMWARE = ("BLP008_d016", "BLP008_d017", "HTP008_134", "CWSP008_108", "CWSP008_110", "WSP001_201")

Clock = Callable[[], datetime]
"""Returns the station time, timezone-aware."""


def utc_now() -> datetime:
    """The default station clock of a driver (the kiosk injects its own)."""
    return datetime.now(UTC)


def and_step_delay_s(firmware: str | None) -> float:
    """A&D's delay between reading the firmware, writing the clock and enabling indications."""
    if firmware and firmware.strip() in _AND_FAST_FIRMWARE:
        return 0.040
    return 0.100


async def _read_text(link: GattLink, uuid: str) -> str | None:
    if not link.has_characteristic(uuid):
        return None
    data = await link.read(uuid)
    text = data.decode("utf-8", errors="replace").strip("\x00 ").strip()
    return text or None


async def read_identity(link: GattLink, default: DeviceIdentity) -> DeviceIdentity:
    """``default`` with whatever the device's DIS says filled in."""
    model = await _read_text(link, MODEL_NUMBER)
    manufacturer = await _read_text(link, MANUFACTURER_NAME)
    return replace(
        default,
        model=model or default.model,
        manufacturer=manufacturer or default.manufacturer,
        serial_number=await _read_text(link, SERIAL_NUMBER) or default.serial_number,
        firmware=await _read_text(link, FIRMWARE_REVISION) or default.firmware,
        hardware=await _read_text(link, HARDWARE_REVISION) or default.hardware,
    )


async def read_battery_pct(link: GattLink) -> int | None:
    """Battery Level 0x2A19 (u8 0-100), or None when absent or out of range."""
    if not link.has_characteristic(BATTERY_LEVEL):
        return None
    data = await link.read(BATTERY_LEVEL)
    if len(data) != 1 or data[0] > 100:
        _LOG.info("battery level frame ignored: %s", data.hex())
        return None
    return data[0]


def local_wall_clock(station_time: datetime) -> datetime:
    """The naive local time a device clock holds (Date Time has no time zone, GSS §3.70)."""
    return station_time.astimezone().replace(tzinfo=None, microsecond=0)


async def write_device_clock(link: GattLink, station_time: datetime) -> str | None:
    """Write the clock: Date Time 0x2A08 if the device has one (A&D), else Current Time 0x2A2B.

    Returns the short UUID written, or None when the device has no writable clock.
    """
    local = local_wall_clock(station_time)
    try:
        if link.has_characteristic(DATE_TIME):
            await link.write(DATE_TIME, encode_date_time(DateTime.from_datetime(local)))
            return "2a08"
        if link.has_characteristic(CURRENT_TIME):
            # adjust reason bit0 "manual time update" (CTS 1.1 §3.1.2.1), as openScale does not
            await link.write(CURRENT_TIME, encode_current_time(CurrentTime.from_datetime(local, 0x01)))
            return "2a2b"
    except CodecError as err:  # the station clock is outside Date Time's range: a station bug
        raise ProtocolViolation(f"cannot encode the station clock: {err}") from err
    return None


@dataclass(frozen=True)
class SessionWindow:
    """Device-clock times that belong to this session (local wall clock, naive)."""

    start: datetime
    end_slack: timedelta

    @classmethod
    def opened_at(cls, station_time: datetime, *, start_slack: timedelta,
                  end_slack: timedelta) -> SessionWindow:
        return cls(local_wall_clock(station_time) - start_slack, end_slack)

    def contains(self, device_time: datetime, station_now: datetime) -> bool:
        return self.start <= device_time <= local_wall_clock(station_now) + self.end_slack


class Collector:
    """Frames arriving by notification, plus the link-loss signal, for one measurement."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.frames: list[RawFrame] = []
        self.changed = asyncio.Event()
        self.lost = False
        self.error: DriverError | None = None
        self.arrivals = 0  # measurement values accepted so far (progress frames do not count)

    def mark_lost(self) -> None:
        """The link dropped (the driver forwards its link's ``on_disconnect`` here)."""
        self.lost = True
        self.changed.set()

    def record(self, source: str, data: bytes) -> RawFrame:
        frame = RawFrame(source, bytes(data), self.clock())
        self.frames.append(frame)
        return frame

    def arrived(self) -> None:
        """A measurement value was accepted; the waiting driver re-evaluates."""
        self.arrivals += 1
        self.changed.set()

    def fail(self, error: DriverError) -> None:
        """A callback found a fatal problem; the waiting driver raises it."""
        if self.error is None:
            self.error = error
        self.changed.set()

    async def wait(self, timeout_s: float) -> bool:
        """Wait for the next change; False on timeout."""
        try:
            async with asyncio.timeout(timeout_s):
                await self.changed.wait()
        except TimeoutError:
            return False
        self.changed.clear()
        return True


async def collect_burst(collector: Collector, is_complete: Callable[[], bool], *,
                        timeout_s: float, settle_s: float) -> None:
    """Wait until the device drops the link or a complete result has been quiet for ``settle_s``.

    Devices in the A&D family upload stored readings and the new one as a burst and then
    disconnect (§3.1); others stay connected, so a complete result that saw no further value
    for ``settle_s`` also ends the collection.

    Raises:
        DriverError: a callback's error (``collector.fail``), or TIMEOUT when nothing complete
            arrived within ``timeout_s``.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    seen, quiet_at = 0, 0.0
    while True:
        if collector.error is not None:
            raise collector.error
        if collector.lost:
            return
        now = loop.time()
        if collector.arrivals != seen:
            seen, quiet_at = collector.arrivals, now + settle_s
        complete = is_complete()
        if complete and now >= quiet_at:
            return
        wait_s = (min(deadline, quiet_at) if complete else deadline) - now
        if wait_s <= 0:
            if complete:
                return
            raise DriverError(Reason.TIMEOUT, f"no complete reading within {timeout_s:g} s")
        await collector.wait(wait_s)


class GattDriver:
    """What every connected-GATT driver shares: its link and identity, close(), and a dropped
    link failing the measurement in progress at once (the Collector) instead of at its timeout.
    """

    def __init__(self, link: GattLink, identity: DeviceIdentity, *, clock: Clock,
                 pair: bool) -> None:
        self.link = link
        self._identity = identity
        self.clock = clock
        self.pair = pair
        self.warnings: frozenset[Reason] = frozenset()
        self._collector: Collector | None = None
        link.on_disconnect(self._on_link_lost)

    @property
    def identity(self) -> DeviceIdentity:
        return self._identity

    def _on_link_lost(self) -> None:
        if self._collector is not None:
            self._collector.mark_lost()

    async def close(self) -> None:
        await self.link.disconnect()

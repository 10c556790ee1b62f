"""The uploader running inside the station (issue 6), and the staff's "upload now".

docs/architecture.md "Threads": the uploader's coroutines run on the device loop next to the
drivers, with their own connection to the WAL database (readers never block the writer and
``busy_timeout`` absorbs the short write overlaps), so the GUI thread never waits on HTTP.
Without ``[platform] url`` nothing here runs and every row stays queued in the outbox.

Next to the uploader a down-sync loop runs every ``SyncOptions.downsync_every_s``
(sync/downsync.py): the station configuration document (ETag-checked) and this station's
calibration schedule (server-time checkpoints), whose entries kiosk/calibration_schedule.py
writes into the calibration log, so kiosk/lockout.py locks or frees devices by the platform's
due dates.  A failing down-sync is logged and shown (``downsync_problem``); it never stops
uploads.

The uploader's client also answers member lookups (:meth:`SyncService.lookup_member`,
kiosk/member_lookup.py): one Patient by pseudonym, within ``LOOKUP_TIMEOUT_S``, so the station's
SMART token and mutual TLS apply to them as to uploads.

Stopping sets the uploader's stop event and waits briefly; a request still in flight after
that is cancelled, and its rows keep their lease (``sync/outbox.py``), so they are claimed
again at the next start: nothing measured is lost.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import StationConfig

if TYPE_CHECKING:
    import httpx

    from kiosk.bridge import DeviceLoop
    from kiosk.calibration_schedule import AppliedCalibration
    from sync.config import SyncConfig
    from sync.downsync import MemberProfile
    from sync.policy import RetryPolicy, UploadLimits
    from sync.uploader import Uploader

log = logging.getLogger(__name__)

# a crashed uploader (a bug, not a server answer: those are settled per visit) is restarted
# after this pause, so one fault neither stops uploads for good nor spins the loop
RESTART_AFTER_S = 30.0
# a member lookup happens while a visitor waits at the identify screen: after this the
# station goes on with what it knows locally (kiosk/member_lookup.py)
LOOKUP_TIMEOUT_S = 3.0


class SyncUnavailableError(Exception):
    """The uploader is not running (no platform URL, bad credentials, stopped)."""


@dataclass(frozen=True)
class SyncOptions:
    """What tests and benchmarks may change; production uses the defaults.

    Attributes:
        limits: uploader limits; ``sync.policy.UploadLimits()`` when None.
        retry: backoff policy; ``sync.policy.RetryPolicy()`` when None.
        idle_s: how often an idle uploader looks at the outbox again.
        downsync_every_s: how often the calibration schedule and station configuration are
            pulled.  15 minutes: a calibration the platform marks overdue locks the device
            within a quarter hour, and 470 stations cost the platform about one conditional
            read a second (a 304 when nothing changed).
        transport: replaces the network (tests); None for the real one.
    """

    limits: UploadLimits | None = None
    retry: RetryPolicy | None = None
    idle_s: float = 5.0
    downsync_every_s: float = 900.0
    transport: httpx.AsyncBaseTransport | None = field(default=None, repr=False)


@dataclass(frozen=True)
class UploadSummary:
    """What one "upload now" pass did, by outcome (visits, not rows)."""

    brought_forward: int
    sent: int
    retry_later: int
    rejected: int


@dataclass(frozen=True)
class DownsyncSummary:
    """What one down-sync pass brought: the station configuration and calibration rows.

    Attributes:
        config_values: the platform's configuration document for this station (parameter
            name -> value), or None when none is published.
        config_changed: False when the platform answered 304 (the cached copy is current).
        calibrations: rows written into the calibration log by this pass.
    """

    config_values: dict[str, Any] | None
    config_changed: bool
    calibrations: tuple[AppliedCalibration, ...]


async def run_downsync(client: httpx.AsyncClient, db: Any, config: SyncConfig, *,
                       now: datetime | None = None,
                       interval_days: Mapping[str, int] | None = None) -> DownsyncSummary:
    """One down-sync pass: station configuration, then the calibration schedule.

    ``interval_days`` (device id -> days, from :func:`calibration_intervals`) dates the next
    check of a platform calibration that carries no due date.

    Raises:
        sync.downsync.DownsyncError: the platform failed (nothing is half-applied: each
            calibration row is written in its own transaction, the checkpoint only after
            the pull).
    """
    from kiosk.calibration_schedule import apply_schedule  # noqa: PLC0415
    from sync.downsync import fetch_station_config, pull_calibrations  # noqa: PLC0415

    remote = await fetch_station_config(client, db, config.station_id)
    metrics = await pull_calibrations(client, db, config.station_id, config.mapping.systems)
    applied = apply_schedule(db, metrics, station_id=config.station_id,
                             now=now or datetime.now(UTC), interval_days=interval_days)
    return DownsyncSummary(remote.values if remote else None,
                           remote.changed if remote else False, tuple(applied))


def calibration_intervals(cfg: StationConfig) -> dict[str, int]:
    """Device id -> days between calibration checks, as kiosk/lockout.py dates them."""
    from kiosk import lockout  # noqa: PLC0415

    return {lockout.device_id(d): lockout.interval_days(d.kind, d) for d in cfg.devices}


def sync_config(cfg: StationConfig, options: SyncOptions | None = None) -> SyncConfig:
    """The uploader's settings from the station configuration (``[platform]``)."""
    from sync.config import (  # noqa: PLC0415
        MappingConfig,
        MutualTlsConfig,
        SmartAuthConfig,
        SyncConfig,
    )
    from sync.policy import RetryPolicy, UploadLimits  # noqa: PLC0415

    options = options or SyncOptions()
    platform = cfg.platform
    smart = (SmartAuthConfig(client_id=platform.client_id,
                             private_key_path=Path(platform.key_file))
             if platform.client_id and platform.key_file else None)
    mtls = (MutualTlsConfig(cert_path=Path(platform.client_cert_file),
                            key_path=Path(platform.client_key_file),
                            ca_path=Path(platform.ca_file) if platform.ca_file else None)
            if platform.client_cert_file and platform.client_key_file else None)
    return SyncConfig(
        base_url=platform.url, station_id=cfg.station_id,
        mapping=MappingConfig(idempotency="put" if platform.idempotency == "put"
                              else "conditional-create"),
        smart=smart, mtls=mtls, retry=options.retry or RetryPolicy(),
        limits=options.limits or UploadLimits())


class SyncService:
    """Runs ``sync.uploader.Uploader`` on the device loop until :meth:`stop`.

    Args:
        config: from :func:`sync_config`.
        db_path: the station database file (the uploader opens its own connection).
        device_loop: the station's asyncio thread.
        options: idle interval and test transport.
        calibration_intervals: from :func:`calibration_intervals`, for down-synced
            calibrations without a due date.
    """

    def __init__(self, config: SyncConfig, db_path: Path, device_loop: DeviceLoop,
                 options: SyncOptions | None = None, *,
                 calibration_intervals: Mapping[str, int] | None = None) -> None:
        self.config = config
        self.calibration_intervals = dict(calibration_intervals or {})
        self.db_path = db_path
        self.device_loop = device_loop
        self.options = options or SyncOptions()
        self.problem: str | None = None  # why uploads cannot run, for the staff view
        self.downsync_problem: str | None = None  # why the last down-sync failed
        self.last_downsync: DownsyncSummary | None = None
        self._stop = asyncio.Event()  # binds to the device loop on first wait (3.10+)
        self._uploader: Uploader | None = None
        self._client: httpx.AsyncClient | None = None  # while uploads run (member lookups)
        self._future: concurrent.futures.Future[None] | None = None
        self._finished = threading.Event()

    @property
    def running(self) -> bool:
        return self._uploader is not None and not self._finished.is_set()

    def start(self) -> SyncService:
        self._future = self.device_loop.submit(self._run())
        return self

    async def _run(self) -> None:
        from measurements.database import open_database  # noqa: PLC0415

        db = open_database(self.db_path)
        try:
            while not self._stop.is_set():
                try:
                    await self._upload_until_stopped(db)
                except Exception as exc:  # a bug must not end uploads for the whole day
                    log.exception("uploader stopped; restarting in %.0f s", RESTART_AFTER_S)
                    self.problem = f"{type(exc).__name__}: {exc}"
                self._uploader = None
                if not self._stop.is_set():
                    await self._wait_stop(RESTART_AFTER_S)
        finally:
            self._uploader = None
            db.close()
            self._finished.set()

    async def _wait_stop(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)

    async def _upload_until_stopped(self, db: Any) -> None:
        from sync.auth import SmartBackendAuth  # noqa: PLC0415 - httpx, jwt: only with a URL
        from sync.client import make_client  # noqa: PLC0415
        from sync.outcome import AuthError  # noqa: PLC0415
        from sync.uploader import Uploader  # noqa: PLC0415

        auth = None
        if self.config.smart is not None:
            try:
                auth = SmartBackendAuth(self.config.smart, fhir_base=self.config.base_url)
            except AuthError as exc:  # the message names the key path, never the key
                self.problem = str(exc)
                log.error("uploads paused: %s", exc)
                await self._stop.wait()  # nothing works without the key; wait for shutdown
                return
        try:
            client = make_client(self.config, auth=auth, transport=self.options.transport)
        except OSError as exc:  # ssl.SSLError too: an unreadable or mismatched certificate
            mtls = self.config.mtls
            where = f" ({mtls.cert_path}, {mtls.key_path})" if mtls else ""
            self.problem = f"mutual TLS: cannot load the station certificate{where}: {exc}"
            log.error("uploads paused: %s", self.problem)
            await self._stop.wait()  # a bad certificate does not heal; wait for shutdown
            return
        async with client:
            self._client = client
            self._uploader = Uploader(db, client, self.config)
            self.problem = None
            log.info("uploading to %s as %s", self.config.base_url, self.config.station_id)
            downsync = asyncio.create_task(self._downsync_loop(client, db))
            try:
                await self._uploader.run(self._stop, idle_s=self.options.idle_s)
            finally:
                self._client = None
                downsync.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await downsync

    async def _downsync_loop(self, client: httpx.AsyncClient, db: Any) -> None:
        while not self._stop.is_set():
            try:
                self.last_downsync = await run_downsync(
                    client, db, self.config, interval_days=self.calibration_intervals)
                self.downsync_problem = None
                if self.last_downsync.calibrations:
                    log.info("calibration schedule: %d device check(s) from the platform",
                             len(self.last_downsync.calibrations))
            except Exception as exc:  # the platform, or a bug: never stop the uploads for it
                self.downsync_problem = f"{type(exc).__name__}: {exc}"
                log.warning("down-sync failed; trying again in %.0f s: %s",
                            self.options.downsync_every_s, self.downsync_problem)
            await self._wait_stop(self.options.downsync_every_s)

    async def upload_now(self) -> UploadSummary:
        """Skip the backoff of every waiting row and upload one batch now (device loop only).

        Raises:
            SyncUnavailableError: the uploader is not running.
        """
        from sync import outbox  # noqa: PLC0415
        from sync.outcome import Rejected, RetryLater, Sent  # noqa: PLC0415

        uploader = self._uploader
        if uploader is None:
            raise SyncUnavailableError(self.problem or "the uploader is not running")
        brought = outbox.due_now(uploader.db, now=datetime.now(UTC))
        outcomes = await uploader.run_once()
        return UploadSummary(brought, sum(isinstance(o, Sent) for o in outcomes),
                             sum(isinstance(o, RetryLater) for o in outcomes),
                             sum(isinstance(o, Rejected) for o in outcomes))

    async def lookup_member(self, pseudonym: str, *,
                            timeout_s: float = LOOKUP_TIMEOUT_S) -> MemberProfile | None:
        """The platform's sex and birth year of a member, by pseudonym (device loop only).

        Uses the uploader's client, so the station's SMART token and mutual TLS apply.  Only
        the pseudonymous identifier is sent (sync-fhir-security.md §5.4).

        Returns:
            The profile, or None when the platform knows no such member.

        Raises:
            SyncUnavailableError: the uploader is not running (no client to ask with).
            TimeoutError: no answer within ``timeout_s``.
            sync.downsync.DownsyncError: the platform answered 4xx/5xx.
            httpx.HTTPError: the platform cannot be reached.
        """
        from sync.downsync import fetch_member_profile  # noqa: PLC0415

        client = self._client
        if client is None:
            raise SyncUnavailableError(self.problem or "the uploader is not running")
        async with asyncio.timeout(timeout_s):
            return await fetch_member_profile(client, self.config.mapping.systems, pseudonym)

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop uploading (GUI thread); an unfinished request is cancelled, its rows kept."""
        if self._future is None:
            return
        try:
            self.device_loop.call_soon(self._stop.set)
            self._future.result(timeout_s)
        except concurrent.futures.TimeoutError:
            log.warning("uploader did not stop within %.1f s; cancelling", timeout_s)
            self._future.cancel()
            self._finished.wait(timeout_s)
        except (concurrent.futures.CancelledError, RuntimeError):
            pass  # the loop was already stopping
        self._future = None


def start_sync(cfg: StationConfig, db_path: Path, device_loop: DeviceLoop,
               options: SyncOptions | None = None) -> SyncService | None:
    """Start uploading when ``[platform] url`` is set; None (nothing runs) otherwise."""
    if not cfg.platform.url:
        log.info("no platform URL configured: measurements stay queued in the outbox")
        return None
    return SyncService(sync_config(cfg, options), db_path, device_loop, options,
                       calibration_intervals=calibration_intervals(cfg)).start()

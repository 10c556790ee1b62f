"""Composition root: the only place that builds the real objects and wires them together.

config -> database -> device loop + bridge -> drivers -> voice -> screens -> window.
Heavy modules (MediaPipe, OpenCV, FHIR models, httpx) are imported lazily by the screens
and services that need them, so the idle screen appears quickly (bench/startup.py).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from drivers.base import MeasuringDriver
from drivers.readings import DeviceKind
from kiosk import config as config_module
from kiosk import lockout as device_lockout
from kiosk import schema as kiosk_schema
from kiosk import theme
from kiosk.bridge import Bridge, DeviceLoop
from kiosk.context import KioskContext
from kiosk.devices import DeviceHub
from kiosk.fonts import load_korean_font
from kiosk.i18n import Translations
from kiosk.sync_service import SyncOptions, SyncService, start_sync
from kiosk.window import KioskWindow
from measurements.clock import Clock, SystemClock
from measurements.database import open_database

log = logging.getLogger(__name__)


@dataclass
class KioskApp:
    ctx: KioskContext
    window: KioskWindow
    device_loop: DeviceLoop
    bridge: Bridge
    sync: SyncService | None = None  # the uploader, when [platform] url is set

    def shutdown(self) -> None:
        self.window.idle_timer.stop()
        if self.window.current is not None:
            self.window.current.leave()
        self.ctx.devices.close_all()
        if self.sync is not None:
            self.sync.stop()
        self.device_loop.stop()
        self.bridge.close()
        self.ctx.voice.stop()
        close = getattr(self.ctx.voice, "close", None)
        if close is not None:
            close()


def build_drivers(cfg: config_module.StationConfig, clock: Clock
                  ) -> tuple[dict[DeviceKind, MeasuringDriver], dict[DeviceKind, str]]:
    """One driver per configured device (``sim://`` addresses get the emulators).

    Returns the drivers and, for devices that could not be set up, why -- the menu shows
    those as unavailable instead of the station failing to start.
    """
    from drivers import registry  # noqa: PLC0415 - pulls in bleak and pyserial
    from drivers.errors import DriverError  # noqa: PLC0415

    drivers: dict[DeviceKind, MeasuringDriver] = {}
    problems: dict[DeviceKind, str] = {}
    for device in cfg.devices:
        kind = DeviceKind(device.kind)
        try:
            spec = registry.spec_for(device.model)
            drivers[kind] = registry.open_driver(
                device.model, device.address, pair=spec.capabilities.needs_bond,
                clock=clock.now)
        except (DriverError, OSError, ValueError) as err:
            log.error("device %s (%s at %s) unavailable: %s", device.name, device.model,
                      device.address, err)
            problems[kind] = str(err)
    return drivers, problems


def build_voice(cfg: config_module.StationConfig) -> Any:
    """espeak-ng Korean speech on a worker thread; silent (never crashing) without audio."""
    from kiosk.voice.engine import EspeakEngine  # noqa: PLC0415

    return EspeakEngine(rate=cfg.voice_rate, volume=cfg.voice_volume,
                        enabled=cfg.voice_enabled, language=cfg.language)


def build(
    cfg: config_module.StationConfig,
    *,
    clock: Clock | None = None,
    db_path: Path | None = None,
    voice: Any = None,
    drivers: Mapping[DeviceKind, MeasuringDriver] | None = None,
    problem: str | None = None,
    device_loop: DeviceLoop | None = None,
    sync_options: SyncOptions | None = None,
) -> KioskApp:
    """Build the whole station.  ``problem`` shows the maintenance screen instead.

    ``device_loop``: an already started loop to run the drivers on (default: a new one).  A
    test passes its own when something the drivers reach must be created on that loop first
    (bumble virtual controllers need a running loop: tests/kiosk/test_device_tiers.py).
    The station stops it at shutdown either way.

    With ``[platform] url`` set the uploader runs on the device loop too
    (kiosk/sync_service.py); ``sync_options`` shortens its intervals in tests.
    """
    from kiosk.screens import registry  # noqa: PLC0415 - screens import many Qt modules

    clock = clock or SystemClock()
    problems: dict[DeviceKind, str] = {}
    if drivers is None:
        drivers, problems = build_drivers(cfg, clock)
    device_loop = device_loop or DeviceLoop().start()
    bridge = Bridge(device_loop)
    db = open_database(db_path if db_path is not None else cfg.db_path)
    kiosk_schema.migrations.apply(db)  # staff accounts (kiosk/schema.py)
    metrics = theme.Metrics(theme.Panel(cfg.display.diagonal_in, cfg.display.width_px,
                                        cfg.display.height_px))
    ctx = KioskContext(
        config=cfg,
        db=db,
        clock=clock,
        voice=voice if voice is not None else build_voice(cfg),
        devices=DeviceHub(bridge, drivers, lockout=lambda kind: problems.get(kind)
                          or device_lockout.reason(ctx, kind)),
        metrics=metrics,
        font_family=load_korean_font(),
    )
    ctx.extras["bridge"] = bridge
    # sim:// devices get a seeded passing calibration at first start (kiosk/lockout.py)
    device_lockout.seed_simulated_calibrations(db, cfg, now=ctx.clock.now())
    # its own connection to the same WAL file, on the device loop (docs/architecture.md)
    sync = start_sync(cfg, db_path if db_path is not None else cfg.db_path, device_loop,
                      sync_options)
    ctx.extras["sync"] = sync
    translations = Translations()

    def language_changed(language: str) -> None:
        ctx.language = language
        if hasattr(ctx.voice, "language"):
            ctx.voice.language = language

    translations.on_change(language_changed)
    ctx.extras["translations"] = translations
    window = KioskWindow(ctx)
    window.language_toggled.connect(translations.toggle)
    if cfg.language != "ko":
        translations.set_language(cfg.language)
    for screen in registry.build_screens(ctx, problem=problem):
        window.add_screen(screen)
    window.go("maintenance" if problem else "idle")
    return KioskApp(ctx, window, device_loop, bridge, sync)


def run(config_path: Path | None = None, *, windowed: bool = False) -> int:
    app = QApplication.instance() or QApplication([])
    problem = None
    try:
        cfg = config_module.load(config_path)
    except config_module.ConfigError as err:
        log.error("configuration problem: %s", err)
        problem, cfg = str(err), config_module.simulated()
    if cfg.source is None and problem is None:
        log.info("no station configuration found: running on simulated devices")
    kiosk = build(cfg, problem=problem)
    window = kiosk.window
    window.resize(cfg.display.width_px, cfg.display.height_px)
    if cfg.display.fullscreen and not windowed:
        window.showFullScreen()
    else:
        window.show()
    try:
        return int(app.exec())
    finally:
        kiosk.shutdown()

"""Device lockout: a configured device whose calibration is missing, failed or overdue is
not offered to visitors (the menu says "점검 중인 기기예요"; staff see why).

Device id scheme (one scheme for calibrations and lockout): a configured device is
identified by ``measurements.store.device_key`` of its *configured* identity --
``"{model}:{address}"`` from the station config (``DeviceConfig.model`` / ``.address``), i.e.
the key ``store.record_device`` writes for an identity without a serial number.  The
technician screens record calibrations under this id and ``status`` is looked up with it,
so replacing the physical device at the same address keeps the slot's calibration history
until a technician re-checks it (the technician screen shows the live identity for that).

Simulated (``sim://``) devices get one passing calibration the first time the station
starts with them, audited as ``calibration_seeded_for_simulator``, so the default simulated
station is usable out of the box.  Real devices never get one: a technician checks them.
"""

from __future__ import annotations

import logging
from typing import Any

from drivers.readings import DeviceIdentity, DeviceKind, LinkKind
from kiosk.config import DeviceConfig, StationConfig
from measurements import calibration, store

log = logging.getLogger(__name__)

SIMULATOR_TECHNICIAN = "system:simulator"

# staff-facing wording for calibration.DeviceStatus.reason
REASON_KO = {
    "never_calibrated": "교정 기록 없음",
    "calibration_failed": "교정 불합격",
    "calibration_overdue": "교정 기한 지남",
    "not configured": "설정되지 않음",
}


def configured_identity(device: DeviceConfig) -> DeviceIdentity:
    """The identity the config promises (no serial: it is only known after connecting)."""
    link = LinkKind.SIMULATED if device.simulated else (
        LinkKind.BLE if _looks_like_ble(device.address) else LinkKind.SERIAL)
    return DeviceIdentity(model=device.model, manufacturer="", address=device.address, link=link)


def _looks_like_ble(address: str) -> bool:
    parts = address.split(":")
    return len(parts) == 6 and all(len(p) == 2 for p in parts)


def device_id(device: DeviceConfig) -> str:
    """The calibration / lockout id of a configured device (see the module docstring)."""
    return store.device_key(configured_identity(device))


def device_status(ctx: Any, device: DeviceConfig) -> calibration.DeviceStatus:
    return calibration.status(ctx.db, device_id(device), now=ctx.clock.now())


def reason(ctx: Any, kind: DeviceKind | str) -> str | None:
    """The DeviceHub lockout callback: why the configured device of ``kind`` is locked."""
    device = ctx.config.device(str(kind))
    if device is None:
        return "not configured"
    status = device_status(ctx, device)
    return status.reason if status.locked else None


def interval_days(kind: str, device: DeviceConfig | None = None) -> int:
    """Days until the next check: the station config's figure, else the kind's default."""
    if device is not None and device.calibration_interval_days is not None:
        return device.calibration_interval_days
    return calibration.DEFAULT_INTERVAL_DAYS.get(kind, 90)


def tolerance(kind: str, device: DeviceConfig | None = None) -> calibration.Tolerance:
    """Pass/fail bound for a check: the kind's cited default, with the config's overrides."""
    default = calibration.DEFAULT_TOLERANCES.get(
        kind, calibration.Tolerance(0.0, 0.0, "", "no default for this kind"))
    if device is None or (device.tolerance_absolute is None and device.tolerance_relative is None):
        return default
    return calibration.Tolerance(
        default.absolute if device.tolerance_absolute is None else device.tolerance_absolute,
        default.relative if device.tolerance_relative is None else device.tolerance_relative,
        default.unit, f"station config ({device.name}); default: {default.source}")


def seed_simulated_calibrations(db: Any, config: StationConfig, *, now: Any) -> list[str]:
    """Give each never-calibrated sim:// device one passing check; returns their ids."""
    seeded = []
    for device in config.devices:
        if not device.simulated:
            continue
        key = device_id(device)
        if store.current_calibration_id(db, key) is not None:
            continue
        nominal = {"blood_pressure": 150.0, "scale": 50.0, "grip": 20.0}.get(device.kind, 1.0)
        result = calibration.evaluate([calibration.CheckPoint(nominal, nominal)],
                                      tolerance(device.kind, device))
        with db.atomic():
            store.record_device(db, configured_identity(device), device.kind, now=now)
        calibration_id = calibration.record(
            db, device_id=key, technician_id=SIMULATOR_TECHNICIAN, result=result,
            reference_serials=["SIMULATED"], now=now, interval_days=interval_days(device.kind, device),
            notes="simulated device: seeded at first start")
        with db.atomic():
            store.audit(db, actor_role="system", action="calibration_seeded_for_simulator",
                        subject=key, now=now, detail={"calibration_id": calibration_id})
        log.info("seeded a passing calibration for simulated device %s", key)
        seeded.append(key)
    return seeded

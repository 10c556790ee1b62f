"""The platform's calibration schedule, pulled from sekmet-fhir, locks and frees the station's
devices through kiosk/lockout.py (kiosk/calibration_schedule.py, kiosk/sync_service.py
``run_downsync``)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace

import httpx

from kiosk import config, lockout
from kiosk.calibration_schedule import DUE_EXTENSION, PLATFORM_TECHNICIAN, apply_schedule
from kiosk.sync_service import calibration_intervals, run_downsync, sync_config
from measurements import calibration, store
from measurements.clock import FakeClock
from measurements.database import open_database
from sync.client import make_client
from sync.config import IdentifierSystems
from tests.support.sekmet_server import SekmetServer
from tests.sync.visits import NOW

ITEM = IdentifierSystems().item
CHECKED_AT = NOW + timedelta(hours=1)  # the platform's technician, after the station's seed


def _station(station_id: str):
    cfg = replace(config.simulated(), station_id=station_id,
                  platform=config.PlatformConfig(url="http://set-per-test"))
    db = open_database(None)
    lockout.seed_simulated_calibrations(db, cfg, now=NOW)
    ctx = SimpleNamespace(config=cfg, db=db, clock=FakeClock(NOW + timedelta(hours=2)))
    return cfg, db, ctx


def _put(server: SekmetServer, resource: dict[str, object]) -> None:
    response = httpx.put(f"{server.base_url}/{resource['resourceType']}/{resource['id']}",
                         content=json.dumps(resource),
                         headers={"Content-Type": "application/fhir+json"})
    assert response.status_code in (200, 201), response.text


def _entry(state: str, due_days: float | None = None) -> dict[str, object]:
    entry: dict[str, object] = {"type": "two-point", "state": state,
                                "time": CHECKED_AT.isoformat()}
    if due_days is not None:
        entry["extension"] = [{"url": DUE_EXTENSION, "valueDateTime":
                               (CHECKED_AT + timedelta(days=due_days)).isoformat()}]
    return entry


async def test_the_platform_schedule_locks_and_frees_devices(sekmet) -> None:
    cfg, db, ctx = _station("ST-SCHED-1")
    bp, scale, grip = (cfg.device(k) for k in ("blood_pressure", "scale", "grip"))
    assert all(lockout.reason(ctx, k) is None for k in ("blood_pressure", "scale", "grip"))
    bp_calibration = store.current_calibration_id(db, lockout.device_id(bp))
    # the BP cuff's DeviceMetric as the station uploaded it; the platform says: recalibrate
    _put(sekmet, {"resourceType": "DeviceMetric", "id": "ST-SCHED-1-bp",
                  "identifier": [{"system": ITEM,
                                  "value": f"ST-SCHED-1/calibration/{bp_calibration}"}],
                  "type": {"text": "calibrated measurement"}, "category": "measurement",
                  "calibration": [{"type": "unspecified", "state": "calibrated",
                                   "time": NOW.isoformat()},
                                  _entry("calibration-required")]})
    # a schedule the platform made itself, naming the scale by a logical reference:
    # checked, but due again in 30 minutes
    _put(sekmet, {"resourceType": "DeviceMetric", "id": "ST-SCHED-1-scale",
                  "identifier": [{"system": ITEM, "value": "ST-SCHED-1/schedule/scale"}],
                  "type": {"text": "body mass"}, "category": "measurement",
                  "source": {"identifier": {"value":
                                            f"ST-SCHED-1/device/{lockout.device_id(scale)}"}},
                  "calibration": [_entry("calibrated", due_days=1 / 48)]})
    # the grip's check extends its due date well past the seeded one
    grip_calibration = store.current_calibration_id(db, lockout.device_id(grip))
    _put(sekmet, {"resourceType": "DeviceMetric", "id": "ST-SCHED-1-grip",
                  "identifier": [{"system": ITEM,
                                  "value": f"ST-SCHED-1/calibration/{grip_calibration}"}],
                  "type": {"text": "grip"}, "category": "measurement",
                  "calibration": [_entry("calibrated", due_days=400)]})
    # another station's metric and one naming no device of ours are left alone
    _put(sekmet, {"resourceType": "DeviceMetric", "id": "ST-OTHER-bp",
                  "identifier": [{"system": ITEM,
                                  "value": f"ST-OTHER/calibration/{bp_calibration}"}],
                  "type": {"text": "x"}, "category": "measurement",
                  "calibration": [_entry("calibration-required")]})
    _put(sekmet, {"resourceType": "DeviceMetric", "id": "ST-SCHED-1-unknown",
                  "identifier": [{"system": ITEM, "value": "ST-SCHED-1/calibration/nope"}],
                  "type": {"text": "x"}, "category": "measurement",
                  "calibration": [_entry("calibration-required")]})

    settings = sync_config(replace(cfg, platform=config.PlatformConfig(url=sekmet.base_url)))
    async with make_client(settings) as client:
        first = await run_downsync(client, db, settings, now=CHECKED_AT)
        again = await run_downsync(client, db, settings, now=CHECKED_AT)

    assert sorted(a.device_id for a in first.calibrations) == sorted(
        lockout.device_id(d) for d in (bp, scale, grip))
    assert again.calibrations == ()  # nothing new since the checkpoint; rows not repeated
    assert first.config_values is None  # no configuration document published
    assert lockout.reason(ctx, "blood_pressure") == "calibration_failed"
    assert lockout.reason(ctx, "scale") == "calibration_overdue"  # due 30 min after 10:00
    assert lockout.reason(ctx, "grip") is None
    grip_status = lockout.device_status(ctx, grip)
    assert grip_status.due_at == CHECKED_AT + timedelta(days=400)
    technicians = {r[0] for r in db.execute(
        "SELECT technician_id FROM calibrations WHERE performed_at = ?",
        [CHECKED_AT.isoformat()])}
    assert technicians == {PLATFORM_TECHNICIAN}
    audited = db.execute("SELECT count(*) FROM audit_log"
                         " WHERE action = 'calibration_from_platform'").fetchone()[0]
    assert audited == 3


async def test_a_station_configuration_document_comes_down_with_its_version(sekmet) -> None:
    cfg, db, _ = _station("ST-SCHED-2")
    document = {"resourceType": "Parameters", "id": "station-config-ST-SCHED-2",
                "parameter": [{"name": "idle_timeout_s", "valueInteger": 90}]}
    _put(sekmet, document)
    settings = sync_config(replace(cfg, platform=config.PlatformConfig(url=sekmet.base_url)))
    async with make_client(settings) as client:
        first = await run_downsync(client, db, settings)
        again = await run_downsync(client, db, settings)
    assert first.config_values == {"idle_timeout_s": 90} and first.config_changed
    assert again.config_values == first.config_values and not again.config_changed


def test_without_a_due_date_the_configured_interval_applies() -> None:
    cfg, db, ctx = _station("ST-SCHED-3")
    scale = cfg.device("scale")
    weekly = replace(cfg, devices=tuple(
        replace(d, calibration_interval_days=7) if d.kind == "scale" else d
        for d in cfg.devices))
    metric = {"resourceType": "DeviceMetric", "id": "m-scale",
              "source": {"identifier": {"value":
                                        f"ST-SCHED-3/device/{lockout.device_id(scale)}"}},
              "calibration": [_entry("calibrated"),  # no due-date extension
                              {"type": "offset", "state": "calibrated"}]}  # undated: ignored
    (applied,) = apply_schedule(db, [metric], station_id="ST-SCHED-3", now=CHECKED_AT,
                                interval_days=calibration_intervals(weekly))
    assert applied.due_at == (CHECKED_AT + timedelta(days=7)).isoformat()
    assert lockout.device_status(ctx, scale).due_at == CHECKED_AT + timedelta(days=7)
    # not configured: the kind's default
    (default,) = apply_schedule(db, [{**metric, "id": "m-scale-2"}], station_id="ST-SCHED-3",
                                now=CHECKED_AT)
    assert default.due_at == (CHECKED_AT + timedelta(
        days=calibration.DEFAULT_INTERVAL_DAYS["scale"])).isoformat()

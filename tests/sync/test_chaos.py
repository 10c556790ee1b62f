"""Exactly once in effect: 500 visits through a faulty network into sekmet-fhir, with a
SIGKILL of the uploader mid-run.  Server-side counts prove nothing was lost or doubled."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from measurements.database import open_database
from sync.status import sync_status
from tests.support.fault_proxy import FaultProxy, Faults
from tests.support.sekmet_server import run_sekmet
from tests.sync.visits import BP_CUFF, NOW, STATION, add_calibration, full_visit

ROOT = Path(__file__).resolve().parents[2]
VISITS = 500
MEMBERS = 60


def _make_station(path: Path, visits: int) -> list[str]:
    db = open_database(path)
    db.execute("PRAGMA synchronous = OFF")  # test data only: the uploader's runs use FULL
    add_calibration(db, BP_CUFF, "blood_pressure")
    rng = random.Random(5)
    ids = [full_visit(db, member=f"MBR-{i % MEMBERS:04X}", now=NOW + timedelta(seconds=i),
                      rng=rng, pose=False) for i in range(visits)]
    db.close()
    return ids


def _uploader(db_path: Path, base_url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.uploader_process", str(db_path), base_url,
         STATION], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _sent(db_path: Path) -> int:
    db = open_database(db_path)
    try:
        return sync_status(db).sent
    finally:
        db.close()


@pytest.mark.slow
def test_500_visits_arrive_exactly_once_through_faults_and_a_kill(tmp_path: Path) -> None:
    db_path = tmp_path / "station.db"
    visit_ids = _make_station(db_path, VISITS)
    rows_total = VISITS * 5  # four measurements + the encounter row per visit
    with run_sekmet(tmp_path / "sekmet") as server:
        proxy = FaultProxy(server.root_url, Faults()).start()
        try:
            first = _uploader(db_path, f"{proxy.url}/fhir")
            deadline = time.monotonic() + 60
            while _sent(db_path) < rows_total // 3 and time.monotonic() < deadline:
                time.sleep(0.2)
            os.kill(first.pid, signal.SIGKILL)  # the station loses power mid-upload
            first.wait(10)
            sent_at_kill = _sent(db_path)
            assert 0 < sent_at_kill < rows_total

            second = _uploader(db_path, f"{proxy.url}/fhir")
            assert second.wait(180) == 0  # ~30 s on an idle 2-core machine
        finally:
            proxy.stop()

        db = open_database(db_path)
        status = sync_status(db)
        assert (status.sent, status.queued, status.rejected) == (rows_total, 0, 0)
        # every visit arrived exactly once, counted by the server
        assert server.count("Encounter") == VISITS
        assert server.count("Observation") == VISITS * 11  # BP panel + HR, BP result, 5 body, 3 grip
        assert server.count("Provenance") == VISITS
        assert server.count("Patient") == MEMBERS
        assert server.count("Device") == 4 and server.count("DeviceMetric") == 1
        for visit in random.Random(1).sample(visit_ids, 5):
            assert server.count("Encounter", identifier=f"urn:lifelog:item|{STATION}/{visit}"
                                "/encounter") == 1
        counts = proxy.faults.counts
        assert min(counts["drop_before"], counts["status_503"], counts["lost_response"],
                   counts["slow"]) > 0, counts

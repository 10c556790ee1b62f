"""The uploader against a real FHIR server (sekmet-fhir on loopback), both idempotency strategies."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from measurements.database import open_database
from sync.client import make_client
from sync.config import MappingConfig, SyncConfig
from sync.export import export_bundles
from sync.outcome import Rejected, Sent
from sync.policy import UploadLimits
from sync.uploader import Uploader
from tests.support.sekmet_server import SekmetServer
from tests.sync.visits import NOW, full_visit

LATER = NOW + timedelta(hours=1)


def _config(server: SekmetServer, station: str, strategy: str) -> SyncConfig:
    return SyncConfig(base_url=server.base_url, station_id=station,
                      mapping=MappingConfig(idempotency=strategy),  # type: ignore[arg-type]
                      limits=UploadLimits(rate_per_s=100, burst=10))


@pytest.mark.parametrize("strategy", ["conditional-create", "put"])
async def test_visits_and_their_replays_arrive_once(sekmet: SekmetServer, strategy: str) -> None:
    station = f"ST-{strategy}"
    member = f"MBR-{strategy.upper()}"
    db = open_database(None)
    visits = [full_visit(db, member=member, station=station, now=NOW + timedelta(minutes=i))
              for i in range(3)]
    config = _config(sekmet, station, strategy)
    async with make_client(config) as client:
        uploader = Uploader(db, client, config, now=lambda: LATER, rng=random.Random(0))
        outcomes = await uploader.run_once()
        assert [type(o) for o in outcomes] == [Sent] * 3
        # a replay of everything (as after a lost response) changes nothing on the server
        for bundle in export_bundles(db, None, config=config.mapping):
            response = await client.post("", json=bundle)
            assert response.status_code == 200
            assert {e["response"]["status"][:3] for e in response.json()["entry"]} == {"200"}
    for visit in visits:
        assert sekmet.count("Encounter", identifier=f"urn:lifelog:item|{station}/{visit}"
                            "/encounter") == 1
        assert sekmet.count("Observation", identifier=f"urn:lifelog:item|{station}/{visit}"
                            "/body_composition/" + _mid(db, visit, "body_composition")
                            + "/mass") == 1
    assert sekmet.count("Patient", identifier=f"urn:lifelog:member|{member}") == 1
    assert sekmet.count("Device", identifier=f"urn:lifelog:station|{station}") == 1


def _mid(db, visit: str, kind: str) -> str:
    return str(db.execute("SELECT id FROM measurements WHERE visit_id = ? AND kind = ?",
                          [visit, kind]).fetchone()[0])


async def test_a_server_rejection_is_parked_with_its_reason(sekmet: SekmetServer) -> None:
    db = open_database(None)
    visit = full_visit(db, member="MBR-REJECT", station="ST-reject")
    config = _config(sekmet, "ST-reject", "conditional-create")
    async with make_client(config) as client:
        uploader = Uploader(db, client, config, now=lambda: LATER, rng=random.Random(0))
        # corrupt the Bundle after local validation, as a platform-side rule would refuse it
        original = uploader._send

        async def send_bad(bundle, key):  # type: ignore[no-untyped-def]
            bundle["entry"][0]["resource"]["identifier"][0]["period"] = {"start": "not a date"}
            return await original(bundle, key)

        uploader._send = send_bad  # type: ignore[method-assign]
        (outcome,) = await uploader.run_once()
    assert isinstance(outcome, Rejected) and outcome.reason.startswith("HTTP 4")
    state, reason = db.execute("SELECT DISTINCT state, last_error FROM sync_outbox"
                               " WHERE visit_id = ?", [visit]).fetchone()
    assert state == "rejected" and reason == outcome.reason


def test_sekmet_fixture_serves_fhir_r4(sekmet: SekmetServer, tmp_path: Path) -> None:
    metadata = httpx.get(f"{sekmet.base_url}/metadata").json()
    assert metadata["fhirVersion"] == "4.0.1"

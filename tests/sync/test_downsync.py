"""Down-sync against sekmet-fhir: ETag-checked configuration, server-time checkpoints,
If-Match appends to shared calibration records, online member lookups."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from measurements.database import open_database
from sync import state
from sync.client import make_client
from sync.config import IdentifierSystems, SyncConfig
from sync.downsync import (
    DownsyncError,
    MemberProfile,
    append_calibration,
    fetch_member_profile,
    fetch_station_config,
    lookup_member,
    pull_calibrations,
)
from tests.support.sekmet_server import SekmetServer

SYSTEMS = IdentifierSystems()
CARD = "urn:lifelog:member-card"


def _put(server: SekmetServer, path: str, resource: dict[str, object],
         **headers: str) -> httpx.Response:
    return httpx.put(f"{server.base_url}/{path}", content=json.dumps(resource),
                     headers={"Content-Type": "application/fhir+json", **headers})


def _get(server: SekmetServer, path: str) -> dict[str, Any]:
    # a second writer (staff at the platform), outside the station's client
    return dict(httpx.get(f"{server.base_url}/{path}").json())


def _client(server: SekmetServer, station: str) -> httpx.AsyncClient:
    return make_client(SyncConfig(base_url=server.base_url, station_id=station))


def _metric(station: str, n: int) -> dict[str, object]:
    return {"resourceType": "DeviceMetric", "id": f"{station}-m{n}",
            "identifier": [{"system": SYSTEMS.item, "value": f"{station}/calibration/{n}"}],
            "type": {"text": "body mass"}, "category": "measurement",
            "calibration": [{"type": "two-point", "state": "calibration-required"}]}


async def test_station_config_is_read_again_only_when_its_version_changed(sekmet) -> None:
    db = open_database(None)
    config = {"resourceType": "Parameters", "id": "station-config-ST-cfg",
              "parameter": [{"name": "idle_timeout_s", "valueInteger": 90}]}
    assert _put(sekmet, "Parameters/station-config-ST-cfg", config).status_code == 201
    async with _client(sekmet, "ST-cfg") as client:
        first = await fetch_station_config(client, db, "ST-cfg")
        assert first is not None and first.changed and first.values == {"idle_timeout_s": 90}
        again = await fetch_station_config(client, db, "ST-cfg")
        assert again is not None and not again.changed and again.values == first.values
        config["parameter"] = [{"name": "idle_timeout_s", "valueInteger": 60}]
        _put(sekmet, "Parameters/station-config-ST-cfg", config)
        third = await fetch_station_config(client, db, "ST-cfg")
        assert third is not None and third.changed and third.values == {"idle_timeout_s": 60}
        assert third.version != first.version
        assert await fetch_station_config(client, db, "ST-none") is None


async def test_calibration_pull_checkpoints_on_server_time(sekmet) -> None:
    db = open_database(None)
    for n in range(3):
        _put(sekmet, f"DeviceMetric/ST-cal-m{n}", _metric("ST-cal", n))
    _put(sekmet, "DeviceMetric/ST-other-m0", _metric("ST-other", 0))
    async with _client(sekmet, "ST-cal") as client:
        first = await pull_calibrations(client, db, "ST-cal", SYSTEMS)
        assert sorted(m["id"] for m in first) == ["ST-cal-m0", "ST-cal-m1", "ST-cal-m2"]
        checkpoint = state.get(db, "calibration_checkpoint/ST-cal")
        newest = max(m["meta"]["lastUpdated"] for m in first)
        assert checkpoint is not None and checkpoint >= newest  # the server's clock
        _put(sekmet, "DeviceMetric/ST-cal-m1", {**_metric("ST-cal", 1), "type": {"text": "x"}})
        second = await pull_calibrations(client, db, "ST-cal", SYSTEMS)
        assert [m["id"] for m in second] == ["ST-cal-m1"]  # only what changed since


async def test_appending_a_calibration_survives_a_concurrent_edit(sekmet) -> None:
    _put(sekmet, "DeviceMetric/ST-race-m0", _metric("ST-race", 0))
    mine = {"type": "two-point", "state": "calibrated", "time": "2026-11-22T09:00:00Z"}
    theirs = {"type": "offset", "state": "calibrated", "time": "2026-11-22T08:00:00Z"}
    edited = False

    async def edit_in_between(request: httpx.Request) -> None:
        nonlocal edited
        if request.method == "PUT" and not edited:  # staff save first, with the same version
            edited = True
            current = _get(sekmet, "DeviceMetric/ST-race-m0")
            current["calibration"] = [*current["calibration"], theirs]
            _put(sekmet, "DeviceMetric/ST-race-m0", current)

    async with _client(sekmet, "ST-race") as client:
        client.event_hooks["request"] = [edit_in_between]
        stored = await append_calibration(client, "ST-race-m0", mine)
        assert edited
        again = await append_calibration(client, "ST-race-m0", mine)  # a replay: no second copy
    final = _get(sekmet, "DeviceMetric/ST-race-m0")
    assert final["calibration"][1:] == [theirs, mine]
    assert stored["calibration"] == again["calibration"] == final["calibration"]


async def test_member_lookup_by_keyed_token(sekmet) -> None:
    patient = {"resourceType": "Patient", "id": "lookup-1", "identifier": [
        {"system": SYSTEMS.member, "value": "MBR-LOOKUP"},
        {"system": CARD, "value": "card-token-abc"}]}
    _put(sekmet, "Patient/lookup-1", patient)
    async with _client(sekmet, "ST-lookup") as client:
        assert await lookup_member(client, SYSTEMS, token_system=CARD,
                                   token="card-token-abc") == "MBR-LOOKUP"
        assert await lookup_member(client, SYSTEMS, token_system=CARD, token="nobody") is None
        _put(sekmet, "Patient/lookup-2", {**patient, "id": "lookup-2"})
        with pytest.raises(DownsyncError, match="more than one"):
            await lookup_member(client, SYSTEMS, token_system=CARD, token="card-token-abc")


async def test_member_profile_by_pseudonym_keeps_it_out_of_urls(sekmet) -> None:
    def patient(pid: str, value: str, **elements: str) -> dict[str, object]:
        return {"resourceType": "Patient", "id": pid, **elements,
                "identifier": [{"system": SYSTEMS.member, "value": value}]}

    _put(sekmet, "Patient/profile-1", patient("profile-1", "card:PROFILE1", gender="female",
                                              birthDate="1951-03"))
    _put(sekmet, "Patient/profile-2", patient("profile-2", "card:PROFILE2", gender="unknown"))
    urls: list[str] = []

    async def record(request: httpx.Request) -> None:
        urls.append(str(request.url))

    async with _client(sekmet, "ST-profile") as client:
        client.event_hooks["request"] = [record]
        assert await fetch_member_profile(client, SYSTEMS, "card:PROFILE1") == MemberProfile(
            sex="female", birth_year=1951)  # a partial FHIR date still has its year
        assert await fetch_member_profile(client, SYSTEMS, "card:PROFILE2") == MemberProfile(
            sex=None, birth_year=None)  # known, but nothing the norm tables could use
        assert await fetch_member_profile(client, SYSTEMS, "card:NOBODY") is None
        _put(sekmet, "Patient/profile-3", patient("profile-3", "card:PROFILE1"))
        with pytest.raises(DownsyncError, match="more than one"):
            await fetch_member_profile(client, SYSTEMS, "card:PROFILE1")
    assert urls and not any("PROFILE" in url or "NOBODY" in url for url in urls)


async def test_member_profile_reports_a_failing_platform_by_status_only() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"resourceType": "OperationOutcome"})

    config = SyncConfig(base_url="https://platform.invalid/fhir", station_id="ST-503")
    async with make_client(config, transport=httpx.MockTransport(refuse)) as client:
        with pytest.raises(DownsyncError) as caught:
            await fetch_member_profile(client, SYSTEMS, "card:SECRET503")
    assert str(caught.value) == "member profile: HTTP 503"

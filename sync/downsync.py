"""Data flowing down from the platform: member lookups, station configuration, calibrations.

The platform is authoritative and the station is a read-mostly cache (sync-fhir-security.md
§4.1 "Data flowing down"):

* members are looked up online by a keyed token, never replicated as a roster (§5.4);
* the station configuration is a ``Parameters`` resource read with ``If-None-Match`` against the
  stored ETag, so an unchanged document costs a 304;
* the calibration schedule is pulled with ``_lastUpdated=ge<checkpoint>``, the checkpoint being
  the server's own ``meta.lastUpdated`` high-water mark (or its ``Date`` header), never the
  station clock, so a station whose clock is wrong neither misses nor re-reads forever;
* a calibration the station performed is appended to the shared DeviceMetric with ``If-Match``;
  on 412 the station re-reads, re-applies only its own append-only entry and retries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
from sqlite_utils import Database

from sync import state
from sync.client import FHIR_JSON
from sync.config import IdentifierSystems
from sync.outcome import server_date

MAX_PAGES = 50  # a schedule larger than 50 pages means a wrong query, not a big clinic
MAX_CONFLICT_RETRIES = 3  # If-Match races with staff editing the same DeviceMetric


class DownsyncError(Exception):
    """The platform could not answer (status and reason; no personal data)."""


def _check(response: httpx.Response, what: str) -> None:
    if response.status_code >= 400:
        raise DownsyncError(f"{what}: HTTP {response.status_code}")


# --- members ----------------------------------------------------------------------------------

async def lookup_member(client: httpx.AsyncClient, systems: IdentifierSystems, *,
                        token_system: str, token: str) -> str | None:
    """The platform's pseudonymous member id for a keyed token (card id, HMAC of a phone).

    Args:
        client: the platform client.
        systems: where the member pseudonym lives (``systems.member``).
        token_system: the NamingSystem of the token (card, phone-HMAC, ...).
        token: the token itself; sent over TLS, never logged or stored.

    Returns:
        The member pseudonym, or None when the platform knows no such member.

    Raises:
        DownsyncError: the platform failed, or the token matched more than one member.
    """
    response = await client.get("Patient", params={"identifier": f"{token_system}|{token}",
                                                   "_elements": "identifier"})
    _check(response, "member lookup")
    entries = response.json().get("entry") or []
    if not entries:
        return None
    if len(entries) > 1:
        raise DownsyncError("member lookup: the token matches more than one member")
    for identifier in entries[0]["resource"].get("identifier") or []:
        if identifier.get("system") == systems.member:
            return str(identifier["value"])
    raise DownsyncError("member lookup: the member has no pseudonymous identifier")


@dataclass(frozen=True, slots=True)
class MemberProfile:
    """What the platform's Patient says that the station's norm tables need.

    Attributes:
        sex: ``"male"`` / ``"female"`` from ``Patient.gender``; None for other, unknown or absent.
        birth_year: the year of ``Patient.birthDate`` (any precision); None when absent.
    """

    sex: str | None
    birth_year: int | None


def _birth_year(value: object) -> int | None:
    # FHIR ``date`` is YYYY, YYYY-MM or YYYY-MM-DD (R4 §2.24.0.1 "date"): the year is the prefix
    text = str(value or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


async def fetch_member_profile(client: httpx.AsyncClient, systems: IdentifierSystems,
                               pseudonym: str) -> MemberProfile | None:
    """The platform's Patient for a member pseudonym, reduced to sex and birth year.

    Searched with ``POST Patient/_search`` (FHIR R4 http.html#search "POST ... _search") so the
    pseudonym travels in the body, not in a URL that proxies, server access logs and httpx's
    own request log would keep.

    Args:
        client: the platform client.
        systems: where the member pseudonym lives (``systems.member``).
        pseudonym: the member's pseudonymous identifier, as the station uploads it.

    Returns:
        The profile (its fields None where the Patient carries nothing), or None when the
        platform knows no such member.

    Raises:
        DownsyncError: the platform failed, or the pseudonym matched more than one Patient.
    """
    response = await client.post(
        "Patient/_search", data={"identifier": f"{systems.member}|{pseudonym}",
                                 "_elements": "identifier,gender,birthDate"})
    _check(response, "member profile")
    entries = [e for e in response.json().get("entry") or []
               if (e.get("search") or {}).get("mode", "match") == "match"]
    if not entries:
        return None
    if len(entries) > 1:
        raise DownsyncError("member profile: the pseudonym matches more than one Patient")
    patient = entries[0].get("resource") or {}
    gender = patient.get("gender")
    return MemberProfile(sex=gender if gender in ("male", "female") else None,
                         birth_year=_birth_year(patient.get("birthDate")))


# --- station configuration ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class StationConfig:
    """The platform's configuration document for this station.

    Attributes:
        version: the document's ETag (``W/"3"``).
        changed: False when the platform answered 304 (the cached copy is current).
        values: parameter name -> value (``valueInteger``, ``valueString``, ...).
    """

    version: str
    changed: bool
    values: dict[str, Any]


def _parameters(resource: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for parameter in resource.get("parameter") or []:
        for key, value in parameter.items():
            if key.startswith("value"):
                values[parameter["name"]] = value
    return values


async def fetch_station_config(client: httpx.AsyncClient, db: Database,
                               station_id: str) -> StationConfig | None:
    """Read ``Parameters/station-config-<station>`` if it changed since the stored version.

    Returns:
        The configuration (from the cache when unchanged), or None when none is published.

    Raises:
        DownsyncError: the platform failed.
    """
    etag_key, body_key = f"config_etag/{station_id}", f"config_body/{station_id}"
    etag = state.get(db, etag_key)
    headers = {"If-None-Match": etag} if etag else {}
    response = await client.get(f"Parameters/station-config-{station_id}", headers=headers)
    if response.status_code == 404:
        return None
    cached = state.get(db, body_key)
    if response.status_code == 304 and etag and cached:
        return StationConfig(etag, changed=False, values=json.loads(cached))
    _check(response, "station configuration")
    version = response.headers.get("etag") or ""
    values = _parameters(response.json())
    at = server_date(response)
    if at is not None:
        with db.atomic():
            state.put(db, etag_key, version, at=at)
            state.put(db, body_key, json.dumps(values, ensure_ascii=False), at=at)
    return StationConfig(version, changed=True, values=values)


# --- calibration schedule ------------------------------------------------------------------------

def _checkpoint_key(station_id: str) -> str:
    return f"calibration_checkpoint/{station_id}"


async def pull_calibrations(client: httpx.AsyncClient, db: Database, station_id: str,
                            systems: IdentifierSystems) -> list[dict[str, Any]]:
    """DeviceMetrics of this station's devices changed since the last pull.

    The checkpoint advances to the newest ``meta.lastUpdated`` seen (server time), or to the
    search Bundle's own ``meta.lastUpdated`` / ``Date`` when nothing changed.  ``ge`` rather than
    ``gt`` so a change in the same millisecond as the checkpoint is not skipped; callers apply
    the returned resources idempotently.

    Returns:
        DeviceMetric resources whose identifier belongs to this station.

    Raises:
        DownsyncError: the platform failed.
    """
    checkpoint = state.get(db, _checkpoint_key(station_id))
    params: dict[str, str] = {"_count": "100", "_sort": "_lastUpdated"}
    if checkpoint:
        params["_lastUpdated"] = f"ge{checkpoint}"
    found: list[dict[str, Any]] = []
    newest = checkpoint
    url: str | None = "DeviceMetric"
    server_time = None
    for _ in range(MAX_PAGES):
        if url is None:
            break
        response = await client.get(url, params=params if url == "DeviceMetric" else None)
        _check(response, "calibration schedule")
        server_time = server_date(response) or server_time
        page = response.json()
        entries = page.get("entry") or []
        stamps = [(e["resource"].get("meta") or {}).get("lastUpdated") for e in entries]
        if not entries:  # nothing changed: the search's own time is the new high-water mark
            stamps.append((page.get("meta") or {}).get("lastUpdated"))
        newest = max(filter(None, [newest, *stamps]), default=None)
        for entry in entries:
            resource = entry["resource"]
            if any(i.get("system") == systems.item and str(i.get("value", "")).startswith(
                    f"{station_id}/") for i in resource.get("identifier") or []):
                found.append(resource)
        url = next((link["url"] for link in page.get("link") or []
                    if link.get("relation") == "next"), None)
    if newest and server_time is not None:
        state.put(db, _checkpoint_key(station_id), newest, at=server_time)
    return found


async def append_calibration(client: httpx.AsyncClient, metric_id: str,
                             entry: dict[str, Any]) -> dict[str, Any]:
    """Append one calibration entry to a shared DeviceMetric under optimistic locking.

    Args:
        client: the platform client.
        metric_id: the DeviceMetric's id on the platform.
        entry: one ``DeviceMetric.calibration`` element (type, state, time).

    Returns:
        The DeviceMetric as stored.

    Raises:
        DownsyncError: the platform failed, or the resource kept changing under us.
    """
    for _ in range(MAX_CONFLICT_RETRIES):
        current = await client.get(f"DeviceMetric/{metric_id}")
        _check(current, "calibration read")
        resource = current.json()
        if entry in (resource.get("calibration") or []):
            return dict(resource)  # already there: a replay after a lost response
        resource["calibration"] = [*(resource.get("calibration") or []), entry]
        headers = {"Content-Type": FHIR_JSON}
        if current.headers.get("etag"):
            headers["If-Match"] = current.headers["etag"]
        response = await client.put(f"DeviceMetric/{metric_id}", headers=headers,
                                    content=json.dumps(resource).encode())
        if response.status_code == 412:
            continue  # someone else wrote first: re-read, re-apply our entry only
        _check(response, "calibration write")
        return dict(response.json()) if response.content else dict(resource)
    raise DownsyncError("calibration write: the DeviceMetric kept changing (412)")

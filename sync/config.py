"""Frozen settings the kiosk's config loader fills from the station TOML.

Nothing here reads files or the environment: the composition root builds a SyncConfig
and hands it down (style-anchors principle 13).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sync.policy import RetryPolicy, UploadLimits

IdempotencyStrategy = Literal["conditional-create", "put"]


@dataclass(frozen=True, slots=True)
class IdentifierSystems:
    """URIs of the platform's NamingSystems (placeholders until the platform publishes its own).

    Attributes:
        member: the platform-issued pseudonymous member id (Patient.identifier, type ANON).
        guest: per-visit pseudonyms for guests, who have no member id.
        station: the station (kiosk) serial.
        item: business identifiers ``station/visit/item`` of everything the station uploads.
        local_codes: the platform's CodeSystem for tests without a LOINC code.
    """

    member: str = "urn:lifelog:member"
    guest: str = "urn:lifelog:guest"
    station: str = "urn:lifelog:station"
    item: str = "urn:lifelog:item"
    local_codes: str = "urn:lifelog:CodeSystem/kiosk-test"


@dataclass(frozen=True, slots=True)
class MappingConfig:
    """What the FHIR mapping needs besides the database.

    Attributes:
        idempotency: 'conditional-create' (POST + ifNoneExist on business identifiers) or 'put'
            (PUT with ids derived from them).  One choice per deployment, never mixed for a
            resource type: mixing duplicates resources (sync-fhir-security.md §3.2 finding 3).
        software_version: the station software and scoring version named in Provenance.
        systems: identifier and code system URIs.
    """

    idempotency: IdempotencyStrategy = "conditional-create"
    software_version: str = "lifelog-kiosk 0.1.0"
    systems: IdentifierSystems = field(default_factory=IdentifierSystems)


@dataclass(frozen=True, slots=True)
class SmartAuthConfig:
    """SMART Backend Services client (client_credentials + private_key_jwt).

    Attributes:
        client_id: as registered with the platform's authorisation server.
        private_key_path: PEM private key (EC P-384 for ES384, RSA for RS384).  Never logged.
        token_url: token endpoint; discovered from ``.well-known/smart-configuration`` if None.
        alg: JWS algorithm of the client assertion.
        kid: key id in the platform's JWKS, for key rotation.
        scope: narrow system scopes (sync-fhir-security.md §5.2): create/update what the
            station uploads, read/search what down-sync pulls (calibration schedule, station
            configuration).
    """

    client_id: str
    private_key_path: Path
    token_url: str | None = None
    alg: Literal["ES384", "RS384"] = "ES384"
    kid: str | None = None
    scope: str = "system/Patient.cu system/Encounter.cu system/Observation.cu system/Device.cu" \
        " system/DeviceMetric.cu system/Provenance.cu system/DeviceMetric.rs system/Parameters.r"


@dataclass(frozen=True, slots=True)
class MutualTlsConfig:
    """Client certificate for mutual TLS at the platform's edge.

    Attributes:
        cert_path: the station's certificate chain (PEM).
        key_path: its private key (PEM).  Never logged.
        ca_path: the platform CA bundle; the system trust store if None.
    """

    cert_path: Path
    key_path: Path
    ca_path: Path | None = None


@dataclass(frozen=True, slots=True)
class SyncConfig:
    """Everything the uploader and down-sync need.

    Attributes:
        base_url: the platform's FHIR base, e.g. ``https://platform.example/fhir``.
        station_id: this station's serial (business identifiers, Provenance agent).
        mapping: FHIR mapping and idempotency settings.
        smart: SMART Backend Services client, or None for no bearer token.
        mtls: mutual TLS client certificate, or None.
        retry: backoff schedule.
        limits: concurrency, leases, rate limit.
    """

    base_url: str
    station_id: str
    mapping: MappingConfig = field(default_factory=MappingConfig)
    smart: SmartAuthConfig | None = None
    mtls: MutualTlsConfig | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    limits: UploadLimits = field(default_factory=UploadLimits)

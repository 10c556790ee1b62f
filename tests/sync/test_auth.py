"""SMART Backend Services auth (private_key_jwt) and mutual-TLS context: unit and against sekmet."""

from __future__ import annotations

import logging
import random
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from measurements.database import open_database
from sync.auth import ASSERTION_TYPE, SmartBackendAuth
from sync.client import make_client, tls_context
from sync.config import MutualTlsConfig, SmartAuthConfig, SyncConfig
from sync.outcome import AuthError, RetryLater, Sent
from sync.policy import UploadLimits
from sync.uploader import Uploader
from tests.support.sekmet_server import SekmetServer, run_sekmet
from tests.sync.visits import NOW, full_visit

TOKEN_URL = "https://auth.platform.test/token"


def _write_key(directory: Path) -> tuple[Path, Path, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP384R1())
    private = directory / "station.pem"
    public = directory / "station.pub.pem"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    public.write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return private, public, key


@pytest.fixture
def station_key(tmp_path: Path) -> tuple[Path, Path, ec.EllipticCurvePrivateKey]:
    return _write_key(tmp_path)


class TokenServer:
    """MockTransport handler: a token endpoint plus a FHIR endpoint that wants a bearer token."""

    def __init__(self, public_key: ec.EllipticCurvePublicKey) -> None:
        self.public_key = public_key
        self.tokens = 0
        self.revoked: set[str] = set()
        self.assertions: list[dict[str, object]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        date = {"date": "Sun, 22 Nov 2026 09:00:00 GMT"}
        if str(request.url) == TOKEN_URL:
            form = dict(httpx.QueryParams(request.content.decode()))
            assert form["client_assertion_type"] == ASSERTION_TYPE
            try:
                # expiry is checked below against this server's clock (its Date header)
                claims = jwt.decode(form["client_assertion"], self.public_key,
                                    algorithms=["ES384"], audience=TOKEN_URL,
                                    options={"verify_exp": False, "verify_iat": False})
            except jwt.PyJWTError as exc:
                return httpx.Response(401, json={"error": "invalid_client",
                                                 "error_description": str(exc)}, headers=date)
            self.assertions.append(claims)
            self.tokens += 1
            return httpx.Response(200, json={"access_token": f"tok-{self.tokens}",
                                             "expires_in": 3600}, headers=date)
        bearer = request.headers.get("authorization", "")
        if not bearer.startswith("Bearer tok-") or bearer[7:] in self.revoked:
            return httpx.Response(401, headers=date)
        return httpx.Response(200, json={"ok": True}, headers=date)


def _auth(private: Path, clock: float) -> SmartBackendAuth:
    config = SmartAuthConfig(client_id="station-0001", private_key_path=private,
                             token_url=TOKEN_URL, kid="k1")
    return SmartBackendAuth(config, fhir_base="https://platform.test/fhir",
                            wall_clock=lambda: clock)


async def test_one_token_serves_many_requests_and_a_401_refreshes_once(station_key) -> None:
    private, _, key = station_key
    server = TokenServer(key.public_key())
    # the station clock is an hour slow; the assertion must follow the server's Date instead
    station_clock = datetime(2026, 11, 22, 8, 0, tzinfo=UTC).timestamp()
    auth = _auth(private, station_clock)
    async with httpx.AsyncClient(transport=httpx.MockTransport(server), auth=auth) as client:
        for _ in range(3):
            assert (await client.get("https://platform.test/fhir/metadata")).status_code == 200
        assert server.tokens == 1
        server.revoked.add("tok-1")
        assert (await client.get("https://platform.test/fhir/metadata")).status_code == 200
        assert server.tokens == 2
    claims = server.assertions[1]
    assert claims["iss"] == claims["sub"] == "station-0001"
    assert int(str(claims["exp"])) - int(str(claims["iat"])) <= 300  # SMART: exp ≤ 5 min
    server_now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC).timestamp()
    assert abs(int(str(claims["iat"])) - server_now) < 5
    assert server.assertions[0]["jti"] != server.assertions[1]["jti"]


async def test_a_refused_station_is_a_typed_error_and_the_key_is_never_shown(
        station_key, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    private, _, _ = station_key
    (tmp_path / "other").mkdir()
    _, _, other_key = _write_key(tmp_path / "other")
    server = TokenServer(other_key.public_key())  # trusts a different key
    auth = _auth(private, NOW.timestamp())
    pem = private.read_text()
    with caplog.at_level(logging.DEBUG):
        async with httpx.AsyncClient(transport=httpx.MockTransport(server), auth=auth) as client:
            with pytest.raises(AuthError, match="HTTP 401 Signature verification failed"):
                await client.get("https://platform.test/fhir/metadata")
    body = pem.split("-----")[2].strip().splitlines()[1]
    assert body not in repr(auth) and body not in caplog.text


def test_an_unreadable_key_names_the_path_not_the_content(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pem"
    bad.write_text("-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n")
    with pytest.raises(AuthError) as excinfo:
        _auth(bad, 0.0)
    assert "broken.pem" in str(excinfo.value) and "c2VjcmV0" not in str(excinfo.value)


def test_mutual_tls_context_presents_the_station_certificate(station_key, tmp_path) -> None:
    private, _, key = station_key
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ST-0001")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - timedelta(days=1)).not_valid_after(NOW + timedelta(days=30))
            .sign(key, hashes.SHA384()))
    cert_path = tmp_path / "station.crt"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    mtls = MutualTlsConfig(cert_path=cert_path, key_path=private, ca_path=cert_path)
    context = tls_context(mtls)
    assert isinstance(context, ssl.SSLContext) and context.verify_mode == ssl.CERT_REQUIRED
    config = SyncConfig(base_url="https://platform.test/fhir", station_id="ST-0001", mtls=mtls)
    client = make_client(config)  # builds its transport with that context
    assert isinstance(client, httpx.AsyncClient)
    with pytest.raises(ssl.SSLError):
        tls_context(MutualTlsConfig(cert_path=cert_path, key_path=cert_path))


# --- against sekmet's SMART Backend Services token endpoint ---------------------------------

@pytest.fixture(scope="module")
def smart_sekmet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SekmetServer, Path]]:
    workdir = tmp_path_factory.mktemp("smart")
    private, public, _ = _write_key(workdir)
    settings = {"server_auth": {"types": ["smart"], "smart_clients": [
        {"client_id": "station-0001", "public_key_path": str(public), "scopes": "system/*.*"}]}}
    with run_sekmet(workdir / "sekmet", extra_settings=settings) as server:
        yield server, private


async def test_uploads_with_smart_backend_services_against_sekmet(smart_sekmet) -> None:
    server, private = smart_sekmet
    db = open_database(None)
    for i in range(3):
        full_visit(db, member=f"MBR-SMART{i}", station="ST-smart")
    smart = SmartAuthConfig(client_id="station-0001", private_key_path=private,
                            scope="system/*.*")
    config = SyncConfig(base_url=server.base_url, station_id="ST-smart", smart=smart,
                        limits=UploadLimits(rate_per_s=100, burst=10))
    auth = SmartBackendAuth(smart, fhir_base=server.base_url)  # token URL by discovery
    async with make_client(config, auth=auth) as client:
        uploader = Uploader(db, client, config, now=lambda: NOW + timedelta(hours=1),
                            rng=random.Random(0))
        assert [type(o) for o in await uploader.run_once()] == [Sent] * 3
    assert auth.tokens_fetched == 1


async def test_without_a_token_sekmet_says_401_and_the_visit_waits(smart_sekmet) -> None:
    server, _ = smart_sekmet
    db = open_database(None)
    full_visit(db, member="MBR-NOAUTH", station="ST-noauth")
    config = SyncConfig(base_url=server.base_url, station_id="ST-noauth",
                        limits=UploadLimits(rate_per_s=100, burst=10))
    async with make_client(config) as client:
        uploader = Uploader(db, client, config, now=lambda: NOW + timedelta(hours=1),
                            rng=random.Random(0))
        (outcome,) = await uploader.run_once()
    assert isinstance(outcome, RetryLater) and outcome.reason.startswith("HTTP 401")
    assert db.execute("SELECT DISTINCT state FROM sync_outbox").fetchone()[0] == "queued"

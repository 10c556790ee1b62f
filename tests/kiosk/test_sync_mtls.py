"""Mutual TLS from the station TOML: ``[platform] client_cert_file / client_key_file / ca_file``
are checked when the file is read, reach ``sync.client`` through kiosk/sync_service.py, and a
real TLS handshake against sekmet-fhir under uvicorn with client certificates required
(``--ssl-cert-reqs 2`` = ``ssl.CERT_REQUIRED``) uploads a visit; without the station
certificate the same server refuses the connection."""

from __future__ import annotations

import ipaddress
import json
import os
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk import config
from kiosk.bridge import DeviceLoop
from kiosk.sync_service import SyncOptions, start_sync, sync_config
from measurements.database import open_database
from sync.policy import UploadLimits
from sync.status import sync_status
from tests.support.sekmet_server import free_port
from tests.sync.visits import full_visit

STATION = "ST-MTLS"


# --- a throw-away PKI ----------------------------------------------------------------------

@dataclass(frozen=True)
class Pki:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _key(path: Path) -> ec.EllipticCurvePrivateKey:
    key = ec.generate_private_key(ec.SECP256R1())
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return key


def _cert(path: Path, subject: str, key: ec.EllipticCurvePrivateKey,
          issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None,
          *, ca: bool = False, server: bool = False) -> x509.Name:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    issuer_name, issuer_key = issuer or (name, key)
    now = datetime.now(UTC)
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer_name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - timedelta(hours=1))
               .not_valid_after(now + timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if server:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    if not ca:
        usage = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    path.write_bytes(builder.sign(issuer_key, hashes.SHA256())
                     .public_bytes(serialization.Encoding.PEM))
    return name


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    d = tmp_path_factory.mktemp("pki")
    ca_key = _key(d / "ca.key")
    ca_name = _cert(d / "ca.crt", "Test platform CA", ca_key, None, ca=True)
    _cert(d / "server.crt", "127.0.0.1", _key(d / "server.key"), (ca_name, ca_key), server=True)
    _cert(d / "station.crt", STATION, _key(d / "station.key"), (ca_name, ca_key))
    return Pki(d / "ca.crt", d / "server.crt", d / "server.key", d / "station.crt",
               d / "station.key")


# --- the station TOML ------------------------------------------------------------------------

def _toml(url: str, **platform: Path | str) -> str:
    lines = [f'[station]\nid = "{STATION}"\n', f'[platform]\nurl = "{url}"']
    lines += [f'{key} = "{value}"' for key, value in platform.items()]
    return "\n".join(lines) + "\n"


def test_the_certificate_files_reach_the_uploader_settings(tmp_path, pki) -> None:
    path = tmp_path / "station.toml"
    path.write_text(_toml("https://platform.test/fhir", client_cert_file=pki.client_cert,
                          client_key_file=pki.client_key, ca_file=pki.ca), encoding="utf-8")
    cfg = config.load(path)
    assert cfg.platform.client_cert_file == str(pki.client_cert)
    mtls = sync_config(cfg).mtls
    assert mtls is not None
    assert (mtls.cert_path, mtls.key_path, mtls.ca_path) == (pki.client_cert, pki.client_key,
                                                            pki.ca)
    no_tls = tmp_path / "plain.toml"
    no_tls.write_text(_toml("https://platform.test/fhir"), encoding="utf-8")
    assert sync_config(config.load(no_tls)).mtls is None


@pytest.mark.parametrize(("platform", "expected"), [
    # line 6 is the first key after [platform] and url (see _toml)
    ({"client_cert_file": "MISSING", "client_key_file": "KEY"},
     (6, "platform.client_cert_file", "file not found")),
    ({"client_cert_file": "CERT", "client_key_file": "KEY", "ca_file": "MISSING"},
     (8, "platform.ca_file", "file not found")),
    ({"client_cert_file": "CERT"}, (6, "platform.client_key_file", "is required with")),
    ({"client_key_file": "KEY"}, (6, "platform.client_cert_file", "is required with")),
    ({"ca_file": "CERT"}, (6, "platform.ca_file", "mutual TLS only")),
])
def test_a_bad_certificate_setting_names_file_line_and_key(
        tmp_path, pki, platform: dict[str, str], expected: tuple[int, str, str]) -> None:
    line, key, problem = expected
    real = {"CERT": pki.client_cert, "KEY": pki.client_key, "MISSING": tmp_path / "nope.pem"}
    path = tmp_path / "station.toml"
    path.write_text(_toml("https://platform.test/fhir",
                          **{k: real[v] for k, v in platform.items()}), encoding="utf-8")
    with pytest.raises(config.ConfigError) as excinfo:
        config.load(path)
    err = excinfo.value
    assert (err.path, err.line, err.key) == (path, line, key)
    assert problem in err.problem
    assert str(path) in str(err) and f"line {line}" in str(err)


# --- a real handshake against sekmet over mutual TLS ------------------------------------------

@pytest.fixture(scope="module")
def mtls_sekmet(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> Iterator[str]:
    """sekmet-fhir under uvicorn with TLS and client certificates required; yields its base."""
    workdir = tmp_path_factory.mktemp("sekmet-mtls")
    port = free_port()
    base = f"https://127.0.0.1:{port}/fhir"
    settings = {"base_url": base, "host": "127.0.0.1", "port": port,
                "data_dir": str(workdir / "data"), "log_inbound": False,
                "simulator": {"enabled": False}}
    (workdir / "settings.yaml").write_text(json.dumps(settings))
    log = workdir / "sekmet.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "sekmet.main:app_factory", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
             "--ssl-certfile", str(pki.server_cert), "--ssl-keyfile", str(pki.server_key),
             "--ssl-ca-certs", str(pki.ca), "--ssl-cert-reqs", str(int(ssl.CERT_REQUIRED))],
            cwd=workdir, env={**os.environ, "SEKMET_CONFIG": str(workdir / "settings.yaml")},
            stdout=out, stderr=subprocess.STDOUT)
    context = ssl.create_default_context(cafile=str(pki.ca))
    context.load_cert_chain(str(pki.client_cert), str(pki.client_key))
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log.read_text()[-2000:]
            try:
                if httpx.get(f"{base}/metadata", verify=context, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, log.read_text()[-2000:]
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def test_the_platform_refuses_a_station_without_its_certificate(mtls_sekmet, pki) -> None:
    trusts_the_server = ssl.create_default_context(cafile=str(pki.ca))
    with pytest.raises(httpx.TransportError):  # handshake alert, or reset on the first read
        httpx.get(f"{mtls_sekmet}/metadata", verify=trusts_the_server, timeout=5)


def test_the_station_uploads_over_mutual_tls_from_its_config(tmp_path, pki,
                                                             mtls_sekmet) -> None:
    path = tmp_path / "station.toml"
    path.write_text(_toml(mtls_sekmet, client_cert_file=pki.client_cert,
                          client_key_file=pki.client_key, ca_file=pki.ca), encoding="utf-8")
    cfg = config.load(path)
    db_path = tmp_path / "station.db"
    db = open_database(db_path)
    full_visit(db, member="MBR-MTLS", station=STATION, now=datetime.now(UTC))
    loop = DeviceLoop().start()
    service = start_sync(cfg, db_path, loop, SyncOptions(
        idle_s=0.05, limits=UploadLimits(rate_per_s=100, burst=10)))
    try:
        assert service is not None
        deadline = time.monotonic() + 20
        while sync_status(db).sent < 6:
            status = sync_status(db)
            assert time.monotonic() < deadline, (service.problem, status.last_error)
            time.sleep(0.05)
        assert service.problem is None
    finally:
        if service is not None:
            service.stop(timeout_s=2)
        loop.stop()
        db.close()
    check = ssl.create_default_context(cafile=str(pki.ca))
    check.load_cert_chain(str(pki.client_cert), str(pki.client_key))
    found = httpx.get(f"{mtls_sekmet}/Encounter", params={"_summary": "count"}, verify=check,
                      timeout=10).json()
    assert found["total"] == 1

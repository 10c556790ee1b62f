"""The httpx.AsyncClient the uploader and down-sync use, built from SyncConfig.

The transport is injectable (httpx.MockTransport in unit tests).  The default transport's
``retries`` re-tries connection failures only, never a request that may have reached the
server (httpx transports docs; encode/httpx discussion #2758).
"""

from __future__ import annotations

import ssl

import httpx

from sync.config import MutualTlsConfig, SyncConfig

FHIR_JSON = "application/fhir+json"
CONNECT_RETRIES = 1  # one immediate reconnect: cheap, and safe because nothing was sent


def tls_context(mtls: MutualTlsConfig) -> ssl.SSLContext:
    """A client TLS context presenting the station certificate (mutual TLS).

    httpx 0.28 deprecates ``cert=``; the context is passed as ``verify=`` instead
    (sync-fhir-security.md §5.2).
    """
    context = ssl.create_default_context(cafile=str(mtls.ca_path) if mtls.ca_path else None)
    context.load_cert_chain(certfile=str(mtls.cert_path), keyfile=str(mtls.key_path))
    return context


def make_client(config: SyncConfig, *, auth: httpx.Auth | None = None,
                transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """Build the platform client.

    Args:
        config: base URL, mutual TLS and timeouts.
        auth: e.g. ``sync.auth.SmartBackendAuth``; None for no bearer token.
        transport: replaces the network (tests); the TLS context is then not used.
    """
    verify: ssl.SSLContext | bool = tls_context(config.mtls) if config.mtls else True
    if transport is None:
        transport = httpx.AsyncHTTPTransport(verify=verify, retries=CONNECT_RETRIES)
    return httpx.AsyncClient(
        base_url=config.base_url.rstrip("/") + "/", auth=auth, transport=transport,
        timeout=httpx.Timeout(config.limits.request_timeout_s),
        headers={"Accept": FHIR_JSON, "User-Agent": f"lifelog-kiosk ({config.station_id})"},
    )

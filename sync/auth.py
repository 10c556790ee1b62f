"""SMART Backend Services for the station: client_credentials with a private_key_jwt assertion.

An ``httpx.Auth`` flow (https://hl7.org/fhir/smart-app-launch/backend-services.html; RFC 7523;
sync-fhir-security.md §5.2): discover the token endpoint from
``.well-known/smart-configuration`` unless configured, sign a short-lived assertion
(``iss = sub = client_id``, ``aud = token URL``, ``exp`` ≤ 5 min, a fresh ``jti``), cache the
access token until shortly before it expires, and on a 401 fetch one new token and replay once.
The assertion's times follow the platform's clock (the HTTP ``Date`` header), not the
station's, so a station whose clock drifted still authenticates.

The private key is read once and kept only in this object; it never appears in a log line,
a repr or an exception message.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncGenerator, Callable, Generator
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from sync.config import SmartAuthConfig
from sync.outcome import AuthError
from sync.policy import ASSERTION_LIFETIME_S, TOKEN_REFRESH_MARGIN_S

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

Flow = Generator[httpx.Request, httpx.Response, None]
AsyncFlow = AsyncGenerator[httpx.Request, httpx.Response]
TokenFlow = Generator[httpx.Request, httpx.Response, str]


class SmartBackendAuth(httpx.Auth):
    """Bearer tokens from the platform's SMART authorisation server.

    Args:
        config: client id, key path, algorithm, scopes, optional token URL.
        fhir_base: the FHIR base URL (for discovery when ``config.token_url`` is None).
        wall_clock: seconds since the epoch (injectable for tests).
    """

    requires_response_body = True

    def __init__(self, config: SmartAuthConfig, *, fhir_base: str,
                 wall_clock: Callable[[], float] = time.time) -> None:
        self._config = config
        self._fhir_base = fhir_base.rstrip("/")
        self._clock = wall_clock
        try:
            self._key: Any = load_pem_private_key(config.private_key_path.read_bytes(), None)
        except (OSError, ValueError, TypeError) as exc:
            # the path is configuration, the key material is not: name only the former
            raise AuthError(f"cannot load the station key from {config.private_key_path}: "
                            f"{type(exc).__name__}") from None
        self._token_url = config.token_url
        self._token: str | None = None
        self._expires_at = 0.0
        self._skew_s = 0.0  # server clock minus station clock, from Date headers
        self.tokens_fetched = 0
        self._refreshing: asyncio.Lock | None = None  # created on the loop that uses it

    def __repr__(self) -> str:
        return f"SmartBackendAuth(client_id={self._config.client_id!r})"

    def _server_now(self) -> float:
        return self._clock() + self._skew_s

    def _learn_clock(self, response: httpx.Response) -> None:
        date = response.headers.get("date")
        if date:
            with contextlib.suppress(TypeError, ValueError):
                self._skew_s = parsedate_to_datetime(date).timestamp() - self._clock()

    def assertion(self, token_url: str) -> str:
        """A signed client assertion for ``token_url`` (public for tests)."""
        now = self._server_now()
        claims = {"iss": self._config.client_id, "sub": self._config.client_id,
                  "aud": token_url, "iat": int(now), "exp": int(now + ASSERTION_LIFETIME_S),
                  "jti": uuid.uuid4().hex}
        headers = {"kid": self._config.kid} if self._config.kid else None
        return jwt.encode(claims, self._key, algorithm=self._config.alg, headers=headers)

    def _discover(self) -> TokenFlow:
        response = yield httpx.Request("GET", f"{self._fhir_base}/.well-known/smart-configuration",
                                       headers={"Accept": "application/json"})
        if response.status_code != 200:
            raise AuthError(f"SMART discovery failed: HTTP {response.status_code}")
        url = response.json().get("token_endpoint")
        if not isinstance(url, str):
            raise AuthError("SMART configuration has no token_endpoint")
        return url

    def _fetch_token(self) -> TokenFlow:
        if self._token_url is None:
            self._token_url = yield from self._discover()
        form = {"grant_type": "client_credentials", "scope": self._config.scope,
                "client_assertion_type": ASSERTION_TYPE,
                "client_assertion": self.assertion(self._token_url)}
        response = yield httpx.Request("POST", self._token_url, data=form,
                                       headers={"Accept": "application/json"})
        self._learn_clock(response)
        if response.status_code != 200:
            try:
                error = response.json().get("error_description") or response.json().get("error")
            except ValueError:
                error = response.reason_phrase
            raise AuthError(f"token endpoint refused the station: HTTP {response.status_code}"
                            f" {error}")
        body = response.json()
        self._token = str(body["access_token"])
        self._expires_at = self._server_now() + float(body.get("expires_in", 300))
        self.tokens_fetched += 1
        return self._token

    def _valid_token(self) -> str | None:
        if self._token and self._server_now() < self._expires_at - TOKEN_REFRESH_MARGIN_S:
            return self._token
        return None

    async def async_auth_flow(self, request: httpx.Request) -> AsyncFlow:
        """As ``auth_flow``, but concurrent requests wait for one token fetch, not one each."""
        if self._valid_token() is None:
            self._refreshing = self._refreshing or asyncio.Lock()
            async with self._refreshing:
                if self._valid_token() is None:
                    fetch = self._fetch_token()
                    try:
                        token_request = next(fetch)
                        while True:
                            response = yield token_request
                            await response.aread()
                            token_request = fetch.send(response)
                    except StopIteration:
                        pass
        flow = self.auth_flow(request)
        next_request = next(flow)
        while True:
            response = yield next_request
            await response.aread()
            try:
                next_request = flow.send(response)
            except StopIteration:
                break

    def auth_flow(self, request: httpx.Request) -> Flow:
        token = self._valid_token()
        if token is None:
            token = yield from self._fetch_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        self._learn_clock(response)
        if response.status_code == 401:
            # the token was revoked or the server's signing secret rotated: one fresh token,
            # one replay; a second 401 goes to the classifier
            self._token = None
            token = yield from self._fetch_token()
            request.headers["Authorization"] = f"Bearer {token}"
            yield request

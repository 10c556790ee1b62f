"""A fault-injecting HTTP/1.1 reverse proxy on loopback, for the sync chaos tests.

Between the uploader and the FHIR server it, per request and from a seeded RNG:

* drops the connection before forwarding (the server never saw the request);
* answers 503 with ``Retry-After`` itself;
* forwards, lets the server commit, then drops the connection (the response is lost: the
  case that makes idempotency necessary);
* forwards slowly (optionally slower than the client's timeout, after the server committed).

It runs its own asyncio loop in a daemon thread, so a test can use it from a sync context and
a separate uploader process can talk to it.  One request per connection (Connection: close).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from collections import Counter
from dataclasses import dataclass, field

import httpx

_HOP_BY_HOP = {"host", "connection", "content-length", "keep-alive", "transfer-encoding",
               "proxy-connection", "te", "upgrade", "accept-encoding"}


@dataclass
class Faults:
    """Probabilities of each fault, per request (the rest pass through)."""

    drop_before: float = 0.08
    status_503: float = 0.08
    lost_response: float = 0.08
    slow: float = 0.05
    slow_s: tuple[float, float] = (0.2, 0.8)
    too_slow: float = 0.02  # slower than the client's timeout, after the commit
    too_slow_s: float = 3.0
    seed: int = 20261122
    counts: Counter[str] = field(default_factory=Counter)


class FaultProxy:
    """Forward ``http://127.0.0.1:<port>/...`` to ``upstream`` with injected faults."""

    def __init__(self, upstream: str, faults: Faults) -> None:
        self.upstream = upstream.rstrip("/")
        self.faults = faults
        self.rng = random.Random(faults.seed)
        self.enabled = True
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self._client: httpx.AsyncClient | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    async def _start(self) -> None:
        self._client = httpx.AsyncClient(timeout=60)
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def _stop() -> None:
            if self._server is not None:
                self._server.close()
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            if self._client is not None:
                await self._client.aclose()
        asyncio.run_coroutine_threadsafe(_stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def _pick(self) -> str:
        if not self.enabled:
            return "pass"
        f, roll = self.faults, self.rng.random()
        for name, p in (("drop_before", f.drop_before), ("status_503", f.status_503),
                        ("lost_response", f.lost_response), ("slow", f.slow),
                        ("too_slow", f.too_slow)):
            if roll < p:
                return name
            roll -= p
        return "pass"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        fault = self._pick()
        self.faults.counts[fault] += 1
        try:
            await self._respond(fault, (method, target, headers, body), writer)
        except (ConnectionError, httpx.HTTPError):
            pass
        finally:
            with contextlib.suppress(ConnectionError):
                writer.close()

    async def _respond(self, fault: str, request: tuple[str, str, dict[str, str], bytes],
                       writer: asyncio.StreamWriter) -> None:
        method, target, headers, body = request
        if fault == "drop_before":
            return
        if fault == "status_503":
            payload = (b'{"resourceType":"OperationOutcome","issue":[{"severity":"error",'
                       b'"code":"transient","diagnostics":"injected 503"}]}')
            writer.write(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\n"
                         b"Content-Type: application/fhir+json\r\nConnection: close\r\n"
                         b"Content-Length: " + str(len(payload)).encode() + b"\r\n\r\n" + payload)
            await writer.drain()
            return
        assert self._client is not None
        forwarded = {k: v for k, v in headers.items() if k not in _HOP_BY_HOP}
        response = await self._client.request(method, self.upstream + target,
                                              headers=forwarded, content=body)
        if fault == "lost_response":
            return  # the server committed; the client never hears of it
        if fault == "slow":
            await asyncio.sleep(self.rng.uniform(*self.faults.slow_s))
        if fault == "too_slow":
            await asyncio.sleep(self.faults.too_slow_s)
        out = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
        for name in ("content-type", "date", "retry-after", "etag", "location",
                     "last-modified"):
            if name in response.headers:
                out.append(f"{name}: {response.headers[name]}")
        out += ["Connection: close", f"Content-Length: {len(response.content)}", "", ""]
        writer.write("\r\n".join(out).encode("latin-1") + response.content)
        await writer.drain()

"""The uploader: claim ready visits, send each as one transaction Bundle, settle the rows.

Runs as coroutines on the device loop (docs/architecture.md "Threads") with its own database
connection.  Every attempt ends in exactly one of three settlements, decided by the pure
``outcome.classify``: sent, retry later (persistent full-jitter backoff), or rejected (parked
with the server's reason).  One bad visit never blocks the others: it is settled and the
workers move on.  Delivery is at-least-once; the business identifiers in every Bundle make a
replay a no-op on the server, so the effect is exactly once (sync-fhir-security.md §4.1).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import stamina
from sqlite_utils import Database

from sync import backoff, outbox
from sync.client import FHIR_JSON
from sync.config import SyncConfig
from sync.fhir.mapping import build_bundle
from sync.fhir.source import VisitNotFoundError, load_visit
from sync.fhir.validate import validate_bundle
from sync.outcome import AuthError, Outcome, Rejected, RetryLater, Sent, classify
from sync.state import record_server_time
from sync.throttle import TokenBucket

log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Uploader:
    """Drains the outbox to the platform.

    Args:
        db: the uploader's own connection to the station database.
        client: from ``sync.client.make_client``.
        config: station id, mapping, retry policy and limits.
        now: wall clock (injectable).
        rng: jitter source (injectable, seeded in tests).
        bucket: rate limiter; built from ``config.limits`` if None.
    """

    def __init__(self, db: Database, client: httpx.AsyncClient, config: SyncConfig, *,
                 now: Callable[[], datetime] = _utc_now, rng: random.Random | None = None,
                 bucket: TokenBucket | None = None) -> None:
        self.db = db
        self.client = client
        self.config = config
        self.now = now
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self.bucket = bucket or TokenBucket(config.limits.rate_per_s, config.limits.burst)
        self._in_flight: set[str] = set()
        # one visit per visitor in flight: concurrent conditional creates of the same Patient
        # can duplicate it on some servers (microsoft/fhir-server#1382; §4.1)
        self._visitor_locks: dict[str, asyncio.Lock] = {}

    # --- one visit ---------------------------------------------------------------------------

    async def _send(self, bundle: dict[str, object], key: str) -> httpx.Response:
        body = json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode()
        # the business key rides along as request id and idempotency key (IETF httpapi draft
        # idempotency-key-header) for gateways that honour it; FHIR identifiers do the real work
        headers = {"Content-Type": FHIR_JSON, "X-Request-ID": key, "Idempotency-Key": key,
                   "Prefer": "return=minimal"}
        retry = self.config.retry
        async for attempt in stamina.retry_context(
            on=httpx.TransportError, attempts=retry.quick_attempts,
            wait_max=retry.quick_wait_max_s,
        ):
            with attempt:
                await self.bucket.acquire()
                return await self.client.post("", content=body, headers=headers)
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    async def _attempt(self, visit_id: str) -> Outcome:
        try:
            visit = load_visit(self.db, visit_id)
            bundle = build_bundle(visit, self.config.mapping)
            validate_bundle(bundle)
        except VisitNotFoundError:
            return Rejected("the visit is missing from the station database")
        except Exception as exc:  # classify decides; one bad visit must not stop the loop
            return classify(exc, now=self.now())
        lock_key = visit.member_pseudonym or visit.id
        lock = self._visitor_locks.setdefault(lock_key, asyncio.Lock())
        try:
            async with lock:
                key = f"{visit.station_id}/{visit.id}"
                try:
                    response = await self._send(bundle, key)
                except (httpx.HTTPError, AuthError) as exc:
                    return classify(exc, now=self.now())
                return classify(response, now=self.now())
        finally:
            if not lock.locked():
                self._visitor_locks.pop(lock_key, None)

    def _settle(self, claim: outbox.Claim, outcome: Outcome) -> None:
        now = self.now()
        if isinstance(outcome, Sent):
            at = outcome.server_time or now
            # one transaction (one fsync under synchronous=FULL) for the rows and the clock
            with self.db.atomic():
                outbox.mark_sent(self.db, claim.row_ids, at=at)
                if outcome.server_time is not None:
                    record_server_time(self.db, outcome.server_time, station_now=now)
            log.debug("visit %s sent (%d rows)", claim.visit_id, len(claim.row_ids))
        elif isinstance(outcome, RetryLater):
            when = backoff.next_attempt_at(now, claim.attempts, self.config.retry, self.rng,
                                           outcome.after_s)
            outbox.schedule_retry(self.db, claim.row_ids, next_attempt_at=when,
                                  error=outcome.reason)
            log.info("visit %s: retry at %s after %s", claim.visit_id, outbox.iso(when),
                     outcome.reason)
        else:
            outbox.park_rejected(self.db, claim.row_ids, reason=outcome.reason)
            log.warning("visit %s rejected: %s", claim.visit_id, outcome.reason)

    async def upload(self, claim: outbox.Claim) -> Outcome:
        """Send one claimed visit and settle its rows; returns what happened."""
        self._in_flight.add(claim.visit_id)
        try:
            outcome = await self._attempt(claim.visit_id)
            self._settle(claim, outcome)
            return outcome
        finally:
            self._in_flight.discard(claim.visit_id)

    # --- the loop ----------------------------------------------------------------------------

    def claim(self, limit: int) -> list[outbox.Claim]:
        """Lease up to ``limit`` ready visits not already in flight here."""
        limits = self.config.limits
        return outbox.claim_ready(
            self.db, now=self.now(), lease_s=limits.lease_s,
            abandoned_after_s=limits.abandoned_after_s, limit=limit,
            exclude=tuple(self._in_flight))

    async def run_once(self) -> list[Outcome]:
        """Claim one batch and upload it with bounded concurrency; [] when nothing is ready."""
        claims = self.claim(self.config.limits.claim_batch)
        gate = asyncio.Semaphore(self.config.limits.concurrency)

        async def one(claim: outbox.Claim) -> Outcome:
            async with gate:
                return await self.upload(claim)

        return list(await asyncio.gather(*(one(c) for c in claims)))

    async def run(self, stop: asyncio.Event, *, idle_s: float = 5.0) -> None:
        """Upload until ``stop`` is set; when the queue is empty, look again every ``idle_s``."""
        workers = [asyncio.create_task(self._worker(stop, idle_s))
                   for _ in range(self.config.limits.concurrency)]
        try:
            await asyncio.gather(*workers)
        finally:
            for task in workers:
                task.cancel()

    async def _worker(self, stop: asyncio.Event, idle_s: float) -> None:
        while not stop.is_set():
            try:
                claims = self.claim(1)
                if claims:
                    await self.upload(claims[0])
                    continue
            except sqlite3.Error:
                # e.g. the database stayed locked past busy_timeout: nothing is lost (the rows
                # keep their state or their lease runs out), so log, wait, and carry on
                log.exception("outbox database error; the uploader retries shortly")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), idle_s)

"""A token bucket that keeps one station's request rate under a ceiling.

After an outage hundreds of stations come back at once with full queues; each draining as fast
as it can would stampede the platform (sync-fhir-security.md §6: "run a local token bucket,
e.g. ≤2 requests/s per kiosk during catch-up").
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class TokenBucket:
    """``rate_per_s`` tokens a second, at most ``burst`` saved up.

    Args:
        rate_per_s: sustained requests per second.
        burst: requests allowed back-to-back after a quiet period.
        monotonic: the clock (injectable for tests).
    """

    def __init__(self, rate_per_s: float, burst: int,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError("rate_per_s must be > 0 and burst >= 1")
        self.rate_per_s = rate_per_s
        self.burst = float(burst)
        self._monotonic = monotonic
        self._tokens = float(burst)
        self._last = monotonic()

    def reserve(self) -> float:
        """Take a token; return how many seconds the caller must wait before using it."""
        now = self._monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate_per_s)
        self._last = now
        self._tokens -= 1.0
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate_per_s

    async def acquire(self) -> None:
        """Wait until a request may be sent."""
        wait = self.reserve()
        if wait > 0:
            await asyncio.sleep(wait)

"""Persistent full-jitter backoff: when a visit that failed transiently is tried again.

``delay = U(0, min(cap, base * 2**(attempts-1)))`` ("Exponential Backoff And Jitter", AWS
Architecture Blog, 2015; sync-fhir-security.md §4.1), with the server's ``Retry-After`` as a
floor.  Full jitter spreads hundreds of stations that failed at the same moment (a platform
outage) over the whole window instead of waking them in lock-step.  The result is stored as
``next_attempt_at`` in the outbox, so the schedule survives restarts.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sync.policy import RetryPolicy


def delay_s(attempts: int, policy: RetryPolicy, rng: random.Random,
            retry_after_s: float | None = None) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt (attempts >= 1)."""
    ceiling = min(policy.backoff_cap_s, policy.backoff_base_s * 2.0 ** max(0, attempts - 1))
    jittered = rng.uniform(0.0, ceiling)
    if retry_after_s is not None:
        # the server's word is a floor, capped so a bogus header cannot park a row for a year
        return max(jittered, min(retry_after_s, policy.backoff_cap_s))
    return jittered


def next_attempt_at(now: datetime, attempts: int, policy: RetryPolicy, rng: random.Random,
                    retry_after_s: float | None = None) -> datetime:
    """When to try again, as stored in ``sync_outbox.next_attempt_at``."""
    return now + timedelta(seconds=delay_s(attempts, policy, rng, retry_after_s))

"""Full-jitter backoff and the token bucket."""

from __future__ import annotations

import random

import pytest

from sync.backoff import delay_s
from sync.policy import RetryPolicy
from sync.throttle import TokenBucket

POLICY = RetryPolicy(backoff_base_s=1.0, backoff_cap_s=60.0)


@pytest.mark.parametrize(("attempts", "ceiling"), [(1, 1.0), (2, 2.0), (4, 8.0), (7, 60.0),
                                                   (40, 60.0)])
def test_full_jitter_stays_under_the_exponential_ceiling(attempts: int, ceiling: float) -> None:
    rng = random.Random(7)
    delays = [delay_s(attempts, POLICY, rng) for _ in range(500)]
    assert all(0.0 <= d <= ceiling for d in delays)
    # full jitter uses the whole window, not just its top (many stations must spread out)
    assert min(delays) < ceiling * 0.1 and max(delays) > ceiling * 0.9


def test_retry_after_is_a_floor_capped_by_the_policy() -> None:
    rng = random.Random(1)
    assert all(delay_s(1, POLICY, rng, retry_after_s=30) >= 30 for _ in range(50))
    assert delay_s(1, POLICY, rng, retry_after_s=10 ** 9) == 60.0


class _Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_token_bucket_allows_a_burst_then_the_rate() -> None:
    clock = _Clock()
    bucket = TokenBucket(rate_per_s=2.0, burst=3, monotonic=clock)
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.reserve() == pytest.approx(0.5)
    assert bucket.reserve() == pytest.approx(1.0)  # queued behind the previous reservation
    clock.t += 10.0  # a quiet period refills only up to the burst
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.reserve() > 0


def test_token_bucket_rejects_nonsense_limits() -> None:
    with pytest.raises(ValueError, match="rate_per_s"):
        TokenBucket(0, 1)

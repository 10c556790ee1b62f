"""Named limits of the uploader, each with the reason it has the value it has.

One place for every number that shapes how the station talks to the platform
(style-anchors principle 15; shared/reference/sync-fhir-security.md §4.1 and §6).
"""

from __future__ import annotations

from dataclasses import dataclass

# HTTP statuses that say "not now" rather than "never": request timeout, too early, too many
# requests, and the 5xx family (RFC 9110 §15.5.9, RFC 8470 §5.2, RFC 6585 §4, RFC 9110 §15.6).
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

# 401/403 say the station's credentials or scopes are wrong, not the data: parking every visit
# as rejected would bury good data under a configuration fault, so they are retried with backoff
# (the auth flow already refreshed the token once) while the staff view shows the reason.
AUTH_STATUSES = frozenset({401, 403})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Persistent backoff and in-process retry limits.

    Attributes:
        backoff_base_s: first step of the full-jitter schedule ``U(0, min(cap, base * 2**n))``
            (AWS "Exponential Backoff And Jitter"; sync-fhir-security.md §4.1).  One second keeps
            a flaky link busy enough to drain a backlog quickly.
        backoff_cap_s: the longest wait between attempts.  An hour bounds how stale a
            recovered platform can find a station, and is long enough that 470 stations
            retrying a dead platform cost it about one request per 8 s (§6).
        quick_attempts: in-process attempts on a transport error before the row is handed to
            the persistent backoff; small, because the persistent schedule is the real retry.
        quick_wait_max_s: ceiling of stamina's in-process wait, so a claimed visit does not
            sit out its lease inside one coroutine.
    """

    backoff_base_s: float = 1.0
    backoff_cap_s: float = 3600.0
    quick_attempts: int = 2
    quick_wait_max_s: float = 2.0


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """How much the uploader does at once.

    Attributes:
        concurrency: visits in flight at once.  sekmet (SQLite) is serialised, and a real
            platform sees 470 stations; 2 keeps one request in flight while the next is built.
        claim_batch: visits claimed per database round trip.
        lease_s: how long a claimed row stays in_flight before another run may take it again;
            a killed uploader's rows come back after this (longer than request timeout plus the
            in-process retries, so a live request is never duplicated by a second claimer).
        request_timeout_s: per HTTP request; a transaction of one visit is ~15 entries / 19 KB.
        abandoned_after_s: a visit never closed (power cut, visitor walked away) is uploaded
            after this grace period, so its measurements are not stranded.
        rate_per_s, burst: token bucket; ≤2 requests/s per station during catch-up keeps 470
            stations reconnecting after an outage from stampeding the platform (§6).
    """

    concurrency: int = 2
    claim_batch: int = 8
    lease_s: float = 120.0
    request_timeout_s: float = 30.0
    abandoned_after_s: float = 2 * 3600.0
    rate_per_s: float = 2.0
    burst: int = 4


# How long before a token's expiry it is renewed, and the longest assertion lifetime: SMART
# Backend Services caps the client assertion's exp at 5 minutes after iat (backend-services.html
# "Authenticating to the token endpoint"); 240 s leaves room for clock skew.
TOKEN_REFRESH_MARGIN_S = 60.0
ASSERTION_LIFETIME_S = 240.0

# Rejected-item reasons shown to staff are cut to this length: an OperationOutcome can be long.
REASON_MAX_CHARS = 500

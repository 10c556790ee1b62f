"""classify(response | exception) -> Sent | RetryLater | Rejected.  Pure; table-tested.

The one place that decides what an upload attempt meant (style-anchors principle 15; modelled
on Glean's upload result handling):

* 2xx with every transaction entry 2xx -> Sent (a replay answers 200 instead of 201: still sent).
* 408/425/429/5xx, transport errors, an unreadable 2xx body -> RetryLater, honouring
  ``Retry-After`` (RFC 9110 §10.2.3: delay-seconds or an HTTP-date, read against the
  response's own ``Date`` so the station clock does not matter).
* 401/403 -> RetryLater: a credentials problem, not the data's (policy.AUTH_STATUSES).
* any other 4xx, an entry that failed inside a 2xx, a Bundle that failed local validation ->
  Rejected with the server's reason, for staff to see.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from sync.fhir.validate import InvalidBundleError
from sync.policy import AUTH_STATUSES, REASON_MAX_CHARS, RETRYABLE_STATUSES


@dataclass(frozen=True, slots=True)
class Sent:
    """The platform committed the Bundle; ``server_time`` is its Date header, if it sent one."""

    server_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class RetryLater:
    """Try again later; not before ``after_s`` seconds when the server said so."""

    reason: str
    after_s: float | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """The platform (or local validation) refused the Bundle; retrying unchanged cannot help."""

    reason: str


Outcome = Sent | RetryLater | Rejected


class AuthError(Exception):
    """The token endpoint refused the station (wrong key, unknown client, clock far off)."""


def server_date(response: httpx.Response) -> datetime | None:
    """The response's ``Date`` header as an aware datetime, or None."""
    value = response.headers.get("date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def retry_after_s(response: httpx.Response, *, now: datetime) -> float | None:
    """Seconds the server asked us to wait (``Retry-After``), or None when it did not say."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    reference = server_date(response) or now
    return max(0.0, (when - reference).total_seconds())


def _outcome_text(body: Any) -> str | None:
    if not isinstance(body, dict) or body.get("resourceType") != "OperationOutcome":
        return None
    texts = []
    for issue in body.get("issue") or []:
        text = issue.get("diagnostics") or (issue.get("details") or {}).get("text")
        texts.append(str(text or issue.get("code") or "error"))
    return "; ".join(texts) or None


def _reason(response: httpx.Response) -> str:
    try:
        text = _outcome_text(response.json())
    except (json.JSONDecodeError, UnicodeDecodeError):
        text = None
    text = text or response.text[:200] or response.reason_phrase
    return f"HTTP {response.status_code}: {text}"[:REASON_MAX_CHARS]


def _classify_success(response: httpx.Response) -> Outcome:
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return RetryLater(f"HTTP {response.status_code} with an unreadable body")
    if not isinstance(body, dict) or body.get("resourceType") != "Bundle":
        return RetryLater(f"HTTP {response.status_code} without a transaction-response Bundle")
    for index, entry in enumerate(body.get("entry") or []):
        status = str((entry.get("response") or {}).get("status", ""))
        if status[:1] != "2":
            detail = _outcome_text((entry.get("response") or {}).get("outcome"))
            return Rejected(f"entry {index}: {status} {detail or ''}".strip()[:REASON_MAX_CHARS])
    return Sent(server_date(response))


def classify(result: httpx.Response | BaseException, *, now: datetime) -> Outcome:  # noqa: PLR0911 - one return per row of the table above
    """What one upload attempt meant.

    Args:
        result: the platform's response, or the exception the attempt ended with.
        now: the station's time, used only when a ``Retry-After`` date comes without ``Date``.

    Returns:
        Sent, RetryLater or Rejected.
    """
    if isinstance(result, InvalidBundleError):
        return Rejected(result.reason[:REASON_MAX_CHARS])
    if isinstance(result, (httpx.TransportError, AuthError)):
        return RetryLater(f"{type(result).__name__}: {result}"[:REASON_MAX_CHARS])
    if isinstance(result, BaseException):
        # a station-side fault (a mapping bug, a corrupt row): park it where staff can see it
        # rather than retry it blindly for ever
        return Rejected(f"station error: {type(result).__name__}: {result}"[:REASON_MAX_CHARS])
    status = result.status_code
    if 200 <= status < 300:
        return _classify_success(result)
    if status in RETRYABLE_STATUSES or status in AUTH_STATUSES:
        return RetryLater(_reason(result), retry_after_s(result, now=now))
    if 300 <= status < 500:
        return Rejected(_reason(result))
    # 501, 505, ...: the server does not do what we ask -- a configuration matter, not
    # a transient fault, and not the data's fault either; retry slowly rather than discard
    return RetryLater(_reason(result), retry_after_s(result, now=now))

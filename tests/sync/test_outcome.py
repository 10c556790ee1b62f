"""The outcome classifier, table-tested (style-anchors principle 15)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from sync.fhir.validate import InvalidBundleError
from sync.outcome import AuthError, Rejected, RetryLater, Sent, classify, retry_after_s

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
DATE = "Sun, 22 Nov 2026 09:00:05 GMT"  # the server's clock, 5 s ahead of the station


def _tx(*statuses: str) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "transaction-response",
            "entry": [{"response": {"status": s}} for s in statuses]}


def _oo(text: str) -> dict[str, Any]:
    return {"resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": "invalid", "diagnostics": text}]}


def _resp(status: int, body: Any = None, headers: dict[str, str] | None = None,
          text: str | None = None) -> httpx.Response:
    if text is not None:
        return httpx.Response(status, text=text, headers=headers)
    return httpx.Response(status, json=body, headers=headers)


CASES = [
    # (response or exception, expected outcome)
    (_resp(200, _tx("201 Created", "201 Created"), {"date": DATE}),
     Sent(datetime(2026, 11, 22, 9, 0, 5, tzinfo=UTC))),
    (_resp(200, _tx("200 OK", "200 OK")), Sent(None)),  # a replay matched: still sent
    (_resp(200, _tx("201 Created", "412 Precondition Failed")),
     Rejected("entry 1: 412 Precondition Failed")),
    (_resp(200, text="<html>proxy</html>"), RetryLater("HTTP 200 with an unreadable body")),
    (_resp(200, _oo("odd")), RetryLater("HTTP 200 without a transaction-response Bundle")),
    (_resp(503, _oo("maintenance"), {"retry-after": "120"}),
     RetryLater("HTTP 503: maintenance", 120.0)),
    (_resp(429, text="slow down", headers={"retry-after": "Sun, 22 Nov 2026 09:01:05 GMT",
                                           "date": DATE}),
     RetryLater("HTTP 429: slow down", 60.0)),  # HTTP-date read against the server's Date
    (_resp(500, text=""), RetryLater("HTTP 500: Internal Server Error")),
    (_resp(502, text="bad gateway"), RetryLater("HTTP 502: bad gateway")),
    (_resp(504, text="x"), RetryLater("HTTP 504: x")),
    (_resp(408, text="x"), RetryLater("HTTP 408: x")),
    (_resp(401, _oo("token expired")), RetryLater("HTTP 401: token expired")),
    (_resp(403, _oo("scope")), RetryLater("HTTP 403: scope")),
    (_resp(400, _oo("Observation.status: invalid code")),
     Rejected("HTTP 400: Observation.status: invalid code")),
    (_resp(404, text="no such endpoint"), Rejected("HTTP 404: no such endpoint")),
    (_resp(409, _oo("conflict")), Rejected("HTTP 409: conflict")),
    (_resp(412, _oo("criteria matched 2 resources")),
     Rejected("HTTP 412: criteria matched 2 resources")),
    (_resp(422, _oo("unprocessable")), Rejected("HTTP 422: unprocessable")),
    (_resp(501, text="no transactions"), RetryLater("HTTP 501: no transactions")),
    (httpx.ConnectError("refused"), RetryLater("ConnectError: refused")),
    (httpx.ReadTimeout("slow"), RetryLater("ReadTimeout: slow")),
    (httpx.RemoteProtocolError("dropped"), RetryLater("RemoteProtocolError: dropped")),
    (AuthError("token endpoint said 401"), RetryLater("AuthError: token endpoint said 401")),
    (InvalidBundleError("local FHIR validation failed: entry.0: x"),
     Rejected("local FHIR validation failed: entry.0: x")),
    (KeyError("systolic"), Rejected("station error: KeyError: 'systolic'")),
]


@pytest.mark.parametrize(("result", "expected"), CASES)
def test_classify(result: httpx.Response | BaseException, expected: object) -> None:
    assert classify(result, now=NOW) == expected


@pytest.mark.parametrize(("header", "expected"), [
    ("0", 0.0), ("30", 30.0), ("Sun, 22 Nov 2026 08:59:00 GMT", 0.0),  # a date in the past
    ("soon", None),
])
def test_retry_after_forms(header: str, expected: float | None) -> None:
    response = httpx.Response(503, headers={"retry-after": header})
    assert retry_after_s(response, now=NOW) == expected


def test_reasons_are_cut_to_a_readable_length() -> None:
    outcome = classify(_resp(400, _oo("x" * 5000)), now=NOW)
    assert isinstance(outcome, Rejected) and len(outcome.reason) == 500

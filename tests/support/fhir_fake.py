"""An in-memory stand-in for a FHIR server's transaction endpoint, for httpx.MockTransport.

It does what the uploader relies on: answers a transaction with one status per entry, and
treats a conditional create / PUT of a business identifier it has seen as a match (200), so
tests can count what arrived.  The real-server checks run against sekmet-fhir (test_sekmet).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx

Responder = Callable[[httpx.Request, int], httpx.Response | None]


class FakeFhirServer:
    """Counts resources by business identifier; ``responder`` may answer a request instead."""

    def __init__(self, responder: Responder | None = None) -> None:
        self.responder = responder
        self.calls = 0
        self.created: Counter[str] = Counter()  # "Type|system|value" -> times created
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        self.requests.append(request)
        if self.responder is not None:
            answer = self.responder(request, self.calls)
            if answer is not None:
                return answer
        bundle = json.loads(request.content)
        return httpx.Response(200, json=self.commit(bundle),
                              headers={"date": "Sun, 22 Nov 2026 09:30:00 GMT"})

    def commit(self, bundle: dict[str, Any]) -> dict[str, Any]:
        entries = []
        for entry in bundle["entry"]:
            resource = entry["resource"]
            identifier = (resource.get("identifier") or [{"system": "id", "value": resource.get("id")}])[0]
            key = f"{resource['resourceType']}|{identifier['system']}|{identifier['value']}"
            status = "200 OK" if key in self.created else "201 Created"
            self.created[key] += status == "201 Created"
            entries.append({"response": {"status": status}})
        return {"resourceType": "Bundle", "type": "transaction-response", "entry": entries}

    def count(self, rtype: str) -> int:
        return sum(1 for k in self.created if k.startswith(f"{rtype}|"))

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handler)

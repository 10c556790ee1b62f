"""No name, phone number or resident registration number in any Bundle, log line or outbox row.

The station never stores those (docs/architecture.md "Personal data"), so the property checked
is that nothing the sync layer produces could carry one: the Patient has no element but its
pseudonymous identifier, and no text anywhere in a Bundle, the outbox or the uploader's logs
looks like a Korean phone number or RRN, whatever values a visit holds.
"""

from __future__ import annotations

import json
import logging
import random
import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from measurements import store
from measurements.database import open_database
from sync.client import make_client
from sync.config import SyncConfig
from sync.export import export_bundles
from sync.policy import UploadLimits
from sync.uploader import Uploader
from tests.support.fhir_fake import FakeFhirServer
from tests.sync.visits import NOW, STATION

# KR mobile/landline numbers (010-1234-5678, 0212345678) and RRNs (YYMMDD-GNNNNNN)
PHONE = re.compile(r"(?<!\d)0\d{1,2}[- .]?\d{3,4}[- .]?\d{4}(?!\d)")
RRN = re.compile(r"(?<!\d)\d{6}[- ]?[1-8]\d{6}(?!\d)")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PERSONAL_ELEMENTS = {"name", "telecom", "birthDate", "address", "photo", "contact"}

pseudonyms = st.from_regex(r"\AMBR-[0-9A-F]{6,12}\Z")
values = st.lists(st.tuples(
    st.sampled_from(["systolic", "diastolic", "pulse", "mass", "height", "bmi", "body_fat",
                     "grip_right", "grip_left", "chair_stand_30s", "timed_up_and_go",
                     "step_2min", "sit_and_reach"]),
    # values as instruments report them: one decimal (long float tails look like RRNs)
    st.floats(min_value=-50, max_value=400, allow_nan=False).map(lambda x: round(x, 1))),
    min_size=1, max_size=8, unique_by=lambda t: t[0])


def _walk_keys(node: object) -> set[str]:
    if isinstance(node, dict):
        return set(node) | set().union(*(_walk_keys(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_walk_keys(v) for v in node))
    return set()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(member=st.one_of(st.none(), pseudonyms), measured=values,
       birth_year=st.integers(1920, 1990))
async def test_no_personal_data_in_bundles_outbox_or_logs(member, measured, birth_year,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    db = open_database(None)
    visitor = (store.get_or_create_member(db, member, now=NOW, sex="female",
                                          birth_year=birth_year)
               if member else store.create_guest(db, now=NOW, birth_year=birth_year))
    visit = store.open_visit(db, visitor_id=visitor, station_id=STATION, now=NOW,
                             consent=store.Consent(True, True, False))
    store.save_measurement(db, station_id=STATION, visit_id=visit, now=NOW,
                           record=store.MeasurementRecord(
                               kind="mixed", role="result", station_time=NOW,
                               values=tuple(store.Value(n, v, "1") for n, v in measured)))
    store.close_visit(db, visit, now=NOW + timedelta(minutes=5))

    def refuse_every_other(request, n):
        import httpx
        return httpx.Response(422, json={"resourceType": "OperationOutcome", "issue": [
            {"severity": "error", "code": "invalid", "diagnostics": "rejected"}]}) if n % 2 else None

    config = SyncConfig(base_url="https://platform.test/fhir", station_id=STATION,
                        limits=UploadLimits(rate_per_s=1000, burst=1000))
    server = FakeFhirServer(refuse_every_other)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="sync"):
        uploader = Uploader(db, make_client(config, transport=server.transport()), config,
                            now=lambda: NOW + timedelta(hours=1), rng=random.Random(0))
        await uploader.run_once()

    (bundle,) = export_bundles(db, visit)
    texts = [json.dumps(bundle, ensure_ascii=False), caplog.text,
             *(r.content.decode() for r in server.requests),
             json.dumps(db.execute("SELECT * FROM sync_outbox").fetchall())]
    for raw in texts:
        text = UUID.sub("<uuid>", raw)  # random ids are not numbers anyone could dial
        assert not PHONE.search(text), PHONE.search(text)
        assert not RRN.search(text), RRN.search(text)
        if member:
            # the pseudonym goes to the platform inside the Bundle, never into a log line
            assert member not in caplog.text
    assert not PERSONAL_ELEMENTS & _walk_keys(bundle)
    (patient,) = [e["resource"] for e in bundle["entry"]
                  if e["resource"]["resourceType"] == "Patient"]
    assert set(patient) == {"resourceType", "meta", "identifier"}

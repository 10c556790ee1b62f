"""export_bundles: one visit or all, validated, without touching the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sync.export import export_bundles
from sync.fhir.source import VisitNotFoundError
from tests.sync.visits import NOW, full_visit


def test_export_one_or_all_visits(db) -> None:
    second = full_visit(db, member="MBR-OTHER", now=NOW + timedelta(hours=1))
    first = full_visit(db)
    (one,) = export_bundles(db, second)
    assert one["identifier"]["value"].split("/")[1] == second
    everything = export_bundles(db, None)
    # oldest visit first
    assert [b["identifier"]["value"].split("/")[1] for b in everything] == [first, second]
    states = {r[0] for r in db.execute("SELECT state FROM sync_outbox").fetchall()}
    assert states == {"queued"}  # exporting is not uploading


def test_export_of_an_unknown_visit_is_a_typed_error(db) -> None:
    with pytest.raises(VisitNotFoundError):
        export_bundles(db, "nope")

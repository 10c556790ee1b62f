"""``lifelog-kiosk export --fhir VISIT_ID|--all``: the Bundles the station would upload."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from sync.config import MappingConfig
from sync.fhir.mapping import build_bundle
from sync.fhir.source import load_visit
from sync.fhir.validate import validate_bundle


def export_bundles(db: Database, visit_id: str | None, *,
                   config: MappingConfig | None = None) -> list[dict[str, Any]]:
    """Build and validate transaction Bundles for one visit, or for every visit with data.

    Args:
        db: the station database.
        visit_id: one visit, or None for all visits that have measurements (oldest first).
        config: mapping settings; the defaults when None.

    Returns:
        JSON-ready Bundles, one per visit.

    Raises:
        sync.fhir.source.VisitNotFoundError: ``visit_id`` names no visit.
        sync.fhir.validate.InvalidBundleError: a visit cannot be expressed as valid FHIR.
    """
    config = config or MappingConfig()
    if visit_id is None:
        ids = [r[0] for r in db.execute(
            "SELECT id FROM visits WHERE EXISTS (SELECT 1 FROM measurements m"
            " WHERE m.visit_id = visits.id) ORDER BY started_at, id").fetchall()]
    else:
        ids = [visit_id]
    bundles = []
    for one in ids:
        bundle = build_bundle(load_visit(db, one), config)
        validate_bundle(bundle)
        bundles.append(bundle)
    return bundles

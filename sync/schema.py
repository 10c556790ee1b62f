"""Migrations("sync"): the durable outbox and the uploader's persistent state.

An outbox row is written in the same transaction as the measurement it announces
(measurements.store), so nothing measured can be missed by the uploader.  Rows are never
deleted before the platform acknowledged them: a 4xx parks a row as 'rejected' with the
server's reason for staff to see (sync-fhir-security.md §4).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("sync")


@migrations()
def m001_outbox(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE sync_outbox (
            id INTEGER PRIMARY KEY,
            item_key TEXT NOT NULL UNIQUE,     -- business identifier: station/visit/item
            visit_id TEXT NOT NULL,
            kind TEXT NOT NULL,                -- what the row announces (measurement, visit, ...)
            ref_id TEXT NOT NULL,              -- id of the announced row
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'in_flight', 'sent', 'rejected')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,              -- persisted backoff: survives restarts
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT
        );
        CREATE INDEX sync_outbox_ready ON sync_outbox(state, next_attempt_at);
        CREATE INDEX sync_outbox_by_visit ON sync_outbox(visit_id);
        """
    )


@migrations()
def m002_sync_state(db: Database) -> None:
    # Small key/value facts the uploader and down-sync keep across restarts: the platform's
    # clock (from HTTP Date headers, never the station clock), pull checkpoints and ETags.
    db.executescript(
        """
        CREATE TABLE sync_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL           -- server time when known
        );
        """
    )

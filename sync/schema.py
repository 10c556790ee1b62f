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


@migrations()
def m003_outbox_scaling(db: Database) -> None:
    # Claiming and the staff status must cost O(batch), not O(backlog): a station that was
    # offline for a week holds tens of thousands of rows (issue 6, bench/sync.py).
    db.executescript(
        """
        -- the claim walk: pending rows in the order they became ready (created_at for a fresh
        -- row, next_attempt_at for a retry or a lease that ran out), so a range scan up to
        -- "now" touches only ready rows and stops at the first row still waiting
        CREATE INDEX sync_outbox_due ON sync_outbox(coalesce(next_attempt_at, created_at), id)
            WHERE state IN ('queued', 'in_flight');
        -- fresh rows stamped after "now" (the station clock stepped back): still ready
        CREATE INDEX sync_outbox_fresh ON sync_outbox(created_at, id)
            WHERE state = 'queued' AND next_attempt_at IS NULL;
        -- the staff view: newest acknowledgement, latest transient error, parked rows
        CREATE INDEX sync_outbox_sent_at ON sync_outbox(sent_at);
        CREATE INDEX sync_outbox_errors ON sync_outbox(next_attempt_at)
            WHERE last_error IS NOT NULL AND state IN ('queued', 'in_flight');
        CREATE INDEX sync_outbox_rejected ON sync_outbox(created_at, id)
            WHERE state = 'rejected';
        -- rows per state, kept by triggers in the same transaction as every change, so the
        -- counts are exact and cost one lookup instead of a scan of the whole outbox
        CREATE TABLE sync_outbox_counts (
            state TEXT PRIMARY KEY,
            n_rows INTEGER NOT NULL
        );
        INSERT INTO sync_outbox_counts (state, n_rows)
            SELECT s.state, (SELECT count(*) FROM sync_outbox o WHERE o.state = s.state)
            FROM (SELECT 'queued' AS state UNION ALL SELECT 'in_flight'
                  UNION ALL SELECT 'sent' UNION ALL SELECT 'rejected') s;
        CREATE TRIGGER sync_outbox_count_insert AFTER INSERT ON sync_outbox BEGIN
            UPDATE sync_outbox_counts SET n_rows = n_rows + 1 WHERE state = new.state;
        END;
        CREATE TRIGGER sync_outbox_count_update AFTER UPDATE OF state ON sync_outbox
            WHEN old.state IS NOT new.state BEGIN
            UPDATE sync_outbox_counts SET n_rows = n_rows - 1 WHERE state = old.state;
            UPDATE sync_outbox_counts SET n_rows = n_rows + 1 WHERE state = new.state;
        END;
        CREATE TRIGGER sync_outbox_count_delete AFTER DELETE ON sync_outbox BEGIN
            UPDATE sync_outbox_counts SET n_rows = n_rows - 1 WHERE state = old.state;
        END;
        """
    )

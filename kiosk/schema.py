"""Migrations("kiosk"): what only the station UI needs -- staff accounts for sign-in."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("kiosk")


@migrations()
def m001_staff_accounts(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE staff_accounts (
            id TEXT PRIMARY KEY,                  -- staff number printed on the staff card
            role TEXT NOT NULL CHECK (role IN ('staff', 'technician', 'admin')),
            pin_hash TEXT NOT NULL,               -- scrypt$salt$hash; never the PIN itself
            card_hash TEXT UNIQUE,                -- HMAC of the staff card token, if issued
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
        """
    )

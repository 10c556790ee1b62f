"""Opening the station database: durability pragmas, both migration sets, optional SQLCipher.

Durability choices (sqlite.org/pragma.html, sqlite.org/wal.html): WAL so readers never block
the writer; ``synchronous=FULL`` so a commit survives power loss, not only a process crash,
which matters on a kiosk that is switched off at the wall; foreign keys on, which SQLite
leaves off by default.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from measurements.schema import migrations as measurement_migrations
from sync.schema import migrations as sync_migrations

BUSY_TIMEOUT_MS = 5000  # the uploader and the GUI write concurrently; wait rather than fail


def _connect(path: Path, key: str | None) -> Any:
    if key is None:
        return sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
    # SQLCipher encrypts the whole file, WAL and temp files included (sync-fhir-security.md §5.3)
    import sqlcipher3  # noqa: PLC0415 - optional at run time, only with an encryption key

    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    return conn


def open_database(path: Path | None, *, key: str | None = None) -> Database:
    """Open (creating if needed) the station database and apply pending migrations.

    Args:
        path: the database file, or None for an in-memory database (tests).
        key: a 64-hex-digit SQLCipher raw key, or None for a plain SQLite file.

    Raises:
        sqlite3.DatabaseError: the file is not a database, or the key is wrong.
    """
    if path is None:
        db = Database(memory=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(_connect(path, key))
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if path is not None:
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    measurement_migrations.apply(db)
    sync_migrations.apply(db)
    return db


def integrity_ok(db: Database) -> bool:
    """True when SQLite's own integrity check finds nothing wrong."""
    rows = db.execute("PRAGMA integrity_check").fetchall()
    return [tuple(r) for r in rows] == [("ok",)]

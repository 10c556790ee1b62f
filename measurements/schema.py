"""Migrations("measurements"): visitors, visits, devices, calibrations, measurements, audit.

Personal data rules (PIPA Art. 23/24-2, shared/reference/sync-fhir-security.md §5):
visitors are stored by a pseudonymous member id only -- never a name, a resident
registration number or a phone number in clear.  Sex and birth year are kept because the
norm tables (AWGS 2019, Rikli & Jones) are sex- and age-specific.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("measurements")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE visitors (
            id INTEGER PRIMARY KEY,
            member_pseudonym TEXT UNIQUE,          -- platform-issued token; NULL for guests
            kind TEXT NOT NULL CHECK (kind IN ('member', 'guest')),
            sex TEXT CHECK (sex IN ('male', 'female')),
            birth_year INTEGER CHECK (birth_year BETWEEN 1900 AND 2100),
            created_at TEXT NOT NULL
        );
        CREATE TABLE visits (
            id TEXT PRIMARY KEY,                   -- uuid4; part of every business identifier
            visitor_id INTEGER NOT NULL REFERENCES visitors(id),
            station_id TEXT NOT NULL,
            mode TEXT NOT NULL DEFAULT 'self' CHECK (mode IN ('self', 'staff')),
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'completed', 'abandoned')),
            consent_version TEXT NOT NULL,
            consent_service INTEGER NOT NULL CHECK (consent_service IN (0, 1)),
            consent_sensitive INTEGER NOT NULL CHECK (consent_sensitive IN (0, 1)),
            consent_secondary_use INTEGER NOT NULL CHECK (consent_secondary_use IN (0, 1))
        );
        CREATE INDEX visits_by_visitor ON visits(visitor_id, started_at);
        CREATE TABLE devices (
            id TEXT PRIMARY KEY,                   -- station-local key: model + serial/address
            kind TEXT NOT NULL,
            model TEXT NOT NULL,
            manufacturer TEXT NOT NULL,
            serial_number TEXT,
            firmware TEXT,
            address TEXT NOT NULL,
            link TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL
        );
        CREATE TABLE calibrations (
            id TEXT PRIMARY KEY,
            device_id TEXT NOT NULL REFERENCES devices(id),
            performed_at TEXT NOT NULL,
            technician_id TEXT NOT NULL,
            reference_serials TEXT NOT NULL DEFAULT '[]',   -- JSON list
            points TEXT NOT NULL DEFAULT '[]',              -- JSON list of {reference, measured, unit}
            result TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
            due_at TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX calibrations_by_device ON calibrations(device_id, performed_at);
        CREATE TABLE measurements (
            id TEXT PRIMARY KEY,                   -- uuid4
            visit_id TEXT NOT NULL REFERENCES visits(id),
            kind TEXT NOT NULL,                    -- blood_pressure, body_composition, grip, ...
            role TEXT NOT NULL CHECK (role IN ('reading', 'result')),
            sequence INTEGER NOT NULL DEFAULT 0,   -- reading number within the workflow
            status TEXT NOT NULL CHECK (status IN ('valid', 'implausible', 'invalid')),
            device_id TEXT REFERENCES devices(id),
            device_model TEXT,
            device_firmware TEXT,
            device_serial TEXT,
            calibration_id TEXT REFERENCES calibrations(id),
            device_time TEXT,                      -- device clock, as the device reported it
            station_time TEXT NOT NULL,            -- station clock (UTC ISO-8601)
            raw_frames BLOB,                       -- see measurements.store.pack_frames
            quality_flags TEXT NOT NULL DEFAULT '[]',  -- JSON list of flag names
            method TEXT NOT NULL DEFAULT '{}',     -- JSON: arm, posture, hand, trial, ...
            interpretation TEXT NOT NULL DEFAULT '{}', -- JSON: category, table + version
            provenance TEXT NOT NULL DEFAULT '{}'  -- JSON: auto/confirmed/edited, who, when
        );
        CREATE INDEX measurements_by_visit ON measurements(visit_id, kind);
        CREATE TABLE measurement_values (
            measurement_id TEXT NOT NULL REFERENCES measurements(id),
            name TEXT NOT NULL,                    -- systolic, diastolic, pulse, mass, ...
            value REAL NOT NULL,
            unit TEXT NOT NULL,                    -- UCUM: mm[Hg], /min, kg, %, kg/m2
            PRIMARY KEY (measurement_id, name)
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor_role TEXT NOT NULL,              -- visitor, staff, technician, admin, system
            actor_id TEXT,                         -- staff/technician id; never a visitor identifier
            action TEXT NOT NULL,
            subject TEXT,
            detail TEXT NOT NULL DEFAULT '{}'
        );
        -- PIPC safety standard: access logs are append-only
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        """
    )

"""Child process for test_crash_safety: saves measurements forever, printing each committed id.

Run as ``python crash_writer.py DB_PATH``.  The parent SIGKILLs it at random moments.
An id is printed (and flushed) only after save_measurement() returned, i.e. after COMMIT.
"""

import sys
from datetime import UTC, datetime
from pathlib import Path

from drivers.readings import DeviceIdentity, LinkKind, RawFrame
from measurements import store
from measurements.database import open_database


def main() -> None:
    db = open_database(Path(sys.argv[1]))
    now = datetime.now(UTC)
    visitor = store.create_guest(db, now=now)
    visit = store.open_visit(db, visitor_id=visitor, station_id="CRASH-01", now=now,
                             consent=store.Consent(True, True, False))
    device = DeviceIdentity("UA-651BLE", "A&D", "sim://x", LinkKind.SIMULATED, "SN1", "fw1")
    frame = RawFrame("2a35", bytes(range(19)) * 20, now)  # a sizeable blob: longer writes
    sequence = 0
    while True:
        sequence += 1
        record = store.MeasurementRecord(
            kind="blood_pressure", role="reading", sequence=sequence,
            values=(store.Value("systolic", 120.0, "mm[Hg]"),
                    store.Value("diastolic", 80.0, "mm[Hg]")),
            station_time=datetime.now(UTC), device=device, frames=(frame,) * 5,
        )
        measurement_id = store.save_measurement(db, station_id="CRASH-01", visit_id=visit,
                                                record=record, now=datetime.now(UTC))
        print(measurement_id, flush=True)


if __name__ == "__main__":
    main()

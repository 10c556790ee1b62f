"""SIGKILL in the middle of saving, many times: never corrupt, never lose a commit.

A child process saves measurements in a loop and prints each id after its COMMIT returned.
The parent kills it with SIGKILL at random moments (so most kills land inside a
transaction, since saving is nearly all the child does), then checks with a fresh connection:
the file passes PRAGMA integrity_check, every printed id is present with its values and its
outbox row, and no measurement exists without its outbox row (or the other way round).
"""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from measurements.database import integrity_ok, open_database

ROOT = Path(__file__).resolve().parents[2]
KILLS = 25


def _run_and_kill(db_path: Path, rng: random.Random) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_writer.py")), str(db_path)],
        stdout=subprocess.PIPE, text=True, env=env,
    )
    assert child.stdout is not None
    committed: list[str] = []
    # wait for the first commit so the kill lands while the loop is writing
    committed.append(child.stdout.readline().strip())
    time.sleep(rng.uniform(0.0, 0.25))
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate(timeout=10)
    # a line is complete only if it ended with a newline: a partial id was never confirmed
    committed.extend(line for line in rest.split("\n")[:-1] if line)
    assert child.returncode == -signal.SIGKILL
    return committed


@pytest.mark.slow
def test_sigkill_mid_save_never_corrupts_or_loses(tmp_path: Path) -> None:
    db_path = tmp_path / "station.db"
    rng = random.Random(20261122)
    confirmed: list[str] = []
    for _ in range(KILLS):
        confirmed += _run_and_kill(db_path, rng)
        db = open_database(db_path)
        try:
            assert integrity_ok(db)
            present = {row[0] for row in db.execute("SELECT id FROM measurements")}
            missing = [m for m in confirmed if m not in present]
            assert not missing, f"committed measurements lost: {missing[:3]}"
            orphans = db.execute(
                "SELECT count(*) FROM measurements m LEFT JOIN sync_outbox o"
                " ON o.ref_id = m.id AND o.kind = 'measurement' WHERE o.id IS NULL"
            ).fetchone()[0]
            assert orphans == 0, "a measurement without its outbox row"
            dangling = db.execute(
                "SELECT count(*) FROM sync_outbox o LEFT JOIN measurements m ON m.id = o.ref_id"
                " WHERE o.kind = 'measurement' AND m.id IS NULL"
            ).fetchone()[0]
            assert dangling == 0, "an outbox row pointing at nothing"
            no_values = db.execute(
                "SELECT count(*) FROM measurements m WHERE NOT EXISTS"
                " (SELECT 1 FROM measurement_values v WHERE v.measurement_id = m.id)"
            ).fetchone()[0]
            assert no_values == 0, "a measurement committed without its values"
        finally:
            db.close()
    assert len(confirmed) > KILLS  # the children really were writing when killed

"""Upload throughput of a visit backlog to a real FHIR server, and what it costs the station.

Builds a backlog of N closed visits (default 10,000; each BP reading + result, body
composition, grip; the entries of one transaction Bundle are counted and reported), starts
sekmet-fhir on loopback, and drains the backlog with the real uploader in a child process
(the "station").  Prints one JSON object: visits/s, the station's peak RSS, its CPU time
against wall time (the client's share; the rest is the server and the wire) and the server
process's CPU time.

The production token bucket (sync.policy.UploadLimits.rate_per_s = 2/s) is lifted here to
measure capacity; at the policy rate a backlog of N visits takes N / 2 s by design.

    .venv/bin/python bench/sync.py [--visits 10000] [--concurrency 2] [--strategy put]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from measurements.database import open_database
from sync.client import make_client
from sync.config import MappingConfig, SyncConfig
from sync.export import export_bundles
from sync.policy import UploadLimits
from sync.status import sync_status
from sync.uploader import Uploader
from tests.support.sekmet_server import run_sekmet
from tests.sync.visits import BP_CUFF, NOW, add_calibration, full_visit

ROOT = Path(__file__).resolve().parents[1]


def build_backlog(path: Path, visits: int) -> None:
    db = open_database(path)
    db.execute("PRAGMA synchronous = OFF")  # building the fixture only
    add_calibration(db, BP_CUFF, "blood_pressure")
    rng = random.Random(1)
    for i in range(visits):
        full_visit(db, member=f"MBR-{i % 500:05X}", now=NOW + timedelta(seconds=i), rng=rng,
                   pose=False)
    db.close()


def bundle_size(path: Path, strategy: str) -> tuple[int, int]:
    """Entries and compact JSON bytes of the backlog's first transaction Bundle."""
    db = open_database(path)
    first = db.execute("SELECT id FROM visits ORDER BY started_at, id LIMIT 1").fetchone()[0]
    (bundle,) = export_bundles(db, first, config=MappingConfig(idempotency=strategy))  # type: ignore[arg-type]
    db.close()
    return len(bundle["entry"]), len(json.dumps(bundle, ensure_ascii=False,
                                                separators=(",", ":")).encode())


async def _drain(db_path: Path, base_url: str, concurrency: int, strategy: str) -> None:
    db = open_database(db_path)
    config = SyncConfig(base_url=base_url, station_id="ST-0001",
                        mapping=MappingConfig(idempotency=strategy),  # type: ignore[arg-type]
                        limits=UploadLimits(concurrency=concurrency, rate_per_s=1e6,
                                            burst=1000))
    async with make_client(config) as client:
        uploader = Uploader(db, client, config)
        stop = asyncio.Event()
        task = asyncio.create_task(uploader.run(stop, idle_s=0.05))
        while True:
            # the trigger-kept counts (sync.schema m003): polling must not cost O(backlog)
            if not sync_status(db, max_items=0).queued:
                break
            await asyncio.sleep(0.25)
        stop.set()
        await task


def worker(args: argparse.Namespace) -> None:
    """The station process: drain, then report its own CPU and peak memory."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF)
    asyncio.run(_drain(Path(args.db), args.base_url, args.concurrency, args.strategy))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "wall_s": time.perf_counter() - start,
        "cpu_s": (usage.ru_utime + usage.ru_stime) - (before.ru_utime + before.ru_stime),
        "peak_rss_mib": usage.ru_maxrss / 1024,  # Linux reports KiB
    }))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--strategy", default="conditional-create")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "station.db"
        t0 = time.perf_counter()
        build_backlog(db_path, args.visits)
        build_s = time.perf_counter() - t0
        entries, bundle_bytes = bundle_size(db_path, args.strategy)
        with run_sekmet(Path(tmp) / "sekmet") as server:
            server_proc = psutil.Process(server.pid)
            server_cpu_before = sum(server_proc.cpu_times()[:2])
            out = subprocess.run(
                [sys.executable, __file__, "--worker", "--db", str(db_path), "--base-url",
                 server.base_url, "--concurrency", str(args.concurrency), "--strategy",
                 args.strategy], check=True, capture_output=True, text=True, cwd=ROOT)
            server_cpu = sum(server_proc.cpu_times()[:2]) - server_cpu_before
            station = json.loads(out.stdout.strip().splitlines()[-1])
            encounters = server.count("Encounter")
        db = open_database(db_path)
        sent, rejected = db.execute(
            "SELECT sum(state = 'sent'), sum(state = 'rejected') FROM sync_outbox").fetchone()
    wall = station["wall_s"]
    print(json.dumps({
        "benchmark": "sync upload backlog (sekmet-fhir 0.1.1 on loopback)",
        "visits": args.visits, "strategy": args.strategy, "concurrency": args.concurrency,
        "entries_per_bundle": entries, "bytes_per_bundle": bundle_bytes,
        "visits_per_s": round(args.visits / wall, 1),
        "wall_s": round(wall, 1),
        "station_cpu_s": round(station["cpu_s"], 1),
        "station_cpu_share_of_wall": round(station["cpu_s"] / wall, 3),
        "server_cpu_s": round(server_cpu, 1),
        "server_cpu_share_of_wall": round(server_cpu / wall, 3),
        "station_peak_rss_mib": round(station["peak_rss_mib"], 1),
        "station_cpu_ms_per_visit": round(1000 * station["cpu_s"] / args.visits, 2),
        "server_encounters": encounters, "rows_sent": sent, "rows_rejected": rejected,
        "drain_at_policy_rate_s": args.visits / 2.0,
        "backlog_build_s": round(build_s, 1),
        "cpus": os.cpu_count(), "python": platform.python_version(),
    }, indent=2))


if __name__ == "__main__":
    main()
